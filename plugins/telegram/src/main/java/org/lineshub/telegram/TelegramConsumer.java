package org.lineshub.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultConsumer;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.HubHeaders;
import org.lineshub.plugin.api.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Long-polls getUpdates on one thread and hands each answer's messages to the route as one exchange whose body is a
 * {@code List<InboundMessage>}. The offset moves past an answer only after the route (which ends in the hub's intake)
 * completed it; failures are retried with backoff, a rejected token fails the account.
 */
final class TelegramConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramConsumer.class);

    /** Telegram's maximum; a backlog after downtime arrives in few round trips. */
    static final int LIMIT = 100;
    /** How long stopping waits for a batch the hub is storing before it interrupts it. */
    private static final long STOP_TIMEOUT_MILLIS = 10_000;

    private final ChannelContext channel;
    private final TelegramService service;
    private final TelegramMessageMapper mapper;
    private final int pollTimeoutSeconds;

    /** Guards {@link #pollingThread}, {@link #waiting} and {@link #stopping} (see {@link #awaitTelegram}). */
    private final Object phase = new Object();
    private Thread pollingThread;
    private boolean waiting;
    private boolean stopping;

    private ExecutorService executor;
    private ProducerTemplate deadLetters;
    /** The next update id wanted; only the polling thread touches it. */
    private long offset;

    TelegramConsumer(TelegramEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        TelegramComponent component = endpoint.getComponent();
        this.channel = component.channel();
        this.service = component.service();
        this.mapper = component.mapper();
        this.pollTimeoutSeconds = component.pollTimeoutSeconds();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        synchronized (phase) {
            stopping = false;
        }
        deadLetters = getEndpoint().getCamelContext().createProducerTemplate();
        deadLetters.start();
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "TelegramPolling");
        executor.execute(this::run);
        LOG.info("Account {}: polling Telegram for updates", channel.accountId());
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (phase) {
            stopping = true;
            // a long poll or a backoff is cut short; a batch the hub is storing is left to finish
            if (waiting && pollingThread != null) {
                pollingThread.interrupt();
            }
        }
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor, STOP_TIMEOUT_MILLIS);
            executor = null;
        }
        if (deadLetters != null) {
            deadLetters.stop();
            deadLetters = null;
        }
        LOG.info("Account {}: stopped polling Telegram", channel.accountId());
        super.doStop();
    }

    private void run() {
        synchronized (phase) {
            pollingThread = Thread.currentThread();
        }
        MDC.put("plugin", channel.pluginId());
        MDC.put("account", String.valueOf(channel.accountId()));
        try {
            poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            MDC.remove("plugin");
            MDC.remove("account");
            synchronized (phase) {
                pollingThread = null;
            }
        }
    }

    private void poll() throws InterruptedException {
        TelegramBackoff backoff = new TelegramBackoff();
        boolean webhookCleared = false;
        boolean lastWasConflict = false;
        while (isRunAllowed()) {
            try {
                if (!webhookCleared) {
                    // getUpdates answers 409 while a webhook is set, e.g. after the account ran in webhook mode
                    awaitTelegram(() -> {
                        service.deleteWebhook(false);
                        return null;
                    });
                    webhookCleared = true;
                }
                JsonNode updates = awaitTelegram(() ->
                        service.getUpdates(offset, LIMIT, pollTimeoutSeconds, TelegramService.ALLOWED_UPDATES));
                deliver(updates);
                channel.reportHealthy();
                backoff.reset();
                lastWasConflict = false;
            } catch (TelegramApiException e) {
                if (e.isUnauthorized()) {
                    LOG.warn("Account {}: Telegram rejected the bot token; polling stops", channel.accountId());
                    channel.fail("Telegram rejected the bot token");
                    return;
                }
                if (e.isConflict() && e.description().contains("webhook") && !lastWasConflict) {
                    LOG.info("Account {}: a webhook is set for the bot; deleting it to poll", channel.accountId());
                    webhookCleared = false;
                    lastWasConflict = true;
                    continue;
                }
                lastWasConflict = e.isConflict();
                String reason = e.isConflict()
                        ? "another client is polling the same bot: " + e.getMessage() : e.getMessage();
                retryLater(backoff, reason, e, e.retryAfter());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                retryLater(backoff, "the hub did not take the updates (" + e.getClass().getSimpleName() + ")", e,
                        null);
            }
        }
    }

    private void retryLater(TelegramBackoff backoff, String reason, Exception cause,
                            Duration retryAfter) throws InterruptedException {
        if (!isRunAllowed()) {
            return;
        }
        channel.reportProblem(reason);
        if (cause instanceof TelegramApiException) {
            LOG.warn("Account {}: {}; retrying in at least {} s", channel.accountId(), reason,
                    backoff.peek().toSeconds());
        } else {
            LOG.warn("Account {}: {}; retrying in {} s", channel.accountId(), reason, backoff.peek().toSeconds(),
                    cause);
        }
        awaitTelegram(() -> {
            backoff.sleep(retryAfter);
            return null;
        });
    }

    /**
     * Hands one getUpdates answer to the hub: mapped messages as one batch through the route, unmappable updates to
     * the dead-letter endpoint. Then moves the offset.
     */
    private void deliver(JsonNode updates) throws Exception {
        if (updates == null || updates.isEmpty()) {
            return;
        }
        long next = offset;
        List<InboundMessage> messages = new ArrayList<>();
        List<JsonNode> unmappable = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (JsonNode update : updates) {
            JsonNode id = update.path("update_id");
            if (id.isIntegralNumber()) {
                next = Math.max(next, id.asLong() + 1);
            }
            try {
                mapper.map(update).ifPresentOrElse(messages::add,
                        () -> LOG.debug("Account {}: skipped update {}", channel.accountId(), id.asText()));
            } catch (RuntimeException e) {
                unmappable.add(update);
                reasons.add(e.getMessage());
            }
        }
        if (!messages.isEmpty()) {
            storeInHub(messages);
        }
        for (int i = 0; i < unmappable.size(); i++) {
            park(unmappable.get(i), reasons.get(i));
        }
        // Telegram confirms updates only when getUpdates is next called with a higher offset. Moving the offset
        // after the hub stored (or parked) them means an update is confirmed only once it is safe in the hub; a crash
        // before this line makes Telegram send the same updates again, and the hub drops the duplicates by id.
        offset = next;
    }

    private void storeInHub(List<InboundMessage> messages) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setHeader(HubHeaders.ACCOUNT_ID, channel.accountId());
            exchange.getMessage().setBody(messages);
            LOG.debug("Account {}: handing {} messages to the hub, first {}", channel.accountId(), messages.size(),
                    messages.get(0).externalMessageId());
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
            if (exchange.isRollbackOnly()) {
                throw new IllegalStateException("the hub rolled the batch back");
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void park(JsonNode update, String reason) throws Exception {
        JsonNode id = update.path("update_id");
        String externalId = id.isIntegralNumber() ? "update:" + id.asLong() : null;
        LOG.warn("Account {}: parking unmappable {}: {}", channel.accountId(), externalId, reason);
        Exchange parked = deadLetters.send(channel.deadLetterUri(), exchange -> {
            exchange.getMessage().setBody(update.toString());
            exchange.getMessage().setHeader(HubHeaders.ACCOUNT_ID, channel.accountId());
            exchange.getMessage().setHeader(HubHeaders.DEAD_LETTER_REASON, "unmappable Telegram update: " + reason);
            if (externalId != null) {
                exchange.getMessage().setHeader(HubHeaders.DEAD_LETTER_EXTERNAL_ID, externalId);
            }
        });
        if (parked.getException() != null) {
            throw parked.getException();
        }
    }

    /**
     * Runs a wait on Telegram (a call or a backoff) that stopping may interrupt. Outside these waits the thread is
     * never interrupted, so a batch the hub is storing is not cut in the middle of its transaction.
     */
    private <T> T awaitTelegram(TelegramCall<T> call) throws InterruptedException {
        synchronized (phase) {
            if (stopping) {
                throw new InterruptedException("stopping");
            }
            waiting = true;
        }
        try {
            return call.run();
        } finally {
            synchronized (phase) {
                waiting = false;
                if (stopping) {
                    // the interrupt from doStop may have arrived just after the call returned
                    Thread.interrupted();
                    throw new InterruptedException("stopping");
                }
            }
        }
    }

    @FunctionalInterface
    private interface TelegramCall<T> {
        T run() throws InterruptedException;
    }
}
