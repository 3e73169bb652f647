package org.lineshub.telegram;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;
import org.lineshub.plugin.testkit.RecordingInboundSink;
import org.lineshub.plugin.testkit.TestChannelContext;
import org.lineshub.plugin.testkit.TokenLeakCheck;

/**
 * A stand-in for the hub around one Telegram account: connects it and starts receiving, calls its ports the way the
 * hub does, and stops and closes it. What the account hands the hub lands in {@link #sink()}.
 */
final class TelegramTestHub implements AutoCloseable {

    static final String TOKEN = "123456:TEST-token_abc";

    final TestChannelContext channel;
    final ConnectedAccount account;

    private TelegramTestHub(TestChannelContext channel, ConnectedAccount account) {
        this.channel = channel;
        this.account = account;
    }

    /**
     * @param apiBaseUrl the fake's base URL
     * @param extra      settings beyond the token and the base URL
     * @return settings for an account against the fake
     */
    static Map<String, String> settings(String apiBaseUrl, String... extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(TelegramSettings.BOT_TOKEN, TOKEN);
        settings.put(TelegramSettings.API_BASE_URL, apiBaseUrl);
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }

    static TelegramTestHub start(Map<String, String> settings) throws Exception {
        return start(settings, Optional.empty());
    }

    static TelegramTestHub start(Map<String, String> settings, Optional<URI> webhookUrl) throws Exception {
        return start(new TelegramConnector(), settings, webhookUrl, null);
    }

    /**
     * Connects the account and starts receiving, as the hub does.
     *
     * @param accountLoader the context class loader while the account connects and starts, as a hub may set it;
     *                      {@code null} to leave it alone
     */
    static TelegramTestHub start(ChannelConnector connector, Map<String, String> settings, Optional<URI> webhookUrl,
                                 ClassLoader accountLoader) throws Exception {
        TestChannelContext channel = context(settings, webhookUrl);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (accountLoader != null) {
            thread.setContextClassLoader(accountLoader);
        }
        try {
            ConnectedAccount account = connector.connect(channel);
            account.startInbound();
            return new TelegramTestHub(channel, account);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** @return what the hub would hand the plugin for the account */
    static TestChannelContext context(Map<String, String> settings, Optional<URI> webhookUrl) {
        return TestChannelContext.builder("telegram").accountName("test bot").settings(settings).webhookUrl(webhookUrl)
                .build();
    }

    /** @return a check that no log line contains the token's secret, the part after the bot id */
    static TokenLeakCheck tokenLeakCheck() {
        return new TokenLeakCheck(TOKEN.substring(TOKEN.indexOf(':') + 1));
    }

    RecordingInboundSink sink() {
        return channel.sink;
    }

    /** @return every message the account stored, in order */
    List<InboundMessage> inbound() {
        return channel.sink.messages();
    }

    SentMessage send(OutboundMessage message) throws InterruptedException {
        return account.sender().send(message);
    }

    AttachmentContent fetch(Attachment attachment) throws InterruptedException {
        return account.attachments().orElseThrow().fetch(attachment);
    }

    WebhookResponse webhook(WebhookRequest request) throws NotStoredException {
        return account.webhook().orElseThrow().handle(request);
    }

    /** Stops the account like the hub does: inbound first, then the account's resources. */
    @Override
    public void close() {
        account.stopInbound();
        account.close();
    }
}
