package org.lineshub.hub.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Telegram's side of a webhook under load: several connections post updates at once (Telegram opens up to the
 * webhook's {@code max_connections}, 40 by default), and an update the hub does not answer with 2xx (an error status,
 * a refused or cut connection) is posted again after a short wait until it is, as Telegram does. Records every answer
 * and which updates were acknowledged. Bodies and the secret header are shaped as the Bot API documents them.
 * Thread-safe; {@link #close()} stops the connections.
 */
final class WebhookBurst implements AutoCloseable {

    /**
     * Where the clients' message ids start. Telegram numbers the messages of a chat in one sequence, the bot's and the
     * client's alike; the fake numbers the bot's from 1, so clients' messages numbered from here never share an id
     * with a reply, as in a real chat.
     */
    static final long CLIENT_MESSAGE_IDS = 100_000;

    /** The status recorded when the connection was refused or cut before an answer. */
    static final int NO_ANSWER = -1;

    /**
     * One answer of the hub.
     *
     * @param updateId   the update posted
     * @param status     the HTTP status, or {@link #NO_ANSWER}
     * @param retryAfter the {@code Retry-After} header, or {@code null}
     * @param at         when the answer came
     */
    record Answer(long updateId, int status, String retryAfter, Instant at) {
    }

    private record Update(long id, String json) {
    }

    private final String url;
    private final String secret;
    private final Duration retryDelay;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final LinkedBlockingQueue<Update> queue = new LinkedBlockingQueue<>();
    private final ExecutorService connections;
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<Answer> answers = new ArrayList<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param url         the account's webhook URL
     * @param secret      the {@code secret_token} registered with the webhook
     * @param connections how many updates are posted at once
     * @param retryDelay  how long an unacknowledged update waits before it is posted again
     */
    WebhookBurst(String url, String secret, int connections, Duration retryDelay) {
        this.url = url;
        this.secret = secret;
        this.retryDelay = retryDelay;
        AtomicInteger n = new AtomicInteger();
        this.connections = Executors.newFixedThreadPool(connections, r -> {
            Thread t = new Thread(r, "telegram-webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < connections; i++) {
            this.connections.execute(this::deliverAll);
        }
    }

    /**
     * Queues an update for delivery; one posted again after it was acknowledged is a redelivery.
     *
     * @param updateId the update's {@code update_id}
     * @param json     the update
     */
    void deliver(long updateId, String json) {
        outstanding.incrementAndGet();
        queue.add(new Update(updateId, json));
    }

    /**
     * A text message from a client in a private chat, as the Bot API posts it (an {@code Update} with a
     * {@code message}); the client's user id is the chat id, their name {@code Client<chat id>}.
     *
     * @param updateId  the {@code update_id}
     * @param chatId    the chat
     * @param messageId the {@code message_id}
     * @param text      the text, without characters JSON must escape
     * @return the update as JSON
     */
    static String textUpdate(long updateId, long chatId, long messageId, String text) {
        return """
                {"update_id":%d,"message":{"message_id":%d,"date":%d,
                 "from":{"id":%d,"is_bot":false,"first_name":"Client%d","language_code":"en"},
                 "chat":{"id":%d,"first_name":"Client%d","type":"private"},"text":"%s"}}
                """.formatted(updateId, messageId, Instant.now().getEpochSecond(), chatId, chatId, chatId, chatId,
                text);
    }

    /** @return the ids of the updates the hub answered with 2xx at least once */
    Set<Long> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** @return how many updates the hub acknowledged so far */
    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** @return every answer so far, in the order they came */
    synchronized List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** @return how many queued updates the hub has not acknowledged yet */
    int outstanding() {
        return outstanding.get();
    }

    @Override
    public void close() {
        closed = true;
        connections.shutdownNow();
        try {
            connections.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliverAll() {
        while (!closed) {
            Update update;
            try {
                update = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (update == null) {
                continue;
            }
            Answer answer = post(update);
            if (answer == null) {
                return;
            }
            synchronized (this) {
                answers.add(answer);
            }
            if (answer.status() >= 200 && answer.status() < 300) {
                acknowledged.add(update.id());
                outstanding.decrementAndGet();
                continue;
            }
            try {
                Thread.sleep(retryDelay.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            queue.add(update);
        }
    }

    /** @return the answer, or {@code null} when interrupted */
    private Answer post(Update update) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", secret)
                .POST(HttpRequest.BodyPublishers.ofString(update.json(), StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            return new Answer(update.id(), r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                    Instant.now());
        } catch (IOException e) {
            return new Answer(update.id(), NO_ANSWER, null, Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
