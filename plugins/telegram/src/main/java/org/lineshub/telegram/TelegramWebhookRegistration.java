package org.lineshub.telegram;

import java.net.URI;

import org.lineshub.plugin.api.ChannelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Registers the account's webhook with Telegram when the account starts receiving, on a thread of its own: an
 * unreachable Telegram must not keep the account (or the hub) from starting, so transient failures are reported and
 * retried with backoff until the account stops.
 */
final class TelegramWebhookRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramWebhookRegistration.class);

    /** How long cancelling waits for the registration thread to end; an interrupted call ends at once. */
    private static final long CANCEL_TIMEOUT_MILLIS = 5_000;

    private final ChannelContext channel;
    private final TelegramService service;
    private final URI url;
    private final String secret;
    /** Guarded by this. */
    private Thread thread;

    /**
     * @param channel the account's context
     * @param service the account's Bot API client
     * @param url     the hub's public webhook URL for the account
     * @param secret  the {@code secret_token} the webhook handler expects
     */
    TelegramWebhookRegistration(ChannelContext channel, TelegramService service, URI url, String secret) {
        this.channel = channel;
        this.service = service;
        this.url = url;
        this.secret = secret;
    }

    /** Starts registering in the background. */
    synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::register, "telegram-webhook-" + channel.accountId());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Stops a registration still under way; the webhook stays registered with Telegram once it is. */
    void cancel() {
        Thread registering;
        synchronized (this) {
            registering = thread;
            thread = null;
        }
        if (registering == null || registering == Thread.currentThread()) {
            return;
        }
        registering.interrupt();
        try {
            registering.join(CANCEL_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void register() {
        MDC.put("plugin", channel.pluginId());
        MDC.put("account", String.valueOf(channel.accountId()));
        TelegramBackoff backoff = new TelegramBackoff();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    service.setWebhook(url, secret, TelegramService.ALLOWED_UPDATES);
                    LOG.info("Account {}: Telegram webhook registered", channel.accountId());
                    channel.reportHealthy();
                    return;
                } catch (TelegramApiException e) {
                    if (e.isUnauthorized()) {
                        channel.fail("Telegram rejected the bot token");
                        return;
                    }
                    if (!e.isTransient()) {
                        // e.g. "bad webhook: An HTTPS URL must be provided for webhook": only an admin can fix it
                        channel.fail("Telegram refused the webhook: " + e.description());
                        return;
                    }
                    channel.reportProblem("could not register the webhook: " + e.getMessage());
                    LOG.warn("Account {}: could not register the webhook: {}; retrying in at least {} s",
                            channel.accountId(), e.getMessage(), backoff.peek().toSeconds());
                    backoff.sleep(e.retryAfter());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            MDC.remove("plugin");
            MDC.remove("account");
        }
    }
}
