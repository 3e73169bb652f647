package org.lineshub.loopback;

import static org.lineshub.plugin.api.ChannelCapability.DELETES;
import static org.lineshub.plugin.api.ChannelCapability.DELIVERY_RECEIPTS;
import static org.lineshub.plugin.api.ChannelCapability.EDITS;
import static org.lineshub.plugin.api.ChannelCapability.RECEIVE_ATTACHMENTS;
import static org.lineshub.plugin.api.ChannelCapability.SEND_ATTACHMENTS;
import static org.lineshub.plugin.api.ChannelCapability.START_CONVERSATION;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;
import org.lineshub.plugin.api.SettingType;
import org.lineshub.plugin.api.SharedWebhookHandler;
import org.pf4j.Extension;

/**
 * Accounts of the loopback platform, a minimal messaging platform over plain HTTP: updates by long polling or by
 * signed webhook (of the account, or shared by all accounts), replies by form post, files by download. The smallest
 * complete channel plugin.
 */
@Extension
public class LoopbackConnector implements ChannelConnector {

    static final String BASE_URL = "baseUrl";
    static final String MODE = "mode";
    static final String SECRET = "secret";
    static final String ACCOUNT_KEY = "accountKey";

    private static final ChannelDescriptor DESCRIPTOR = ChannelDescriptor.builder("loopback")
            .displayName("Loopback")
            .description("A minimal messaging platform over plain HTTP, for trying and testing the hub")
            .settings(List.of(
                    SettingField.builder(BASE_URL, SettingType.URL).required()
                            .description("Address of the platform's API for this account").build(),
                    SettingField.builder(MODE, SettingType.ENUM).options("polling", "webhook").defaultValue("polling")
                            .description("How updates arrive: polled from the platform, or posted to the webhook")
                            .build(),
                    SettingField.builder(SECRET, SettingType.STRING).secret()
                            .description("Key of the webhook signatures and token of the webhook handshake; "
                                    + "16 characters or more, required to receive webhooks").build(),
                    SettingField.builder(ACCOUNT_KEY, SettingType.STRING)
                            .description("Names this account in events posted to the shared webhook").build()))
            .capabilities(RECEIVE_ATTACHMENTS, SEND_ATTACHMENTS, START_CONVERSATION, EDITS, DELETES,
                    DELIVERY_RECEIPTS)
            // two pollers of one account would compete for its updates
            .inboundOnOneNode()
            .webhookRoutingSetting(ACCOUNT_KEY)
            .build();

    @Override
    public ChannelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<SettingProblem> validate(ChannelSettings settings) {
        // the hub already checked that baseUrl is a URL and mode one of its options
        List<SettingProblem> problems = new ArrayList<>();
        Optional<String> secret = settings.find(SECRET);
        if (secret.isPresent() && secret.get().length() < 16) {
            problems.add(new SettingProblem(SECRET, "must be at least 16 characters"));
        }
        boolean webhooks = isWebhook(settings) || settings.find(ACCOUNT_KEY).isPresent();
        if (secret.isEmpty() && webhooks) {
            problems.add(new SettingProblem(SECRET, "is required to receive webhooks"));
        }
        return problems;
    }

    @Override
    public ConnectedAccount connect(ChannelContext context) {
        LoopbackClient client = new LoopbackClient(URI.create(context.settings().require(BASE_URL)));
        ConnectedAccount.Builder account = ConnectedAccount.builder(message -> client.send(message, context))
                .attachments(client::fetch)
                .onClose(client::close);
        if (isWebhook(context.settings())) {
            return account.webhook(new LoopbackWebhook(context)).build();
        }
        LoopbackPoller poller = new LoopbackPoller(context, client);
        return account.onStartInbound(poller::start).onStopInbound(poller::stop).build();
    }

    @Override
    public Optional<SharedWebhookHandler> sharedWebhook() {
        return Optional.of(LoopbackWebhook::handleShared);
    }

    private static boolean isWebhook(ChannelSettings settings) {
        return "webhook".equals(settings.require(MODE));
    }
}
