package org.lineshub.whatsapp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.lineshub.plugin.api.ChannelCapability;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.SettingProblem;
import org.lineshub.plugin.api.SharedWebhookHandler;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WhatsApp Business phone numbers on Meta's Cloud API as a channel of the hub. Each account is one business phone
 * number; the numbers of a Meta app share one webhook URL, the channel type's shared webhook
 * {@code /webhooks/shared/whatsapp}, which finds each number's account by its {@code phoneNumberId}. Replies go
 * through the Graph API ({@code apiBaseUrl}, {@code apiVersion}); received media is fetched when someone opens it.
 */
@Extension
public class WhatsAppConnector implements ChannelConnector {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppConnector.class);

    private static final ChannelDescriptor DESCRIPTOR = ChannelDescriptor.builder("whatsapp")
            .displayName("WhatsApp")
            .description("A WhatsApp Business phone number on Meta's Cloud API: clients write to the number, "
                    + "operators answer as the business")
            .settings(WhatsAppSettings.FIELDS)
            .capabilities(ChannelCapability.RECEIVE_ATTACHMENTS, ChannelCapability.SEND_ATTACHMENTS,
                    ChannelCapability.START_CONVERSATION, ChannelCapability.DELIVERY_RECEIPTS,
                    ChannelCapability.TEMPLATES, ChannelCapability.EDITS, ChannelCapability.DELETES)
            // the customer service window: free-form messages only within 24 hours of the client's last message,
            // templates at any time ("Send messages": customer service windows)
            .replyWindow(Duration.ofHours(24))
            .webhookRoutingSetting(WhatsAppSettings.PHONE_NUMBER_ID)
            .build();

    /**
     * The plugin's own mapper, used for JSON trees only: binding JSON to plugin classes would put them into Jackson's
     * global caches and keep the plugin's class loader alive after an unload.
     */
    private final ObjectMapper json = new ObjectMapper();
    private final WhatsAppWebhook webhook = new WhatsAppWebhook(json);

    @Override
    public ChannelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<SettingProblem> validate(ChannelSettings settings) {
        return WhatsAppSettings.validate(settings);
    }

    /**
     * Builds the account's Graph API client and its ports. Makes no call to Meta: there is nothing to start, the
     * webhook is the app's and registered in Meta's dashboard.
     */
    @Override
    public ConnectedAccount connect(ChannelContext context) {
        WhatsAppSettings settings = WhatsAppSettings.from(context.settings());
        LOG.info("Account {}: connecting WhatsApp, {}", context.accountId(), settings);
        WhatsAppService service = new WhatsAppHttpService(settings, json);
        return ConnectedAccount.builder(new WhatsAppSender(context, service, json, settings.templateLanguage()))
                .attachments(new WhatsAppMediaFetcher(service))
                .onClose(service::close)
                .build();
    }

    @Override
    public Optional<SharedWebhookHandler> sharedWebhook() {
        return Optional.of(webhook);
    }
}
