package org.lineshub.hub.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

/** A real HTTP server on 127.0.0.1 that records what is posted to it, standing in for another system. */
public final class HttpRecorder implements AutoCloseable {

    /**
     * One request.
     *
     * @param method      the HTTP method
     * @param path        the path
     * @param contentType the Content-Type header
     * @param body        the body as text
     */
    public record Request(String method, String path, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();

    private HttpRecorder(HttpServer server) {
        this.server = server;
    }

    /** @return a recorder listening on a free port */
    public static HttpRecorder start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            HttpRecorder recorder = new HttpRecorder(server);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                synchronized (recorder) {
                    recorder.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                            exchange.getRequestHeaders().getFirst("Content-Type"),
                            new String(body, StandardCharsets.UTF_8)));
                    recorder.notifyAll();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return recorder;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the URL of a path on this server */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** @return the requests so far */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * Waits for a request whose body contains a text.
     *
     * @return the request
     */
    public synchronized Request await(String bodyContains, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (true) {
            for (Request r : requests) {
                if (r.body().contains(bodyContains)) {
                    return r;
                }
            }
            long left = Duration.between(Instant.now(), end).toMillis();
            if (left <= 0) {
                throw new AssertionError("no request containing " + bodyContains + " within " + timeout
                        + "; got " + requests);
            }
            wait(left);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
