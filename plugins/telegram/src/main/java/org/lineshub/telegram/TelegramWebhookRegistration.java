package org.lineshub.telegram;

import java.net.URI;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.lineshub.plugin.api.ChannelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Registers the account's webhook with Telegram when the webhook route starts, in the background: an unreachable
 * Telegram must not keep the account (or the hub) from starting, so transient failures are reported and retried
 * with backoff until the route stops.
 */
final class TelegramWebhookRegistration extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramWebhookRegistration.class);

    private final ChannelContext channel;
    private final TelegramService service;
    private final URI url;
    private final String secret;
    private ExecutorService executor;

    /**
     * @param channel the account's context
     * @param service the account's Bot API client
     * @param url     the hub's public webhook URL for the account
     * @param secret  the {@code secret_token} the webhook route expects
     */
    TelegramWebhookRegistration(ChannelContext channel, TelegramService service, URI url, String secret) {
        this.channel = channel;
        this.service = service;
        this.url = url;
        this.secret = secret;
    }

    @Override
    public synchronized void onStart(Route route) {
        if (executor == null) {
            executor = route.getCamelContext().getExecutorServiceManager()
                    .newSingleThreadExecutor(this, "TelegramWebhookRegistration");
            executor.execute(this::register);
        }
    }

    @Override
    public void onStop(Route route) {
        cancel(route);
    }

    @Override
    public void onRemove(Route route) {
        cancel(route);
    }

    private synchronized void cancel(Route route) {
        if (executor != null) {
            route.getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            executor = null;
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
