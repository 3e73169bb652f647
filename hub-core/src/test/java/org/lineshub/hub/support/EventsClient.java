package org.lineshub.hub.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A user's screen listening to {@code /api/v1/events} over a real WebSocket, keeping every frame it receives. */
public final class EventsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> frames = new ArrayList<>();
    private final WebSocket socket;

    private EventsClient(String base, String authorization) throws Exception {
        URI uri = URI.create(base.replaceFirst("^http", "ws") + "/api/v1/events");
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", authorization)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
        await(f -> "hello".equals(f.get("type").asText()), Duration.ofSeconds(5));
    }

    /** @return a connected client with the API client's credentials */
    public static EventsClient connect(HubClient api) throws Exception {
        return new EventsClient(api.base(), api.authorization());
    }

    /** @return every frame so far */
    public synchronized List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    /** @return the frames of one type that match */
    public synchronized List<JsonNode> frames(String type, Predicate<JsonNode> data) {
        return frames.stream().filter(f -> type.equals(f.get("type").asText()) && data.test(f.get("data"))).toList();
    }

    /** Waits for a frame that matches and returns it. */
    public synchronized JsonNode await(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (true) {
            for (JsonNode f : frames) {
                if (match.test(f)) {
                    return f;
                }
            }
            long left = Duration.between(Instant.now(), end).toMillis();
            if (left <= 0) {
                throw new AssertionError("no matching frame within " + timeout + "; got " + frames);
            }
            wait(left);
        }
    }

    /** Waits for a frame of this type whose data matches. */
    public JsonNode await(String type, Predicate<JsonNode> data) throws InterruptedException {
        return await(f -> type.equals(f.get("type").asText()) && data.test(f.get("data")), Duration.ofSeconds(10));
    }

    /** @return a predicate on event data: about this session */
    public static Predicate<JsonNode> session(long id) {
        return data -> data.has("session") && data.get("session").get("id").asLong() == id;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = JSON.readTree(partial.toString());
                    synchronized (EventsClient.this) {
                        frames.add(frame);
                        EventsClient.this.notifyAll();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("not a JSON frame: " + partial, e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
