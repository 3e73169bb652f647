package org.lineshub.hub.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bad input of the kinds that reach a public server, drawn from one seeded {@link Random}, so a failing run can be
 * repeated from its seed. Two families: <b>malformed</b> bodies, which no reader can take for a valid request (random
 * bytes, a valid body cut short, bytes that are not UTF-8, nesting deeper than any parser allows, JSON that is not an
 * object, bodies over the limit), and <b>odd</b> ones: a valid body with values swapped for nulls, empty containers,
 * numbers out of every range, control characters, long texts, unknown fields, or fields removed, which a reader must
 * refuse or take without breaking.
 */
final class BadInputs {

    /** What a malformed body is made of. */
    enum Malformed { RANDOM_BYTES, TRUNCATED, NOT_UTF8, DEEP_ARRAYS, DEEP_OBJECTS, NOT_AN_OBJECT, OVERSIZED }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Byte sequences no UTF-8 decoder accepts: a bare continuation byte, bytes never used, a broken sequence. */
    private static final byte[][] NOT_UTF8 = {
        {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xFE}, {(byte) 0xFF}, {(byte) 0xC3, 0x28},
        {(byte) 0xE2, 0x28, (byte) 0xA1}, {(byte) 0xF0, 0x28, (byte) 0x8C, 0x28}, {(byte) 0xE2, (byte) 0x82}};
    /**
     * Sequences lenient decoders turn into something: an overlong slash, a UTF-16 surrogate, a code point past
     * U+10FFFF. Whether a reader refuses them or not, it must not break on them.
     */
    private static final byte[][] DOUBTFUL_UTF8 = {
        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80,
            (byte) 0x80}};
    private static final String[] ODD_TEXTS = {
        "", " ", "\u0000", "\u0000\u0001\u001f", "\t\r\n", "null", "NaN", "-Infinity", "true", "0", "-1",
        "99999999999999999999999999", "1e400", "\u202eRTL\u202c", "👩‍👩‍👧‍👦🏳️‍🌈", "\uFEFF", "\uFFFD", "Ω≈ç√∫˜µ≤",
        "<script>alert(1)</script>", "'; DROP TABLE message; --", "${jndi:ldap://127.0.0.1/x}", "%s%n%x",
        "../../../../etc/passwd", "\\u0000", "x".repeat(1000), "2026-13-45T25:61:61Z", "+999999999-12-31T23:59:59Z",
        "-999999999-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31", "0000-00-00"};
    private static final String[] CONTENT_TYPES = {
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
        "application/json; charset=ISO-8859-1", "application/json; charset=UTF-16", "image/png", "*/*",
        "application/json;;;", "garbage", ""};

    private final Random random;

    BadInputs(Random random) {
        this.random = random;
    }

    /** @return a random element */
    <T> T pick(T[] items) {
        return items[random.nextInt(items.length)];
    }

    /** @return a random element */
    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** @return a random int in [0, bound) */
    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** @return a content type a platform never sends */
    String oddContentType() {
        return pick(CONTENT_TYPES);
    }

    /**
     * @param kind  what to make
     * @param valid a valid body to start from
     * @param limit the largest body the receiver takes
     * @return a body that cannot be read as a valid request
     */
    byte[] malformed(Malformed kind, byte[] valid, int limit) {
        return switch (kind) {
            case RANDOM_BYTES -> {
                byte[] bytes = new byte[random.nextInt(4096)];
                random.nextBytes(bytes);
                // a random body that happens to start like JSON still must not be one
                if (bytes.length > 0 && (bytes[0] == '{' || bytes[0] == '[')) {
                    bytes[0] = 0x01;
                }
                yield bytes;
            }
            case TRUNCATED -> java.util.Arrays.copyOf(valid, random.nextInt(Math.max(1, valid.length - 1)));
            case NOT_UTF8 -> insert(valid, pick(NOT_UTF8));
            case DEEP_ARRAYS -> "[".repeat(100_000 + random.nextInt(1000)).getBytes(StandardCharsets.US_ASCII);
            case DEEP_OBJECTS -> deepObjects(2_000 + random.nextInt(20_000));
            case NOT_AN_OBJECT -> pick(new String[] {"", " ", "null", "[]", "[{}]", "\"text\"", "0", "-1", "1e99999",
                "true", "{", "}", "{\"a\":}", "{\"a\" 1}", "{'a':1}", "{\"a\":1,}", "\u0000{}"})
                    .getBytes(StandardCharsets.UTF_8);
            case OVERSIZED -> oversized(valid, limit);
        };
    }

    /**
     * @param valid a valid body (a JSON object)
     * @return the body with one to three values changed, added or removed
     */
    ObjectNode odd(ObjectNode valid) {
        ObjectNode copy = valid.deepCopy();
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            List<Slot> slots = new ArrayList<>();
            collect(copy, slots, 0);
            if (slots.isEmpty()) {
                break;
            }
            Slot slot = pick(slots);
            switch (random.nextInt(10)) {
                case 0 -> slot.remove();
                case 1 -> {
                    if (slot.parent() instanceof ObjectNode o) {
                        o.set("unknown_" + random.nextInt(100), oddValue());
                    } else {
                        slot.set(oddValue());
                    }
                }
                default -> slot.set(oddValue());
            }
        }
        return copy;
    }

    /**
     * @param valid a valid body
     * @return the body with a sequence lenient UTF-8 decoders accept somewhere inside a string
     */
    byte[] doubtfulUtf8(byte[] valid) {
        return insert(valid, pick(DOUBTFUL_UTF8));
    }

    /** @return a value a field of that name would not expect */
    JsonNode oddValue() {
        return switch (random.nextInt(16)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.objectNode();
            case 2 -> NODES.arrayNode();
            case 3 -> NODES.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(60))));
            case 4 -> NODES.numberNode(Long.MAX_VALUE);
            case 5 -> NODES.numberNode(Long.MIN_VALUE);
            case 6 -> NODES.numberNode(random.nextBoolean() ? -1 : 0);
            case 7 -> NODES.numberNode(new java.math.BigDecimal("1e" + (300 + random.nextInt(2000))));
            case 8 -> NODES.numberNode(random.nextDouble() * 1e6 - 5e5);
            case 9 -> NODES.booleanNode(random.nextBoolean());
            case 10 -> NODES.textNode("x".repeat(random.nextInt(200_000)));
            case 11 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(random.nextBoolean() ? NODES.nullNode() : NODES.textNode(pick(ODD_TEXTS)));
                }
                yield array;
            }
            case 12 -> {
                JsonNode nested = NODES.textNode("bottom");
                for (int i = 50 + random.nextInt(900); i > 0; i--) {
                    nested = random.nextBoolean() ? NODES.arrayNode().add(nested) : NODES.objectNode().set("a", nested);
                }
                yield nested;
            }
            default -> NODES.textNode(pick(ODD_TEXTS));
        };
    }

    /** @return a value of a query parameter or a path segment no client should send, URL-encoded */
    String oddParameter() {
        String raw = switch (random.nextInt(4)) {
            case 0 -> pick(ODD_TEXTS);
            case 1 -> Long.toString(random.nextLong());
            case 2 -> "9".repeat(1 + random.nextInt(40));
            default -> pick(new String[] {"-1", "0", "1.5", "1e3", "0x10", "abc", "١٢٣", "1 ", " 1", "+1", "1,2",
                "true", "null", "undefined", "[]", "{}", "*", "%", "Z", "2026-02-30", "-2026-01-01", "P1D"});
        };
        return java.net.URLEncoder.encode(raw.length() > 2000 ? raw.substring(0, 2000) : raw,
                StandardCharsets.UTF_8);
    }

    /** @return the bytes, serialised */
    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the tree of a JSON text */
    static ObjectNode tree(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a JSON object of the entries */
    static ObjectNode object(Map<String, ?> entries) {
        return JSON.valueToTree(entries);
    }

    private byte[] oversized(byte[] valid, int limit) {
        // a valid body with a text that takes it past the limit by up to 64 KiB
        ObjectNode tree;
        try {
            tree = (ObjectNode) JSON.readTree(valid);
        } catch (java.io.IOException | ClassCastException e) {
            throw new IllegalStateException("not a JSON object: " + e.getMessage(), e);
        }
        tree.put("padding", "p".repeat(limit + 1 + random.nextInt(64 * 1024)));
        return bytes(tree);
    }

    private byte[] deepObjects(int depth) {
        StringBuilder s = new StringBuilder(depth * 7);
        s.append("{\"a\":".repeat(depth)).append("1").append("}".repeat(depth));
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the body with the bytes inserted right after the opening quote of a random string in it */
    private byte[] insert(byte[] body, byte[] bytes) {
        List<Integer> quotes = new ArrayList<>();
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '"' && (i == 0 || body[i - 1] == ':' || body[i - 1] == ' ' || body[i - 1] == '[')) {
                quotes.add(i);
            }
        }
        int at = quotes.isEmpty() ? random.nextInt(body.length + 1) : pick(quotes) + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + bytes.length);
        out.write(body, 0, at);
        out.write(bytes, 0, bytes.length);
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }

    /** A place in a tree that holds a value: a field of an object, or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {

        void set(JsonNode value) {
            if (parent instanceof ObjectNode o) {
                o.set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    /** Collects the places down to a depth no valid body reaches, so that nesting added before is not entered. */
    private static void collect(JsonNode node, List<Slot> slots, int depth) {
        if (depth > 12) {
            return;
        }
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                slots.add(new Slot(o, e.getKey(), -1));
                collect(e.getValue(), slots, depth + 1);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Slot(a, null, i));
                collect(a.get(i), slots, depth + 1);
            }
        }
    }
}
