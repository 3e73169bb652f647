package org.lineshub.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.plugin.testkit.PluginJarCheck;
import org.lineshub.vk.fake.FakeCommunity;
import org.lineshub.vk.fake.FakeVkApi;

/** The jar as built: PF4J loads it, finds the connector, an account runs, and the unload frees the class loader. */
class VkPluginIT {

    @Test
    void loadsRunsAndUnloadsTheBuiltJar() throws Exception {
        PluginJarCheck.loadRunAndUnload("vk", "org.lineshub.vk.VkPlugin", VkPluginIT::runAccount);
    }

    /**
     * One account long-polls, receives and sends a message, with the plugin as context class loader while it
     * connects and starts, as a hub may set it; then it stops and closes.
     */
    private static void runAccount(ChannelConnector connector, ClassLoader pluginLoader) throws Exception {
        try (FakeVkApi vk = FakeVkApi.start()) {
            FakeCommunity community = vk.community(VkTestHub.GROUP_ID, VkTestHub.TOKEN)
                    .user(42, "Ann", "Lee", null);
            try (VkTestHub hub = VkTestHub.start(connector, VkTestHub.settings(vk.baseUrl()), pluginLoader)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> community.polls() >= 1);
                community.clientWrites(42, 42, "hello");
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.inbound().size() == 1);
                assertThat(hub.inbound().get(0).sender().displayName()).isEqualTo("Ann Lee");
                SentMessage sent = hub.send(OutboundMessage.builder(1, 1, "42").text("hi").build());
                assertThat(sent.externalMessageId()).isEqualTo("42:2");
            }
        }
    }
}
