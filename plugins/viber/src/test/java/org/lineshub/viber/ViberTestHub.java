package org.lineshub.viber;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.plugin.testkit.RecordingInboundSink;
import org.lineshub.plugin.testkit.TestChannelContext;

/**
 * A stand-in for the hub around one Viber account: its webhook address over real HTTP ({@link TestWebhookServer}),
 * the account connected and its handler registered before its inbound starts, as the hub does; stops and closes it.
 */
final class ViberTestHub implements AutoCloseable {

    static final String TOKEN = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9";

    final TestChannelContext channel;
    final ConnectedAccount account;
    final TestWebhookServer webhook;

    private ViberTestHub(TestChannelContext channel, ConnectedAccount account, TestWebhookServer webhook) {
        this.channel = channel;
        this.account = account;
        this.webhook = webhook;
    }

    /**
     * @param webhookUrl the hub's public webhook URL, if it has one
     * @param state      the account's state; the one an earlier context of the account had, to play a restart
     * @return what the hub would hand the plugin for the account
     */
    static TestChannelContext context(Map<String, String> settings, Optional<URI> webhookUrl, AccountState state) {
        return TestChannelContext.builder("viber").accountName("Shop bot").settings(settings).webhookUrl(webhookUrl)
                .state(state).build();
    }

    /**
     * @param apiBaseUrl the fake's base URL
     * @param extra      settings beyond the token and the base URL, as name-value pairs
     * @return settings for an account against the fake
     */
    static Map<String, String> settings(String apiBaseUrl, String... extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(ViberSettings.AUTH_TOKEN, TOKEN);
        settings.put(ViberSettings.API_BASE_URL, apiBaseUrl);
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }

    static ViberTestHub start(Map<String, String> settings) throws Exception {
        return start(new ViberConnector(), settings, null);
    }

    /**
     * Connects the account with the state an earlier connect of it left, as the hub does after a restart.
     *
     * @param state the account's state
     */
    static ViberTestHub start(Map<String, String> settings, AccountState state) throws Exception {
        return start(new ViberConnector(), settings, null, state);
    }

    /**
     * Connects the account, registers its webhook handler and starts receiving, as the hub does.
     *
     * @param accountLoader the context class loader while the account connects and starts, as a hub may set it;
     *                      {@code null} to leave it alone
     */
    static ViberTestHub start(ChannelConnector connector, Map<String, String> settings, ClassLoader accountLoader)
            throws Exception {
        return start(connector, settings, accountLoader, AccountState.inMemory());
    }

    private static ViberTestHub start(ChannelConnector connector, Map<String, String> settings,
                                      ClassLoader accountLoader, AccountState state) throws Exception {
        TestWebhookServer webhook = new TestWebhookServer();
        TestChannelContext channel = context(settings, Optional.of(webhook.url()), state);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (accountLoader != null) {
            thread.setContextClassLoader(accountLoader);
        }
        try {
            ConnectedAccount account = connector.connect(channel);
            webhook.handler(account.webhook().orElseThrow());
            account.startInbound();
            return new ViberTestHub(channel, account, webhook);
        } catch (Exception | Error e) {
            webhook.close();
            throw e;
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

    URI webhookUrl() {
        return webhook.url();
    }

    SentMessage send(OutboundMessage message) throws InterruptedException {
        return account.sender().send(message);
    }

    /** Stops the account like the hub does: inbound first, then the account's resources. */
    @Override
    public void close() {
        webhook.handler(null);
        account.stopInbound();
        account.close();
        webhook.close();
    }
}
