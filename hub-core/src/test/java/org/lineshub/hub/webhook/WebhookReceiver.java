package org.lineshub.hub.webhook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A subscriber's endpoint on 127.0.0.1: records every request with its headers and answers with the status a test
 * chooses per request, or never answers ({@link #HANG}) until the receiver is closed.
 */
final class WebhookReceiver implements AutoCloseable {

    /** The answer that is no answer: the request hangs until {@link #close}. */
    static final int HANG = -1;

    /**
     * One request as received.
     *
     * @param at        when it arrived
     * @param event     X-Hub-Event
     * @param delivery  X-Hub-Delivery
     * @param timestamp X-Hub-Timestamp
     * @param signature X-Hub-Signature-256
     * @param body      the body as received
     */
    record Request(Instant at, String event, String delivery, String timestamp, String signature, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final IntUnaryOperator answers;

    /** @param answers the status to answer to the n-th request (0-based), or {@link #HANG} */
    WebhookReceiver(IntUnaryOperator answers) throws IOException {
        this.answers = answers;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return a receiver that answers 204 to everything */
    static WebhookReceiver accepting() throws IOException {
        return new WebhookReceiver(n -> 204);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int running = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(running, Math::max);
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            int n;
            synchronized (this) {
                n = requests.size();
                requests.add(new Request(Instant.now(), h.getFirst("X-Hub-Event"), h.getFirst("X-Hub-Delivery"),
                        h.getFirst("X-Hub-Timestamp"), h.getFirst("X-Hub-Signature-256"), body));
            }
            int status = answers.applyAsInt(n);
            if (status == HANG) {
                closed.await(60, TimeUnit.SECONDS);
                return;
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    /** @return the URL of this receiver */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** @return the requests so far, in the order they arrived */
    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** @return the most requests this receiver was handling at one time */
    int mostInFlight() {
        return mostInFlight.get();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
