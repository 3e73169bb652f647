package org.lineshub.webchat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lineshub.plugin.api.LiveEndpoint;
import org.lineshub.plugin.api.WebhookRequest;

/** One chat frame's connection, as the hub hands it to the plugin: records what the plugin sends it. */
final class TestBrowser implements LiveEndpoint.LivePeer {

    static final String HUB = "hub.example:8443";
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    volatile String closed;
    private final String id = UUID.randomUUID().toString();
    private LiveEndpoint.LiveListener listener;

    /** Opens a connection from the hub's own origin (the chat frame's page), from the given address. */
    static TestBrowser connect(LiveEndpoint live, String address) {
        return connect(live, "https://" + HUB, address);
    }

    static TestBrowser connect(LiveEndpoint live, String origin, String address) {
        TestBrowser browser = new TestBrowser();
        browser.listener = live.open(handshake(origin, address), browser);
        return browser;
    }

    static WebhookRequest handshake(String origin, String address) {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        headers.put("Host", List.of(HUB));
        if (origin != null) {
            headers.put("Origin", List.of(origin));
        }
        return new WebhookRequest("GET", headers, Map.of(), null, "/live", address);
    }

    /** Sends a frame built from alternating keys and values. */
    TestBrowser say(Object... keysAndValues) {
        Map<String, Object> frame = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            frame.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        try {
            return raw(JSON.writeValueAsString(frame));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    TestBrowser raw(String text) {
        listener.onText(text);
        return this;
    }

    /** Says hello with a token (or none) and returns the welcome. */
    JsonNode hello(String token) {
        say("type", "hello", "token", token, "lang", "en");
        return last("welcome");
    }

    void disconnect() {
        closed = "gone";
        listener.onClose();
    }

    JsonNode last(String type) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (type.equals(frames.get(i).path("type").asText())) {
                return frames.get(i);
            }
        }
        throw new AssertionError("no " + type + " frame among " + frames);
    }

    List<JsonNode> all(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean send(String text) {
        if (closed != null) {
            return false;
        }
        try {
            frames.add(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new AssertionError("the plugin sent something that is not JSON: " + text, e);
        }
        return true;
    }

    @Override
    public void close(String reason) {
        closed = reason;
    }
}
