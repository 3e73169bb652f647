package org.lineshub.hub.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.event.HubEvent;
import org.lineshub.hub.event.HubEventListener;
import org.lineshub.hub.system.Backoff;
import org.lineshub.hub.system.Errors;
import org.lineshub.hub.system.HubThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Sends queued webhook deliveries: woken by each event a subscription may want and by a timer, it claims due
 * deliveries and posts each on a thread of {@code hub.webhooks.senders}. A subscription has at most one delivery in
 * flight, and an attempt lasts at most {@code hub.webhooks.timeout}, so a slow or hanging receiver holds one sender
 * for that long and never delays the other subscriptions; nothing here runs on the threads of the inbox. Errors,
 * timeouts and answers other than 2xx are retried with exponential backoff until {@code hub.webhooks.retry-for} has
 * passed since the delivery was queued; then it is failed.
 *
 * <p>Claims are fenced as in the outbox of replies: each names its holder and lasts longer than an attempt can, so no
 * other sender or node takes a delivery over while it is sent, and only the holder records the outcome. Delivery is
 * at least once: a crash after the receiver answered but before the outcome was stored sends it again when the claim
 * has expired, with the same delivery id.
 */
@Component
class WebhookSender implements HubEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final String USER_AGENT = "LinesHub-Webhooks";
    /** Added to the attempt's timeout for the claim, so a claim never lapses while its attempt runs. */
    private static final Duration CLAIM_MARGIN = Duration.ofMinutes(1);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final int PURGE_BATCH = 1000;

    /**
     * How an attempt ended.
     *
     * @param delivered  whether the receiver answered 2xx
     * @param statusCode the HTTP status, or {@code null} when there was no answer
     * @param error      why it failed, or {@code null}
     */
    record Outcome(boolean delivered, Integer statusCode, String error) {
    }

    private final WebhookDeliveries deliveries;
    private final WebhookSubscriptions subscriptions;
    private final HubProperties.Webhooks config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Semaphore wake = new Semaphore(0);
    /** Subscriptions with a delivery being sent by this node. */
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();
    private final Semaphore slots;
    private final String node = UUID.randomUUID().toString();
    private final AtomicLong claims = new AtomicLong();
    private volatile boolean running;
    private Instant lastPurge = Instant.MIN;
    private ExecutorService loop;
    private ExecutorService senders;
    private ExecutorService httpThreads;
    private HttpClient http;

    WebhookSender(WebhookDeliveries deliveries, WebhookSubscriptions subscriptions, HubProperties properties,
                  Clock clock, MeterRegistry registry) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.config = properties.webhooks();
        this.clock = clock;
        this.registry = registry;
        this.slots = new Semaphore(Math.max(1, config.senders()));
        Gauge.builder("hub.webhooks.pending", deliveries, WebhookDeliveries::pendingCount)
                .description("Webhook deliveries waiting to be sent").register(registry);
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(30)
    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        httpThreads = Executors.newCachedThreadPool(HubThreads.named("webhook-http", true));
        http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).executor(httpThreads).build();
        senders = Executors.newFixedThreadPool(Math.max(1, config.senders()), HubThreads.named("webhook-sender", true));
        loop = Executors.newSingleThreadExecutor(HubThreads.named("webhooks"));
        loop.execute(this::run);
        wake.release();
    }

    @Override
    public void onEvent(HubEvent event) {
        // the event's deliveries committed with it: send them now rather than at the next poll; without an enabled
        // subscription no event queued any, and the loop is not woken to find that out in the database per event
        // (deliveries left from before, or queued by another node, are found by the poll)
        if (WebhookEvents.TYPES.contains(event.type()) && !subscriptions.enabled().isEmpty()) {
            wake.release();
        }
    }

    /** Makes the sender look for due deliveries now, e.g. after one was sent again on request. */
    void wakeUp() {
        wake.release();
    }

    private void run() {
        while (running) {
            try {
                wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                pass();
                purge();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Webhook pass failed, trying again: {}", Errors.describe(e));
            }
        }
    }

    private void pass() {
        for (WebhookDeliveries.Due due : deliveries.findDue()) {
            if (!running) {
                return;
            }
            if (busy.contains(due.subscriptionId())) {
                continue;
            }
            if (!slots.tryAcquire()) {
                // every sender is at work; the first to finish wakes the loop
                return;
            }
            String owner = node + ":" + claims.incrementAndGet();
            if (!deliveries.claim(due.id(), owner, config.timeout().plus(CLAIM_MARGIN))) {
                slots.release();
                continue;
            }
            busy.add(due.subscriptionId());
            try {
                senders.execute(() -> {
                    try {
                        send(due.id(), owner);
                    } finally {
                        done(due.subscriptionId());
                    }
                });
            } catch (RejectedExecutionException e) {
                // stopping: the claim expires and the delivery is sent after the restart
                done(due.subscriptionId());
                return;
            }
        }
    }

    private void done(long subscriptionId) {
        busy.remove(subscriptionId);
        slots.release();
        // the subscription's next delivery may be due now
        wake.release();
    }

    private void send(long id, String owner) {
        MDC.put("webhookDelivery", Long.toString(id));
        try {
            WebhookDeliveries.Attempt attempt = deliveries.attempt(id).orElse(null);
            if (attempt == null) {
                return;
            }
            Outcome outcome;
            try {
                WebhookSubscriptions.Endpoint endpoint = subscriptions.endpoint(attempt.subscriptionId()).orElse(null);
                if (endpoint == null) {
                    return;
                }
                outcome = post(endpoint, attempt);
                if (outcome == null) {
                    return;
                }
            } catch (IllegalStateException e) {
                // the hub's key changed: the admin gives the secret again, and the delivery goes out then
                outcome = new Outcome(false, null, "the subscription's secret cannot be decrypted; set it again");
            }
            record(id, owner, attempt, outcome);
        } catch (RuntimeException e) {
            LOG.error("Recording webhook delivery {} failed; it is tried again when its claim expires", id, e);
        } finally {
            MDC.remove("webhookDelivery");
        }
    }

    /** @return how the attempt ended, or {@code null} when it was interrupted */
    private Outcome post(WebhookSubscriptions.Endpoint endpoint, WebhookDeliveries.Attempt attempt) {
        byte[] body = attempt.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint.url())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(WebhookSignature.EVENT_HEADER, attempt.eventType())
                .header(WebhookSignature.DELIVERY_HEADER, attempt.deliveryId())
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.HEADER, WebhookSignature.sign(endpoint.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request,
                HttpResponse.BodyHandlers.discarding());
        try {
            // the request's own timeout ends with the answer's headers; this one covers the body too
            int status = response.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return status >= 200 && status <= 299 ? new Outcome(true, status, null)
                    : new Outcome(false, status, "HTTP " + status);
        } catch (TimeoutException e) {
            response.cancel(true);
            return noAnswer(null);
        } catch (ExecutionException e) {
            return noAnswer(e.getCause());
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            // the hub is stopping: no outcome; the claim expires and the delivery goes out after the restart
            return null;
        }
    }

    private Outcome noAnswer(Throwable error) {
        String reason;
        if (error instanceof HttpConnectTimeoutException) {
            reason = "could not connect within " + config.connectTimeout().toMillis() + " ms";
        } else if (error == null || error instanceof HttpTimeoutException) {
            reason = "no answer within " + config.timeout().toMillis() + " ms";
        } else if (Errors.causeOf(error, ConnectException.class) != null) {
            reason = "connection refused";
        } else if (error instanceof IOException) {
            reason = "I/O error: " + Errors.describe(error);
        } else {
            reason = "unexpected " + error.getClass().getSimpleName() + ": " + Errors.describe(error);
        }
        return new Outcome(false, null, reason);
    }

    private void record(long id, String owner, WebhookDeliveries.Attempt attempt, Outcome outcome) {
        if (outcome.delivered()) {
            if (deliveries.delivered(id, owner, outcome.statusCode())) {
                count("delivered");
                LOG.debug("Webhook delivery {} of subscription {} delivered", attempt.deliveryId(),
                        attempt.subscriptionId());
            }
            return;
        }
        int attempts = attempt.attempts() + 1;
        Instant now = clock.instant();
        Instant next = nextAttempt(attempts, attempt.queuedAt(), now, config);
        if (next == null) {
            if (deliveries.failed(id, owner, outcome.statusCode(), "gave up after " + attempts + " attempts: "
                    + outcome.error())) {
                count("failed");
                LOG.warn("Webhook delivery {} of subscription {} failed after {} attempts: {}", attempt.deliveryId(),
                        attempt.subscriptionId(), attempts, outcome.error());
            }
        } else if (deliveries.retryLater(id, owner, outcome.statusCode(), outcome.error(), next)) {
            count("retried");
            LOG.info("Webhook delivery {} of subscription {} attempt {} failed ({}); next attempt in {} ms",
                    attempt.deliveryId(), attempt.subscriptionId(), attempts, outcome.error(),
                    Duration.between(now, next).toMillis());
        }
    }

    /**
     * @param attempts failed attempts so far, at least 1
     * @param queuedAt when the delivery was queued (or sent again)
     * @param now      when the last attempt failed
     * @param config   the backoff settings
     * @return when to try next, or {@code null} to give up: once an attempt failed {@code retry-for} or more after
     *         the delivery was queued, so failing deliveries are tried for at least that long
     */
    static Instant nextAttempt(int attempts, Instant queuedAt, Instant now, HubProperties.Webhooks config) {
        if (!now.isBefore(queuedAt.plus(config.retryFor()))) {
            return null;
        }
        return now.plus(Backoff.exponential(attempts, config.initialBackoff(), config.maxBackoff()));
    }

    private void count(String outcome) {
        Counter.builder("hub.webhooks.deliveries").description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** Deletes delivered and failed deliveries older than {@code hub.webhooks.keep-for}, once an hour. */
    private void purge() {
        Instant now = clock.instant();
        if (lastPurge.plus(PURGE_EVERY).isAfter(now)) {
            return;
        }
        lastPurge = now;
        int deleted;
        do {
            deleted = deliveries.purge(now.minus(config.keepFor()), PURGE_BATCH);
        } while (deleted == PURGE_BATCH && running);
    }

    @PreDestroy
    synchronized void stop() throws InterruptedException {
        running = false;
        wake.release();
        if (loop != null) {
            loop.shutdownNow();
            senders.shutdown();
            if (!senders.awaitTermination(2, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
            httpThreads.shutdownNow();
        }
    }
}
