package org.lineshub.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.plugin.testkit.PluginJarCheck;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;

/** The jar as built: PF4J loads it, finds the connector, an account runs, and the unload frees the class loader. */
class TelegramPluginIT {

    @Test
    void loadsRunsAndUnloadsTheBuiltJar() throws Exception {
        PluginJarCheck.loadRunAndUnload("telegram", "org.lineshub.telegram.TelegramPlugin", TelegramPluginIT::runAccount);
    }

    /**
     * One account connects, receives and sends a message, with the plugin as context class loader while it connects
     * and starts, as a hub may set it; then it stops and closes.
     */
    private static void runAccount(ChannelConnector connector, ClassLoader pluginLoader) throws Exception {
        try (FakeTelegramBotApi api = FakeTelegramBotApi.start()) {
            FakeBot bot = api.bot(TelegramTestHub.TOKEN);
            bot.enqueueText(42, 42, "Ann", "hello");
            try (TelegramTestHub hub = TelegramTestHub.start(connector,
                    TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "1"), Optional.empty(),
                    pluginLoader)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.inbound().size() == 1);
                SentMessage sent = hub.send(OutboundMessage.builder(1, 1, "42").text("hi").build());
                assertThat(sent.externalMessageId()).isEqualTo("42:2");
            }
        }
    }
}
