package org.lineshub.viber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.plugin.testkit.PluginJarCheck;
import org.lineshub.viber.fake.FakeViberApi;
import org.lineshub.viber.fake.FakeViberBot;

/** The jar as built: PF4J loads it, finds the connector, an account runs, and the unload frees the class loader. */
class ViberPluginIT {

    @Test
    void loadsRunsAndUnloadsTheBuiltJar() throws Exception {
        PluginJarCheck.loadRunAndUnload("viber", "org.lineshub.viber.ViberPlugin", ViberPluginIT::runAccount);
    }

    /**
     * One account registers its webhook, receives a message and answers it, with the plugin as context class loader
     * while it connects and starts, as a hub may set it; then it stops and closes.
     */
    private static void runAccount(ChannelConnector connector, ClassLoader pluginLoader) throws Exception {
        try (FakeViberApi api = FakeViberApi.start()) {
            FakeViberBot bot = api.bot(ViberTestHub.TOKEN);
            try (ViberTestHub hub = ViberTestHub.start(connector, ViberTestHub.settings(api.baseUrl()),
                    pluginLoader)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> bot.webhookUrl() != null);
                assertThat(bot.userWrites("u-1", "Ann", "hello").answer().status()).isEqualTo(200);
                assertThat(hub.inbound()).hasSize(1);
                SentMessage sent = hub.send(OutboundMessage.builder(1, 1, "u-1").text("hi").build());
                assertThat(sent.externalMessageId()).isEqualTo(bot.sent().get(0).token());
            }
        }
    }
}
