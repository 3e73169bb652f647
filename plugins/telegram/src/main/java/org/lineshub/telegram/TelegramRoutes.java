package org.lineshub.telegram;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.builder.RouteBuilder;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.InboundMessage;

/**
 * The routes of one Telegram account: updates in (long polling or webhook) to the hub's intake, replies out to the
 * Bot API, and received files streamed on demand.
 */
final class TelegramRoutes extends RouteBuilder {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChannelContext channel;
    private final TelegramSettings settings;
    private final TelegramService service;
    private final ObjectMapper json;

    /**
     * @param channel  the account's context
     * @param settings the account's settings
     * @param service  the account's Bot API client
     * @param json     the plugin's mapper, used for trees only
     */
    TelegramRoutes(ChannelContext channel, TelegramSettings settings, TelegramService service, ObjectMapper json) {
        this.channel = channel;
        this.settings = settings;
        this.service = service;
        this.json = json;
    }

    @Override
    public void configure() {
        // failures go back to whoever called: the polling consumer keeps its offset and retries, the hub retries
        // or records a reply; a route-level handler would log exchanges and hide the failure from both
        errorHandler(noErrorHandler());
        TelegramMessageMapper mapper = new TelegramMessageMapper(channel.accountId());
        TelegramServiceLifecycle lifecycle = new TelegramServiceLifecycle(service);

        if (settings.mode() == TelegramSettings.Mode.POLLING) {
            String scheme = TelegramComponent.scheme(channel);
            channel.addComponent(scheme,
                    new TelegramComponent(channel, service, mapper, settings.pollTimeoutSeconds()));
            from(scheme + ":" + TelegramComponent.UPDATES).routeId(channel.routeId("inbound"))
                    .routePolicy(lifecycle)
                    .to(channel.inboundUri());
        } else {
            URI url = channel.webhookUrl().orElseThrow(TelegramConnector::noPublicUrl);
            String secret = settings.webhookSecret().orElseGet(TelegramRoutes::randomSecret);
            from(channel.webhookUri()).routeId(channel.routeId("webhook"))
                    .routePolicy(lifecycle, new TelegramWebhookRegistration(channel, service, url, secret))
                    .process(new TelegramWebhookProcessor(channel.accountId(), secret, mapper, json))
                    .choice()
                        .when(body().isInstanceOf(InboundMessage.class)).to(channel.inboundUri())
                        .when(body().isInstanceOf(String.class)).to(channel.deadLetterUri())
                    .end();
        }

        from(channel.outboundUri()).routeId(channel.routeId("outbound"))
                .routePolicy(lifecycle)
                .process(new TelegramSender(channel, service));

        from(channel.attachmentUri()).routeId(channel.routeId("attachment"))
                .routePolicy(lifecycle)
                .process(new TelegramFileFetcher(service));
    }

    /**
     * A new webhook secret for each start: nobody has to configure one, and a leaked one stops working at the next
     * restart.
     *
     * @return 43 characters of {@code [A-Za-z0-9_-]}, 256 random bits
     */
    static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
