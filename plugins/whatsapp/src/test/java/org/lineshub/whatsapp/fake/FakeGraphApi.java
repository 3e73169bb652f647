package org.lineshub.whatsapp.fake;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake of the parts of Meta's Graph API a WhatsApp business phone number uses, for tests: a real HTTP server on
 * 127.0.0.1 answering the way the Cloud API reference documents it.
 *
 * <ul>
 *   <li>{@code POST /<version>/<phone-number-id>/messages}: checks the bearer token of the number, that
 *   {@code messaging_product} is {@code whatsapp}, a {@code to} or {@code recipient}, a known {@code type} and its
 *   object (a text body of 1 to 4096 characters, media by {@code id} of an upload or by {@code link}, captions of at
 *   most 1024 characters, a template's name and language code); answers
 *   {@code {"messaging_product":"whatsapp","contacts":[{"input","wa_id"}],"messages":[{"id":"wamid..."}]}}.</li>
 *   <li>{@code POST /<version>/<phone-number-id>/media}: a multipart upload with {@code messaging_product},
 *   {@code type} and {@code file}; answers {@code {"id":"<media id>"}}.</li>
 *   <li>{@code GET /<version>/<media-id>}: {@code url}, {@code mime_type}, {@code sha256}, {@code file_size},
 *   {@code id}; the URL, {@code /whatsapp_business/attachments/?mid=<id>}, is downloaded with a bearer token.</li>
 * </ul>
 *
 * Failures are Graph error objects: {@code {"error":{"message","type","code","error_data":{"messaging_product",
 * "details"},"fbtrace_id"}}}; {@link #failNextSend} injects one. Thread-safe; {@link #close()} stops the server.
 */
public final class FakeGraphApi implements AutoCloseable {

    private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+");
    private static final Set<String> MEDIA = Set.of("image", "video", "audio", "document", "sticker");

    private final HttpServer server;
    private final ExecutorService threads;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, Media> media = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<Media> uploads = new CopyOnWriteArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong(1_000_000_000_000L);
    private final AtomicInteger downloads = new AtomicInteger();

    /**
     * A message the fake accepted.
     *
     * @param phoneNumberId the business number it was sent from
     * @param body          the request body as received
     * @param messageId     the {@code wamid} the fake answered
     */
    public record Sent(String phoneNumberId, JsonNode body, String messageId) {

        /** @return {@code to}, or {@code recipient} for a business-scoped user id */
        public String to() {
            return body.path("to").asText(body.path("recipient").asText(null));
        }

        /** @return the message type */
        public String type() {
            return body.path("type").asText();
        }
    }

    /**
     * A media object: uploaded by the business, or one a client sent ({@link #media(String, String, byte[])}).
     *
     * @param id       the media id
     * @param mimeType its type
     * @param fileName the upload's file name, or {@code null}
     * @param content  the bytes
     */
    public record Media(String id, String mimeType, String fileName, byte[] content) {
    }

    /** A failure to answer once {@code skip} more calls went through. */
    private static final class Failure {
        final int httpStatus;
        final int code;
        final String message;
        final String details;
        final Integer retryAfter;
        int skip;

        Failure(int httpStatus, int code, String message, String details, Integer retryAfter, int skip) {
            this.httpStatus = httpStatus;
            this.code = code;
            this.message = message;
            this.details = details;
            this.retryAfter = retryAfter;
            this.skip = skip;
        }
    }

    private FakeGraphApi() throws IOException {
        AtomicInteger count = new AtomicInteger();
        threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-graph-api-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return a running fake on a free port of 127.0.0.1 */
    public static FakeGraphApi start() {
        try {
            return new FakeGraphApi();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Graph API", e);
        }
    }

    /** @return the base URL for the plugin's {@code apiBaseUrl} setting, e.g. {@code http://127.0.0.1:40123} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Creates a business phone number; requests for it must carry this token.
     *
     * @param phoneNumberId the number's id
     * @param accessToken   its access token
     * @return this fake
     */
    public FakeGraphApi phoneNumber(String phoneNumberId, String accessToken) {
        tokens.put(phoneNumberId, accessToken);
        return this;
    }

    /**
     * Adds the media of a message a client sent, so that its media id can be retrieved and downloaded.
     *
     * @param mediaId  the id the webhook names
     * @param mimeType its type
     * @param content  the bytes
     */
    public void media(String mediaId, String mimeType, byte[] content) {
        media.put(mediaId, new Media(mediaId, mimeType, null, content.clone()));
    }

    /**
     * Makes the next {@code messages} call fail with a Graph error.
     *
     * @param httpStatus the HTTP status, e.g. 400
     * @param code       the error code, e.g. 131047
     * @param message    the error message, e.g. {@code (#131047) Re-engagement message}
     * @param details    {@code error_data.details}
     */
    public synchronized void failNextSend(int httpStatus, int code, String message, String details) {
        failSendAfter(0, httpStatus, code, message, details);
    }

    /**
     * Lets {@code successes} more {@code messages} calls through, then fails one with a Graph error.
     *
     * @param successes  calls to accept first
     * @param httpStatus the HTTP status
     * @param code       the error code
     * @param message    the error message
     * @param details    {@code error_data.details}, or {@code null}
     */
    public synchronized void failSendAfter(int successes, int httpStatus, int code, String message,
                                           String details) {
        failures.add(new Failure(httpStatus, code, message, details, null, successes));
    }

    /** Makes the next {@code messages} call fail with a bare HTTP status and no Graph error, with Retry-After. */
    public synchronized void failNextSendWithStatus(int httpStatus, int retryAfterSeconds) {
        failures.add(new Failure(httpStatus, -1, null, null, retryAfterSeconds, 0));
    }

    /** @return the messages accepted so far, in order */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** @return the files uploaded so far, in order */
    public List<Media> uploads() {
        return List.copyOf(uploads);
    }

    /** @return how many media downloads were served */
    public int downloads() {
        return downloads.get();
    }

    /**
     * Waits until at least {@code count} messages were accepted.
     *
     * @return the messages accepted so far
     */
    public List<Sent> awaitSent(int count, Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (sent.size() < count) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("expected " + count + " sent WhatsApp messages, got " + sent.size());
            }
            Thread.sleep(20);
        }
        return sent();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/whatsapp_business/attachments/")) {
                download(exchange);
                return;
            }
            String[] parts = path.substring(1).split("/");
            if (parts.length < 2 || !VERSION.matcher(parts[0]).matches()) {
                error(exchange, 400, 2500, "Unknown path components: " + path, null, null);
                return;
            }
            if (method.equals("POST") && parts.length == 3 && parts[2].equals("messages")) {
                messages(exchange, parts[1], body);
            } else if (method.equals("POST") && parts.length == 3 && parts[2].equals("media")) {
                upload(exchange, parts[1], body);
            } else if (method.equals("GET") && parts.length == 2) {
                retrieveMedia(exchange, parts[1]);
            } else {
                error(exchange, 400, 100, "Unsupported " + method.toLowerCase() + " request.", null, null);
            }
        }
    }

    /** The token check Meta does first: 401 with OAuthException 190 for a wrong or missing token. */
    private boolean authorized(HttpExchange exchange, String phoneNumberId) throws IOException {
        String token = phoneNumberId == null ? null : tokens.get(phoneNumberId);
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        boolean ok = given != null && (token != null ? given.equals("Bearer " + token)
                : tokens.values().stream().anyMatch(t -> given.equals("Bearer " + t)));
        if (!ok) {
            error(exchange, 401, 190, "Invalid OAuth access token - Cannot parse access token", null, null);
        }
        return ok;
    }

    private void messages(HttpExchange exchange, String phoneNumberId, byte[] raw) throws IOException {
        if (!tokens.containsKey(phoneNumberId)) {
            error(exchange, 400, 100, "Unsupported post request. Object with ID '" + phoneNumberId
                    + "' does not exist, cannot be loaded due to missing permissions, or does not support this "
                    + "operation.", null, null);
            return;
        }
        if (!authorized(exchange, phoneNumberId)) {
            return;
        }
        Failure failure;
        synchronized (this) {
            failure = failures.peek();
            if (failure != null && failure.skip > 0) {
                failure.skip--;
                failure = null;
            } else {
                failures.poll();
            }
        }
        if (failure != null) {
            if (failure.code < 0) {
                exchange.getResponseHeaders().add("Retry-After", String.valueOf(failure.retryAfter));
                exchange.sendResponseHeaders(failure.httpStatus, -1);
            } else {
                error(exchange, failure.httpStatus, failure.code, failure.message, failure.details, null);
            }
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(raw);
        } catch (IOException e) {
            error(exchange, 400, 100, "(#100) The request body is not valid JSON", null, null);
            return;
        }
        String problem = invalid(body);
        if (problem != null) {
            error(exchange, 400, problem.startsWith("(#131008)") ? 131008 : 100, problem, null, null);
            return;
        }
        String id = "wamid." + Base64.getEncoder().encodeToString(("HBgL" + ids.incrementAndGet())
                .getBytes(StandardCharsets.US_ASCII));
        sent.add(new Sent(phoneNumberId, body, id));
        ObjectNode answer = json.createObjectNode().put("messaging_product", "whatsapp");
        String to = body.path("to").asText(null);
        ObjectNode contact = answer.putArray("contacts").addObject();
        if (to != null) {
            contact.put("input", to).put("wa_id", to.replace("+", ""));
        } else {
            contact.put("input", body.path("recipient").asText()).put("user_id", body.path("recipient").asText());
        }
        answer.putArray("messages").addObject().put("id", id);
        reply(exchange, 200, answer);
    }

    /** @return what Meta would refuse in a send request, or {@code null} */
    private String invalid(JsonNode body) {
        if (!"whatsapp".equals(body.path("messaging_product").asText())) {
            return "(#100) The parameter messaging_product is required.";
        }
        if (!body.path("to").isTextual() && !body.path("recipient").isTextual()) {
            return "(#131008) Required parameter is missing: to";
        }
        String type = body.path("type").asText("text");
        JsonNode object = body.path(type);
        if (!object.isObject()) {
            return "(#131008) Required parameter is missing: " + type;
        }
        if (type.equals("text")) {
            String text = object.path("body").asText("");
            return text.isEmpty() || text.length() > 4096 ? "(#100) Param text['body'] must be 1 to 4096 characters"
                    : null;
        }
        if (MEDIA.contains(type)) {
            if (object.path("id").isTextual() == object.path("link").isTextual()) {
                return "(#100) Param " + type + " must have either id or link";
            }
            if (object.path("id").isTextual() && !media.containsKey(object.path("id").asText())) {
                return "(#100) Invalid parameter: unknown media id";
            }
            return object.path("caption").asText("").length() > 1024
                    ? "(#100) Param " + type + "['caption'] must be at most 1024 characters" : null;
        }
        if (type.equals("template")) {
            return object.path("name").isTextual() && object.path("language").path("code").isTextual() ? null
                    : "(#131008) Required parameter is missing: template name or language.code";
        }
        return Set.of("location", "contacts", "interactive", "reaction").contains(type) ? null
                : "(#100) Param type must be one of {text, image, video, audio, document, sticker, template, ...}";
    }

    private void upload(HttpExchange exchange, String phoneNumberId, byte[] raw) throws IOException {
        if (!authorized(exchange, phoneNumberId)) {
            return;
        }
        Map<String, Part> form = multipart(exchange.getRequestHeaders().getFirst("Content-Type"), raw);
        Part file = form.get("file");
        if (!"whatsapp".equals(text(form.get("messaging_product"))) || form.get("type") == null || file == null) {
            error(exchange, 400, 100, "(#100) The parameters messaging_product, type and file are required",
                    null, null);
            return;
        }
        String id = String.valueOf(ids.incrementAndGet());
        Media uploaded = new Media(id, text(form.get("type")), file.fileName(), file.content());
        media.put(id, uploaded);
        uploads.add(uploaded);
        reply(exchange, 200, json.createObjectNode().put("id", id));
    }

    private void retrieveMedia(HttpExchange exchange, String mediaId) throws IOException {
        if (!authorized(exchange, null)) {
            return;
        }
        Media found = media.get(mediaId);
        if (found == null) {
            error(exchange, 400, 100, "Unsupported get request. Object with ID '" + mediaId + "' does not exist",
                    null, 33);
            return;
        }
        ObjectNode answer = json.createObjectNode()
                .put("messaging_product", "whatsapp")
                .put("url", baseUrl() + "/whatsapp_business/attachments/?mid=" + mediaId + "&ext=1&hash=x")
                .put("mime_type", found.mimeType())
                .put("sha256", sha256(found.content()))
                .put("file_size", String.valueOf(found.content().length))
                .put("id", mediaId);
        reply(exchange, 200, answer);
    }

    private void download(HttpExchange exchange) throws IOException {
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null || tokens.values().stream().noneMatch(t -> given.equals("Bearer " + t))) {
            exchange.sendResponseHeaders(401, -1);
            return;
        }
        Matcher mid = Pattern.compile("mid=([^&]+)").matcher(String.valueOf(exchange.getRequestURI().getQuery()));
        Media found = mid.find() ? media.get(mid.group(1)) : null;
        if (found == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        downloads.incrementAndGet();
        exchange.getResponseHeaders().add("Content-Type", found.mimeType());
        exchange.sendResponseHeaders(200, found.content().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(found.content());
        }
    }

    private void error(HttpExchange exchange, int status, int code, String message, String details,
                       Integer subcode) throws IOException {
        ObjectNode error = json.createObjectNode();
        ObjectNode inner = error.putObject("error").put("message", message)
                .put("type", "OAuthException").put("code", code);
        if (subcode != null) {
            inner.put("error_subcode", subcode);
        }
        if (details != null) {
            inner.putObject("error_data").put("messaging_product", "whatsapp").put("details", details);
        }
        inner.put("fbtrace_id", "AazWJqFyWwd5YtvtUh5KqcP");
        reply(exchange, status, error);
    }

    private void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Part(String fileName, String contentType, byte[] content) {
    }

    private static String text(Part part) {
        return part == null ? null : new String(part.content(), StandardCharsets.UTF_8);
    }

    /** A small multipart/form-data reader; ISO-8859-1 keeps every byte of a file as one char. */
    private static Map<String, Part> multipart(String contentType, byte[] raw) {
        Map<String, Part> parts = new LinkedHashMap<>();
        Matcher b = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(String.valueOf(contentType));
        if (!b.find()) {
            return parts;
        }
        String body = new String(raw, StandardCharsets.ISO_8859_1);
        for (String chunk : body.split("--" + Pattern.quote(b.group(1)))) {
            int headerEnd = chunk.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            String headers = chunk.substring(0, headerEnd);
            String content = chunk.substring(headerEnd + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            if (!name.find()) {
                continue;
            }
            Matcher fileName = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
            Matcher type = Pattern.compile("(?i)content-type:\\s*(\\S+)").matcher(headers);
            parts.put(name.group(1), new Part(fileName.find() ? fileName.group(1) : null,
                    type.find() ? type.group(1) : null, content.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return parts;
    }

    private static String sha256(byte[] content) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
