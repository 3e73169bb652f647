package org.lineshub.webchat;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lineshub.plugin.api.ConversationHistory;

/**
 * The JSON the chat frame and the plugin exchange, over the live socket and as HTTP answers; the README documents
 * every frame. Jackson trees only: binding JSON to plugin classes would put them into Jackson's global caches and
 * keep the plugin's class loader alive after an unload.
 */
final class WebchatFrames {

    /** The most messages a welcome carries. */
    static final int HISTORY = 100;

    private final ObjectMapper json = new ObjectMapper();

    /** The frame or body is not JSON, or not an object. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    /**
     * @param text a frame or request body
     * @return its JSON object
     * @throws MalformedException when it is not a JSON object
     */
    JsonNode parse(String text) throws MalformedException {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new MalformedException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedException("not JSON");
        }
    }

    /**
     * @return the text of a field of an object, or {@code null} when it is missing or null
     * @throws MalformedException when it is there but not a string
     */
    static String text(JsonNode node, String field) throws MalformedException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new MalformedException(field + " must be a string");
        }
        return value.asText();
    }

    /** @return {@code {"type":"welcome","token":..,"history":[..],"online":..,"config":{..}}} */
    String welcome(String token, List<ConversationHistory.Entry> history, boolean online, WebchatSettings settings,
                   WebchatVisitor visitor) {
        ObjectNode frame = json.createObjectNode().put("type", "welcome").put("token", token);
        ArrayNode entries = frame.putArray("history");
        history.forEach(e -> entries.add(entry(e)));
        frame.put("online", online);
        frame.set("config", config(settings));
        ObjectNode profile = frame.putObject("visitor");
        profile.put("name", visitor.name());
        profile.put("email", visitor.email());
        return write(frame);
    }

    private ObjectNode config(WebchatSettings s) {
        ObjectNode config = json.createObjectNode()
                .put("title", s.title())
                .put("greeting", s.greeting())
                .put("askName", s.askName().value())
                .put("askEmail", s.askEmail().value())
                .put("offlineForm", s.offlineForm())
                .put("offlineText", s.offlineText())
                .put("color", s.color())
                .put("maxFileMb", s.maxFileMb());
        config.put("avatarUrl", s.avatarUrl() == null ? null : s.avatarUrl().toString());
        return config;
    }

    /** @return {@code {"type":"message","message":{..},"clientId":..}}; the client id is absent for answers */
    String message(ConversationHistory.Entry entry, String clientId) {
        ObjectNode frame = json.createObjectNode().put("type", "message");
        frame.set("message", entry(entry));
        if (clientId != null) {
            frame.put("clientId", clientId);
        }
        return write(frame);
    }

    /** @return {@code {"type":"error","code":..,"reason":..,"clientId":..}}; the client id only when given */
    String error(String code, String reason, String clientId) {
        ObjectNode frame = json.createObjectNode().put("type", "error").put("code", code).put("reason", reason);
        if (clientId != null) {
            frame.put("clientId", clientId);
        }
        return write(frame);
    }

    /** @return {@code {"type":"status","online":..}} */
    String status(boolean online) {
        return write(json.createObjectNode().put("type", "status").put("online", online));
    }

    /** @return {@code {"type":"profile","name":..,"email":..}}: what the visitor told, for all their tabs */
    String profile(WebchatVisitor visitor) {
        return write(json.createObjectNode().put("type", "profile").put("name", visitor.name())
                .put("email", visitor.email()));
    }

    /** @return {@code {"type":"pong"}} */
    String pong() {
        return write(json.createObjectNode().put("type", "pong"));
    }

    /** @return one message as the frame shows it, as a JSON document */
    String entryDocument(ConversationHistory.Entry entry) {
        return write(entry(entry));
    }

    /** @return {@code {"code":..,"reason":..}}, the body of an HTTP error */
    String problem(String code, String reason) {
        return write(json.createObjectNode().put("code", code).put("reason", reason));
    }

    /** @return {@code {"token":..,"message":{..}}}, the answer to the offline form */
    String offlineStored(String token, ConversationHistory.Entry entry) {
        ObjectNode body = json.createObjectNode().put("token", token);
        body.set("message", entry(entry));
        return write(body);
    }

    /**
     * One message: {@code {id, inbound, text, files:[{id, kind, name, type, size, url}], author, at, status}}. A
     * file's url is relative to the frame's address and needs the visitor's token appended.
     */
    ObjectNode entry(ConversationHistory.Entry e) {
        ObjectNode node = json.createObjectNode().put("id", e.messageId()).put("inbound", e.inbound())
                .put("text", e.text());
        ArrayNode files = node.putArray("files");
        for (ConversationHistory.EntryFile f : e.files()) {
            ObjectNode file = files.addObject().put("id", f.id())
                    .put("kind", f.kind().name().toLowerCase(Locale.ROOT))
                    .put("name", f.fileName())
                    .put("type", f.mimeType())
                    .put("url", "files/" + e.messageId() + "/" + f.id());
            if (f.size() == null) {
                file.putNull("size");
            } else {
                file.put("size", f.size());
            }
        }
        node.put("author", e.authorName());
        node.put("at", e.at() == null ? null : e.at().toString());
        node.put("status", e.status());
        return node;
    }

    /** @return JSON for the widget script's configuration, safe inside a script: no {@code <}, {@code >}, {@code &} */
    String scriptConfig(WebchatSettings s) {
        ObjectNode config = json.createObjectNode().put("title", s.title()).put("color", s.color());
        return write(config).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
