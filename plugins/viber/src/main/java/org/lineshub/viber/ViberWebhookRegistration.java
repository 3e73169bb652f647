package org.lineshub.viber;

import java.net.URI;
import java.util.List;

import org.lineshub.plugin.api.ChannelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Registers the account's webhook with Viber ({@code set_webhook}) when the account starts receiving, on a thread of
 * its own: an unreachable Viber must not keep the account (or the hub) from starting, so transient failures are
 * reported and retried with backoff until the account stops. While Viber runs {@code set_webhook} it calls the
 * webhook with a {@code webhook} event, which the account's handler answers: the hub registers the handler before it
 * starts the account's inbound.
 *
 * <p>Stopping does not remove the webhook: "once you set your webhook the 1-on-1 conversation with your account will
 * become available. To disable 1-on-1 conversation with your account you'll need to remove your webhook" (REST Bot
 * API, "Setting a Webhook"). A restart would otherwise close the bot's chat to its users; while the account is stopped
 * the hub answers Viber's callbacks with 503, and Viber tries again.
 */
final class ViberWebhookRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(ViberWebhookRegistration.class);

    /** How long cancelling waits for the registration thread to end; an interrupted call ends at once. */
    private static final long CANCEL_TIMEOUT_MILLIS = 5_000;

    private final ChannelContext channel;
    private final ViberService service;
    private final URI url;
    private final List<String> eventTypes;
    /** Guarded by this. */
    private Thread thread;

    /**
     * @param channel    the account's context
     * @param service    the account's REST API client
     * @param url        the hub's public webhook address of the account
     * @param eventTypes the callbacks to ask for
     */
    ViberWebhookRegistration(ChannelContext channel, ViberService service, URI url, List<String> eventTypes) {
        this.channel = channel;
        this.service = service;
        this.url = url;
        this.eventTypes = List.copyOf(eventTypes);
    }

    /** Starts registering in the background. */
    synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::register, "viber-webhook-" + channel.accountId());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Stops a registration still under way; a webhook Viber already took stays registered. */
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
        ViberBackoff backoff = new ViberBackoff();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    service.setWebhook(url, eventTypes);
                    LOG.info("Account {}: Viber webhook registered", channel.accountId());
                    channel.reportHealthy();
                    return;
                } catch (ViberApiException e) {
                    if (e.isUnauthorized()) {
                        channel.fail("Viber rejected the bot's auth token");
                        return;
                    }
                    // invalidUrl: Viber could not reach the webhook or does not trust its certificate; a proxy that
                    // is down for now looks the same as a wrong address, so it is retried and shown to admins
                    if (!e.isTransient() && e.status() != ViberApiException.INVALID_URL) {
                        channel.fail("Viber refused the webhook: " + e.statusMessage() + " (status " + e.status()
                                + ")");
                        return;
                    }
                    channel.reportProblem("could not register the webhook: " + e.getMessage());
                    LOG.warn("Account {}: could not register the webhook: {}; retrying in {} s",
                            channel.accountId(), e.getMessage(), backoff.peek().toSeconds());
                    backoff.sleep();
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
