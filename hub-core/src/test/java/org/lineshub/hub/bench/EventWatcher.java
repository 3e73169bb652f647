package org.lineshub.hub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator's screen: an admin connected to the hub's events WebSocket ({@code /api/v1/events}, see
 * docs/events.md), timing each {@code message.created} event of a client's message as it arrives. Events carry no
 * external id, so the message is found by its text, which carries its number ({@link Ledger#text}). Only frames that
 * can be such an event are parsed; the others (session and counter events) are skipped by a text search.
 */
final class EventWatcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ledger ledger;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-events");
        t.setDaemon(true);
        return t;
    });
    private final WebSocket socket;
    private final CompletableFuture<Void> hello = new CompletableFuture<>();
    private volatile String closedBecause;

    /**
     * Connects and waits for the hub's {@code hello}.
     *
     * @param base          the hub's base URL
     * @param authorization the admin's {@code Authorization} header
     * @param ledger        where arrivals go
     */
    EventWatcher(String base, String authorization, Ledger ledger) throws Exception {
        this.ledger = ledger;
        URI uri = URI.create(base.replaceFirst("^http", "ws") + "/api/v1/events");
        HttpClient http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
        this.socket = http.newWebSocketBuilder().header("Authorization", authorization)
                .buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
        hello.get(10, TimeUnit.SECONDS);
    }

    /** @return why the hub closed the connection, or {@code null} while it is open */
    String closedBecause() {
        return closedBecause;
    }

    private void frame(String text, long arrived) {
        if (!text.contains("\"message.created\"") || !text.contains("INBOUND")) {
            if (!hello.isDone() && text.contains("\"hello\"")) {
                hello.complete(null);
            }
            return;
        }
        try {
            JsonNode frame = JSON.readTree(text);
            JsonNode message = frame.path("data").path("message");
            if ("message.created".equals(frame.path("type").asText())
                    && "INBOUND".equals(message.path("direction").asText())) {
                ledger.pushed(Ledger.seqOf(message.path("text").asText(null)), arrived);
            }
        } catch (Exception e) {
            // not an event of ours
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
        executor.shutdownNow();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long arrived = System.nanoTime();
            if (last && partial.length() == 0) {
                frame(data.toString(), arrived);
            } else {
                partial.append(data);
                if (last) {
                    frame(partial.toString(), arrived);
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedBecause = statusCode + " " + reason;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedBecause = String.valueOf(error);
            hello.completeExceptionally(error);
        }
    }
}
