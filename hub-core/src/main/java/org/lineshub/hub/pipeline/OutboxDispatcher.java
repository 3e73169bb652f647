package org.lineshub.hub.pipeline;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.lineshub.hub.system.HubThreads;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.channel.AccountNotRunningException;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.HubEvent;
import org.lineshub.hub.event.HubEventListener;
import org.lineshub.hub.event.MessageEvent;
import org.lineshub.hub.session.AccountGoneException;
import org.lineshub.hub.session.OutboxStore;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.hub.system.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Delivers pending replies: woken by each new reply and by a timer, it claims due replies and sends each through
 * {@code hub.outbound}. Transport errors (I/O, 429, 5xx) are retried with exponential backoff until
 * {@code hub.outbox.max-attempts}; a refusal by the platform fails the reply at once; a reply whose account is not
 * running waits without using up attempts. Pending replies survive restarts: they are in the database.
 */
@Component
class OutboxDispatcher implements HubEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration NOT_RUNNING_WAIT = Duration.ofSeconds(5);
    /** The account a reply went through, for metric tags. */
    static final String ACCOUNT_HEADER = "LinesAccountId";

    private final OutboxStore outbox;
    private final ProducerTemplate producer;
    private final HubProperties.Outbox config;
    private final PipelineMetrics metrics;
    private final ChannelTypes types;
    private final Semaphore wake = new Semaphore(0);
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private ExecutorService loop;
    private ExecutorService senders;

    OutboxDispatcher(OutboxStore outbox, ProducerTemplate producer, HubProperties properties, PipelineMetrics metrics,
                     ChannelTypes types, MeterRegistry registry) {
        this.outbox = outbox;
        this.producer = producer;
        this.config = properties.outbox();
        this.metrics = metrics;
        this.types = types;
        // counted when scraped, not on every pass of the sender loop
        Gauge.builder("hub.outbox.pending", outbox, OutboxStore::pendingCount)
                .description("Replies waiting to be delivered").register(registry);
    }

    /** Starts after plugins, so replies left pending by the last run find their channels running. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(20)
    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        senders = Executors.newFixedThreadPool(Math.max(1, config.senders()), HubThreads.named("outbox-sender", true));
        loop = Executors.newSingleThreadExecutor(HubThreads.named("outbox"));
        loop.execute(this::run);
        wake.release();
    }

    @Override
    public void onEvent(HubEvent event) {
        if (event instanceof MessageEvent m && EventTypes.MESSAGE_CREATED.equals(m.type())
                && "PENDING".equals(m.message().deliveryStatus())) {
            wake.release();
        }
    }

    private void run() {
        while (running) {
            try {
                wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                for (Long id : outbox.findDue(100)) {
                    if (!running) {
                        return;
                    }
                    if (inFlight.contains(id) || !outbox.claim(id, config.claimTimeout())) {
                        continue;
                    }
                    inFlight.add(id);
                    senders.execute(() -> {
                        try {
                            send(id);
                        } finally {
                            inFlight.remove(id);
                            // the session's next reply may be due now
                            wake.release();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Outbox pass failed, trying again: {}", e.getMessage());
            }
        }
    }

    private void send(long id) {
        MDC.put("message", Long.toString(id));
        try {
            Exchange result = producer.send(PipelineRoutes.OUTBOUND, ex -> ex.getMessage().setBody(id));
            Throwable error = result.getException();
            String channel = types.of(result.getMessage().getHeader(ACCOUNT_HEADER, Long.class));
            if (error == null) {
                outbox.sent(id, result.getMessage().getBody(SentMessage.class));
                metrics.outbound(channel, "sent");
                LOG.debug("Reply {} delivered", id);
                return;
            }
            handleFailure(id, error, channel);
        } catch (RuntimeException e) {
            LOG.error("Recording the outcome of reply {} failed; it stays pending", id, e);
        } finally {
            MDC.remove("message");
        }
    }

    private void handleFailure(long id, Throwable error, String channel) {
        ChannelRejectedException rejected = Errors.causeOf(error, ChannelRejectedException.class);
        if (rejected != null) {
            outbox.failed(id, rejected.getMessage());
            metrics.outbound(channel, "failed");
            LOG.info("Reply {} refused by the platform: {}", id, rejected.getMessage());
            return;
        }
        if (Errors.causeOf(error, AccountGoneException.class) != null) {
            outbox.failed(id, "the channel account was deleted");
            metrics.outbound(channel, "failed");
            return;
        }
        if (Errors.causeOf(error, AccountNotRunningException.class) != null) {
            outbox.postpone(id, "the channel account is not running; the reply waits", NOT_RUNNING_WAIT);
            return;
        }
        ChannelTransportException transport = Errors.causeOf(error, ChannelTransportException.class);
        String reason = transport != null ? transport.getMessage()
                : "unexpected " + error.getClass().getSimpleName() + ": " + error.getMessage();
        int attempts = outbox.attempts(id) + 1;
        if (attempts >= config.maxAttempts()) {
            outbox.failed(id, "gave up after " + attempts + " attempts: " + reason);
            metrics.outbound(channel, "failed");
            LOG.warn("Reply {} failed after {} attempts: {}", id, attempts, reason);
            return;
        }
        Duration wait = backoff(attempts, config.initialBackoff(), config.maxBackoff());
        if (transport != null && transport.retryAfter() != null && transport.retryAfter().compareTo(wait) > 0) {
            wait = transport.retryAfter();
        }
        outbox.retryLater(id, reason, wait);
        metrics.outbound(channel, "retried");
        LOG.info("Reply {} attempt {} failed ({}); next attempt in {} ms", id, attempts, reason, wait.toMillis());
    }

    /**
     * @param attempts failed attempts so far, at least 1
     * @param initial  the wait after the first
     * @param max      the longest wait
     * @return the wait before the next attempt: initial, doubling with each attempt, capped at max
     */
    static Duration backoff(int attempts, Duration initial, Duration max) {
        long millis = initial.toMillis() << Math.min(20, Math.max(0, attempts - 1));
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }


    @PreDestroy
    synchronized void stop() throws InterruptedException {
        running = false;
        wake.release();
        if (loop != null) {
            loop.shutdownNow();
            senders.shutdown();
            senders.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
