package org.lineshub.telegram;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.NotStoredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Long-polls getUpdates on one thread of the account's own and hands each answer to the hub as one batch. The offset
 * moves past an answer only after the hub stored it; failures are retried with backoff, a rejected token fails the
 * account.
 */
final class TelegramPoller {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramPoller.class);

    /** Telegram's maximum; a backlog after downtime arrives in few round trips. */
    static final int LIMIT = 100;
    /** How long stopping waits for a batch the hub is storing before it interrupts it. */
    private static final long STOP_TIMEOUT_MILLIS = 10_000;

    private final ChannelContext channel;
    private final TelegramService service;
    private final TelegramMessageMapper mapper;
    private final int pollTimeoutSeconds;

    /** Guards {@link #thread}, {@link #waiting} and {@link #stopping} (see {@link #awaitTelegram}). */
    private final Object phase = new Object();
    private Thread thread;
    private boolean waiting;
    private boolean stopping;

    /** The next update id wanted; only the polling thread touches it. */
    private long offset;

    /**
     * @param channel            the account's context
     * @param service            the account's Bot API client
     * @param mapper             maps the account's updates
     * @param pollTimeoutSeconds the long-poll timeout
     */
    TelegramPoller(ChannelContext channel, TelegramService service, TelegramMessageMapper mapper,
                   int pollTimeoutSeconds) {
        this.channel = channel;
        this.service = service;
        this.mapper = mapper;
        this.pollTimeoutSeconds = pollTimeoutSeconds;
    }

    /** Starts the polling thread. */
    void start() {
        synchronized (phase) {
            if (thread != null) {
                throw new IllegalStateException("account " + channel.accountId() + " is already polling");
            }
            stopping = false;
            thread = new Thread(this::run, "telegram-polling-" + channel.accountId());
            thread.setDaemon(true);
            thread.start();
        }
        LOG.info("Account {}: polling Telegram for updates", channel.accountId());
    }

    /**
     * Stops polling: a long poll or a backoff is cut short at once, a batch the hub is storing is left to finish
     * (up to 10 s). Does nothing when not polling.
     */
    void stop() {
        Thread polling;
        synchronized (phase) {
            polling = thread;
            if (polling == null) {
                return;
            }
            stopping = true;
            if (waiting) {
                polling.interrupt();
            }
        }
        if (polling != Thread.currentThread()) {
            try {
                polling.join(STOP_TIMEOUT_MILLIS);
                if (polling.isAlive()) {
                    LOG.warn("Account {}: the hub did not store a batch within {} ms; interrupting it",
                            channel.accountId(), STOP_TIMEOUT_MILLIS);
                    polling.interrupt();
                    polling.join(STOP_TIMEOUT_MILLIS);
                }
            } catch (InterruptedException e) {
                polling.interrupt();
                Thread.currentThread().interrupt();
            }
        }
        synchronized (phase) {
            thread = null;
        }
        LOG.info("Account {}: stopped polling Telegram", channel.accountId());
    }

    private void run() {
        MDC.put("plugin", channel.pluginId());
        MDC.put("account", String.valueOf(channel.accountId()));
        try {
            poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            MDC.remove("plugin");
            MDC.remove("account");
        }
    }

    private boolean isRunAllowed() {
        synchronized (phase) {
            return !stopping;
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
                retryLater(backoff, reason, null, e.retryAfter());
            } catch (NotStoredException e) {
                retryLater(backoff, "the hub did not store the updates: " + e.getMessage(), null, null);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                retryLater(backoff, "the hub did not take the updates (" + e.getClass().getSimpleName() + ")", e,
                        null);
            }
        }
    }

    /**
     * @param unexpected an error worth a stack trace in the log, or {@code null} for an expected failure whose
     *                   reason says it all
     */
    private void retryLater(TelegramBackoff backoff, String reason, Exception unexpected,
                            Duration retryAfter) throws InterruptedException {
        if (!isRunAllowed()) {
            return;
        }
        channel.reportProblem(reason);
        if (unexpected == null) {
            LOG.warn("Account {}: {}; retrying in at least {} s", channel.accountId(), reason,
                    backoff.peek().toSeconds());
        } else {
            LOG.warn("Account {}: {}; retrying in {} s", channel.accountId(), reason, backoff.peek().toSeconds(),
                    unexpected);
        }
        awaitTelegram(() -> {
            backoff.sleep(retryAfter);
            return null;
        });
    }

    /** Hands one getUpdates answer to the hub, then moves the offset past it. */
    private void deliver(JsonNode updates) throws NotStoredException {
        if (updates == null || updates.isEmpty()) {
            return;
        }
        TelegramUpdateBatch batch = TelegramUpdateBatch.map(updates, mapper, channel.accountId());
        batch.handTo(channel);
        // Telegram confirms updates only when getUpdates is next called with a higher offset. Moving the offset
        // after the hub stored (or parked) them means an update is confirmed only once it is safe in the hub; a crash
        // before this line makes Telegram send the same updates again, and the hub drops the duplicates by id.
        offset = batch.nextOffset(offset);
    }

    /**
     * Runs a wait on Telegram (a call or a backoff) that stopping may interrupt. Outside these waits the thread is
     * never interrupted (unless the hub takes longer than the stop timeout), so a batch the hub is storing is not cut
     * in the middle of its transaction.
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
                    // the interrupt from stop() may have arrived just after the call returned
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
