package org.lineshub.viber.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake Viber REST Bot API for tests: a real HTTP server on 127.0.0.1 that answers {@code set_webhook} and
 * {@code send_message} the way developers.viber.com/docs/api/rest-bot-api/ documents them. Every answer is HTTP 200
 * with a JSON {@code status} (0 for success, else the "Error Codes" table's number and its {@code status_message});
 * the auth token comes in the {@code X-Viber-Auth-Token} header.
 *
 * <ul>
 *   <li>{@code set_webhook} calls the URL back with a signed {@code webhook} event first, and answers status 0 only
 *       when that call got 200 (else 1, invalidUrl); an empty URL removes the webhook;</li>
 *   <li>{@code send_message} checks the documented fields (receiver, type, sender.name of at most 28 characters,
 *       text of at most 7,000, a picture's media ending in .jpeg, .jpg, .png or .gif, a file's media, size and
 *       file_name) and answers 3 (badData) or 4 (missingData) otherwise; 10 (webhookNotSet) while no webhook is set;
 *       6 (receiverNotSubscribed) for a user who never wrote or unsubscribed; it downloads a picture's or file's media
 *       as Viber does, and records what it got.</li>
 * </ul>
 *
 * Requests with an unknown token get status 2 (invalidAuthToken). Unlike Viber, webhooks may be plain http.
 * Thread-safe; {@link #close()} stops the server.
 */
public final class FakeViberApi implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, FakeViberBot> bots = new ConcurrentHashMap<>();
    /** Message tokens are 64-bit numbers in Viber: these exceed what a double holds exactly. */
    private final AtomicLong tokens = new AtomicLong(5741311803571721087L);

    private FakeViberApi() throws IOException {
        AtomicInteger threads = new AtomicInteger();
        requestThreads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-viber-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(requestThreads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return a running fake on a free port */
    public static FakeViberApi start() {
        try {
            return new FakeViberApi();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Viber REST API", e);
        }
    }

    /** @return the base URL for the plugin's {@code apiBaseUrl} setting, e.g. {@code http://127.0.0.1:40123/pa} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pa";
    }

    /**
     * @param authToken the bot's auth token
     * @return the bot with this token, created on first use; only tokens of created bots are accepted
     */
    public FakeViberBot bot(String authToken) {
        return bots.computeIfAbsent(authToken, t -> new FakeViberBot(this, t));
    }

    ObjectMapper json() {
        return json;
    }

    long nextToken() {
        return tokens.incrementAndGet();
    }

    /**
     * Posts a callback the way Viber does: JSON, signed with the given signature header (or none).
     *
     * @return the webhook's answer
     */
    Answer post(String url, byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Viber-Content-Signature", signature);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            return new Answer(0, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted", null);
        }
    }

    /** Downloads media the way Viber fetches a picture's or file's URL. */
    Download download(String url) {
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException | IllegalArgumentException e) {
            return new Download(0, new byte[0], null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Download(0, new byte[0], null);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.startsWith("/media/")) {
                FakeViberBot.Media media = bots.values().stream().map(b -> b.media(path)).filter(m -> m != null)
                        .findFirst().orElse(null);
                if (media == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", media.contentType());
                exchange.sendResponseHeaders(200, media.bytes().length);
                exchange.getResponseBody().write(media.bytes());
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !path.startsWith("/pa/")) {
                // "Http code 404: Requesting an invalid URL"
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String token = exchange.getRequestHeaders().getFirst("X-Viber-Auth-Token");
            FakeViberBot bot = token == null ? null : bots.get(token);
            ObjectNode answer;
            JsonNode request;
            try {
                request = json.readTree(body);
            } catch (IOException e) {
                request = null;
            }
            if (token == null) {
                // "Failing to send the authentication token in the header will result in an error with the
                // missing_auth_token message"
                answer = status(2, "missing_auth_token");
            } else if (bot == null) {
                answer = status(2, "invalidAuthToken");
            } else if (request == null || !request.isObject()) {
                answer = status(3, "badData");
            } else {
                answer = switch (path.substring("/pa/".length())) {
                    case "set_webhook" -> bot.setWebhook((ObjectNode) request);
                    case "send_message" -> bot.sendMessage((ObjectNode) request);
                    default -> null;
                };
            }
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            int httpStatus = answer.has("_http") ? answer.remove("_http").asInt() : 200;
            byte[] bytes = json.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(httpStatus, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    ObjectNode status(int status, String message) {
        return json.createObjectNode().put("status", status).put("status_message", message);
    }

    String mediaBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/media/";
    }

    @Override
    public void close() {
        server.stop(0);
        requestThreads.shutdownNow();
    }

    /**
     * What a webhook answered a callback.
     *
     * @param status      the HTTP status, 0 when the call failed
     * @param body        the body
     * @param contentType the Content-Type, or {@code null}
     */
    public record Answer(int status, String body, String contentType) {
    }

    /**
     * What Viber got when it fetched a message's media.
     *
     * @param status      the HTTP status, 0 when the call failed
     * @param bytes       the content
     * @param contentType the Content-Type, or {@code null}
     */
    public record Download(int status, byte[] bytes, String contentType) {

        /** @return the content as UTF-8 text */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
