package org.lineshub.vk;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.lineshub.plugin.api.AccountState;
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

/**
 * A stand-in for the hub around one VK account: connects it and starts receiving, calls its ports the way the hub
 * does, and stops and closes it. What the account hands the hub lands in {@link #sink()}.
 */
final class VkTestHub implements AutoCloseable {

    static final String TOKEN = "vk1.a.TEST-community-token_0123456789abcdefghijklmnopqrstuvwxyz";
    static final long GROUP_ID = 218_000_001L;

    final TestChannelContext channel;
    final ConnectedAccount account;

    private VkTestHub(TestChannelContext channel, ConnectedAccount account) {
        this.channel = channel;
        this.account = account;
    }

    /**
     * @param webhookUrl the hub's public webhook URL, if it has one
     * @param state      the account's state; the one an earlier context of the account had, to play a restart
     * @return what the hub would hand the plugin for the account
     */
    static TestChannelContext context(Map<String, String> settings, Optional<URI> webhookUrl, AccountState state) {
        return TestChannelContext.builder("vk").accountName("test community").settings(settings).webhookUrl(webhookUrl)
                .state(state).build();
    }

    /**
     * @param apiBaseUrl the fake's base URL
     * @param extra      settings beyond the token, the group and the base URL, as name-value pairs
     * @return settings for an account against the fake, long polling with a wait of 1 s
     */
    static Map<String, String> settings(String apiBaseUrl, String... extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(VkSettings.ACCESS_TOKEN, TOKEN);
        settings.put(VkSettings.GROUP_ID, Long.toString(GROUP_ID));
        settings.put(VkSettings.API_BASE_URL, apiBaseUrl);
        settings.put(VkSettings.POLL_WAIT_SECONDS, "1");
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }

    static VkTestHub start(Map<String, String> settings) throws Exception {
        return start(new VkConnector(), settings, null);
    }

    /**
     * Connects the account with the state a previous connect of it left, as the hub does after a restart.
     *
     * @param state the account's state
     */
    static VkTestHub start(Map<String, String> settings, AccountState state) throws Exception {
        return start(new VkConnector(), settings, null, state);
    }

    /**
     * Connects the account and starts receiving, as the hub does.
     *
     * @param accountLoader the context class loader while the account connects and starts, as a hub may set it;
     *                      {@code null} to leave it alone
     */
    static VkTestHub start(ChannelConnector connector, Map<String, String> settings, ClassLoader accountLoader)
            throws Exception {
        return start(connector, settings, accountLoader, AccountState.inMemory());
    }

    private static VkTestHub start(ChannelConnector connector, Map<String, String> settings,
                                   ClassLoader accountLoader, AccountState state) throws Exception {
        TestChannelContext channel = context(settings,
                Optional.of(URI.create("https://hub.example/webhooks/k3y")), state);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (accountLoader != null) {
            thread.setContextClassLoader(accountLoader);
        }
        try {
            ConnectedAccount account = connector.connect(channel);
            account.startInbound();
            return new VkTestHub(channel, account);
        } finally {
            thread.setContextClassLoader(previous);
        }
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
