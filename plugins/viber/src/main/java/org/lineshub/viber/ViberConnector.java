package org.lineshub.viber;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.lineshub.plugin.api.ChannelCapability;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.SettingProblem;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Viber bot accounts as a channel of the hub. Receives messages and delivery receipts by signed webhook (Viber has no
 * polling), sends text, pictures and files, and keeps received files in the hub. Speaks the REST Bot API itself (JDK
 * HTTP client), so {@code apiBaseUrl} can point at a test fake.
 */
@Extension
public class ViberConnector implements ChannelConnector {

    private static final Logger LOG = LoggerFactory.getLogger(ViberConnector.class);

    private static final ChannelDescriptor DESCRIPTOR = ChannelDescriptor.builder("viber")
            .displayName("Viber")
            .description("A Viber bot: clients write to the bot, operators answer as the bot")
            .settings(ViberSettings.FIELDS)
            // a bot may write to any user subscribed to it, so an operator may write first to a known client
            .capabilities(ChannelCapability.RECEIVE_ATTACHMENTS, ChannelCapability.SEND_ATTACHMENTS,
                    ChannelCapability.START_CONVERSATION, ChannelCapability.DELIVERY_RECEIPTS)
            .build();

    /**
     * The plugin's own mapper, used for JSON trees only: binding JSON to plugin classes would put them into Jackson's
     * global caches and keep the plugin's class loader alive after an unload.
     */
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public ChannelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<SettingProblem> validate(ChannelSettings settings) {
        return ViberSettings.validate(settings);
    }

    /**
     * Builds the account's REST API client and its ports. Makes no call to Viber: the webhook is registered by
     * {@link ConnectedAccount#startInbound()}, in the background, retrying while Viber is unreachable.
     */
    @Override
    public ConnectedAccount connect(ChannelContext context) {
        ViberSettings settings = ViberSettings.from(context.settings());
        URI webhook = context.webhookUrl().orElseThrow(() -> new IllegalStateException(
                "Viber delivers messages only to a webhook: the hub needs its public HTTPS address (hub.public-url)"));
        LOG.info("Account {}: connecting Viber, {}", context.accountId(), settings);
        ViberService service = new ViberHttpService(settings.apiBaseUrl(), settings.authToken(), json);
        ViberSubscriptions subscriptions = new ViberSubscriptions(context);
        ViberMediaLinks links = new ViberMediaLinks(context, webhook, settings.authToken(), Clock.systemUTC());
        ViberWebhookHandler handler = new ViberWebhookHandler(context, settings, new ViberMessageMapper(),
                new ViberMediaCopier(context, service), links, subscriptions, json);
        ViberWebhookRegistration registration = new ViberWebhookRegistration(context, service, webhook,
                eventTypes(settings));
        return ConnectedAccount.builder(new ViberSender(context, service, settings, subscriptions, links, json))
                .webhook(handler)
                .attachments(new ViberFileFetcher(service))
                .onStartInbound(registration::start)
                .onStopInbound(registration::cancel)
                .onClose(() -> {
                    // no thread of the account may outlive it: a live thread keeps the plugin's class loader loaded
                    registration.cancel();
                    service.close();
                })
                .build();
    }

    /**
     * The callbacks to ask for ({@code event_types}): receipts, and whether users (un)subscribe; the opening of a chat
     * only when a welcome message answers it. Messages always come: "message" cannot be filtered out.
     *
     * @param settings the account's settings
     * @return the event types for {@code set_webhook}
     */
    static List<String> eventTypes(ViberSettings settings) {
        List<String> types = new ArrayList<>(List.of("delivered", "seen", "failed", "subscribed", "unsubscribed"));
        if (settings.welcomeMessage().isPresent()) {
            types.add("conversation_started");
        }
        return types;
    }
}
