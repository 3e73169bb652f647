package org.lineshub.hub.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * What storing a message costs at the least: a minimal Telegram webhook receiver written by hand, to measure the hub
 * against on the same machine, database server and load. The JDK's HTTP server with a fixed pool of request threads
 * and per message one transaction ({@link BaselineStore}): check the secret token, parse the update, store it (a
 * delivery of a stored message again answers 200 and stores nothing), answer 200; 503 when the database failed.
 * Nothing else: no routing, no events, no plugins.
 */
final class BaselineService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final BaselineStore store;
    private final byte[] secret;

    /**
     * Starts listening on a free port of 127.0.0.1.
     *
     * @param store    where messages go
     * @param threads  request threads
     * @param secret   the secret token requests must carry
     */
    BaselineService(BaselineStore store, int threads, String secret) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.store = store;
        this.executor = Executors.newFixedThreadPool(threads, new LoadDriver.Named("baseline-"));
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            server.createContext("/telegram", this::handle);
            server.setExecutor(executor);
            server.start();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /** @return the webhook's URL */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/telegram");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String token = exchange.getRequestHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token");
            if (token == null || !MessageDigest.isEqual(secret, token.getBytes(StandardCharsets.UTF_8))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode message;
            try {
                message = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("message");
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            if (!message.path("chat").path("id").canConvertToLong() || !message.path("message_id").canConvertToLong()) {
                // not a message: acknowledged and ignored, as Telegram expects
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            String chat = message.path("chat").path("id").asText();
            int status;
            try {
                store.store(chat, chat + ":" + message.path("message_id").asText(),
                        message.path("from").path("first_name").asText(null), message.path("text").asText(null),
                        Instant.ofEpochSecond(message.path("date").asLong()));
                status = 200;
            } catch (SQLException e) {
                status = 503;
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
