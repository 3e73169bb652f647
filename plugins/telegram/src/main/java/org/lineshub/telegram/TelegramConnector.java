package org.lineshub.telegram;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
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
 * Telegram bot accounts as a channel of the hub. Receives private and group messages and their edits by long polling
 * or by webhook, sends text, photos and files, and streams received files on demand. Speaks the Bot API itself (JDK
 * HTTP client), so {@code apiBaseUrl} can point at a local Bot API server or a test fake.
 */
@Extension
public class TelegramConnector implements ChannelConnector {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramConnector.class);

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final ChannelDescriptor DESCRIPTOR = ChannelDescriptor.builder("telegram")
            .displayName("Telegram")
            .description("A Telegram bot: clients write to the bot, operators answer as the bot")
            .settings(TelegramSettings.FIELDS)
            .capabilities(ChannelCapability.RECEIVE_ATTACHMENTS, ChannelCapability.SEND_ATTACHMENTS,
                    ChannelCapability.START_CONVERSATION, ChannelCapability.EDITS)
            // getUpdates answers 409 to a second poller of the same bot, and setWebhook wants one owner too
            .inboundOnOneNode()
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
        return TelegramSettings.validate(settings);
    }

    /**
     * Builds the account's Bot API client and its ports. Makes no call to Telegram: polling and webhook registration
     * start with {@link ConnectedAccount#startInbound()}, and both retry in the background while Telegram is
     * unreachable.
     */
    @Override
    public ConnectedAccount connect(ChannelContext context) {
        TelegramSettings settings = TelegramSettings.from(context.settings());
        LOG.info("Account {}: connecting Telegram, {}", context.accountId(), settings);
        TelegramService service = new TelegramHttpService(settings.apiBaseUrl(), settings.botToken(), json);
        TelegramMessageMapper mapper = new TelegramMessageMapper();
        ConnectedAccount.Builder account = ConnectedAccount.builder(new TelegramSender(context, service))
                .attachments(new TelegramFileFetcher(service));
        Runnable stopInbound;
        if (settings.mode() == TelegramSettings.Mode.POLLING) {
            TelegramPoller poller = new TelegramPoller(context, service, mapper, settings.pollTimeoutSeconds());
            account.onStartInbound(poller::start);
            stopInbound = poller::stop;
        } else {
            URI url = context.webhookUrl().orElseThrow(TelegramConnector::noPublicUrl);
            String secret = settings.webhookSecret().orElseGet(TelegramConnector::randomSecret);
            TelegramWebhookRegistration registration = new TelegramWebhookRegistration(context, service, url, secret);
            account.webhook(new TelegramWebhookHandler(context, secret, mapper, json))
                    .onStartInbound(registration::start);
            stopInbound = registration::cancel;
        }
        return account.onStopInbound(stopInbound)
                .onClose(() -> {
                    // stopping again is harmless, and no thread of the account may outlive it: a live thread keeps
                    // the plugin's class loader from being unloaded
                    stopInbound.run();
                    service.close();
                })
                .build();
    }

    static IllegalStateException noPublicUrl() {
        return new IllegalStateException("mode webhook needs the hub's public URL (hub.public-url)");
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
