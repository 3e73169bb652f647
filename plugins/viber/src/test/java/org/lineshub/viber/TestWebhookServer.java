package org.lineshub.viber;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.WebhookHandler;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;

/**
 * The hub's public webhook address of one account, over real HTTP on 127.0.0.1: hands each request (and those to
 * paths below it) to the account's handler and answers as the hub does: the handler's response, the status of a
 * {@link RejectedInputException}, 503 for {@link NotStoredException}, 500 for anything else, and 503 while no handler
 * is set (the account is not running).
 */
final class TestWebhookServer implements AutoCloseable {

    private static final String PATH = "/webhooks/test-key";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "test-webhook");
        thread.setDaemon(true);
        return thread;
    });
    private volatile WebhookHandler handler;

    TestWebhookServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** @return the account's webhook address */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** @param handler the running account's handler, or {@code null} while it is not running */
    void handler(WebhookHandler handler) {
        this.handler = handler;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            WebhookHandler current = handler;
            if (current == null) {
                respond(exchange, 503, "text/plain", "not running".getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
            String path = exchange.getRequestURI().getRawPath().substring(PATH.length());
            WebhookRequest request = new WebhookRequest(exchange.getRequestMethod(), headers, Map.of(), body, path);
            WebhookResponse response;
            try {
                response = current.handle(request);
            } catch (RejectedInputException e) {
                respond(exchange, e.status(), "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8),
                        Map.of());
                return;
            } catch (NotStoredException e) {
                respond(exchange, 503, "text/plain", "not stored".getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            } catch (RuntimeException e) {
                respond(exchange, 500, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            respond(exchange, response.status(), response.contentType(), response.body(), response.headers());
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body,
                                Map<String, String> headers) throws IOException {
        headers.forEach(exchange.getResponseHeaders()::add);
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
