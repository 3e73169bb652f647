package org.lineshub.telegram;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.RoutesBuilder;
import org.lineshub.plugin.api.ChannelCapability;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.SettingProblem;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telegram bot accounts as a channel of the hub. Receives private and group messages by long polling or by webhook,
 * sends text, photos and files, and streams received files on demand. Speaks the Bot API itself (JDK HTTP client),
 * so {@code apiBaseUrl} can point at a local Bot API server or a test fake.
 */
@Extension
public class TelegramConnector implements ChannelConnector {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramConnector.class);

    private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor("telegram", "Telegram",
            "A Telegram bot: clients write to the bot, operators answer as the bot",
            TelegramSettings.FIELDS,
            Set.of(ChannelCapability.RECEIVE_ATTACHMENTS, ChannelCapability.SEND_ATTACHMENTS,
                    ChannelCapability.START_CONVERSATION));

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

    @Override
    public RoutesBuilder routes(ChannelContext context) {
        TelegramSettings settings = TelegramSettings.from(context.settings());
        if (settings.mode() == TelegramSettings.Mode.WEBHOOK && context.webhookUrl().isEmpty()) {
            throw noPublicUrl();
        }
        LOG.info("Account {}: building Telegram routes, {}", context.accountId(), settings);
        TelegramService service = new TelegramHttpService(settings.apiBaseUrl(), settings.botToken(), json);
        return new TelegramRoutes(context, settings, service, json);
    }

    static IllegalStateException noPublicUrl() {
        return new IllegalStateException("mode webhook needs the hub's public URL (hub.public-url)");
    }
}
