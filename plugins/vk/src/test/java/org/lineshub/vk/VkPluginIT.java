package org.lineshub.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.PluginApi;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.vk.fake.FakeCommunity;
import org.lineshub.vk.fake.FakeVkApi;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/** The jar as built: PF4J loads it, finds the connector, an account runs, and the unload frees the class loader. */
class VkPluginIT {

    @Test
    void loadsRunsAndUnloadsTheBuiltJar(@TempDir Path pluginsDir) throws Exception {
        Path jar = Path.of(System.getProperty("vk.plugin.jar", "target/vk-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged plugin").exists();
        Files.copy(jar, pluginsDir.resolve("vk.jar"));

        WeakReference<ClassLoader> loader = loadRunAndUnload(pluginsDir);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return loader.get() == null;
        });
    }

    /** Kept apart so that no local variable of the test method holds a plugin object while it waits for the GC. */
    private static WeakReference<ClassLoader> loadRunAndUnload(Path pluginsDir) throws Exception {
        PluginManager plugins = new JarPluginManager(pluginsDir);
        // the hub checks Plugin-Requires against the plugin API's version
        plugins.setSystemVersion(PluginApi.VERSION);
        plugins.loadPlugins();
        plugins.startPlugins();
        PluginWrapper plugin = plugins.getPlugin("vk");
        assertThat(plugin).as("plugin vk").isNotNull();
        assertThat(plugin.getPluginState()).isEqualTo(PluginState.STARTED);
        assertThat(plugin.getPlugin().getClass().getName()).isEqualTo("org.lineshub.vk.VkPlugin");
        ClassLoader pluginLoader = plugin.getPluginClassLoader();

        List<ChannelConnector> connectors = plugins.getExtensions(ChannelConnector.class, "vk");
        assertThat(plugins.getExtensionClassNames("vk")).hasSize(1);
        assertThat(connectors).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("vk");
            assertThat(c.getClass().getClassLoader()).as("loaded from the jar").isSameAs(pluginLoader);
        });

        runAccount(connectors.get(0), pluginLoader);

        WeakReference<ClassLoader> reference = new WeakReference<>(pluginLoader);
        // one by one: stopPlugins() of PF4J 3.15.0 throws ConcurrentModificationException (pf4j/pf4j#656)
        assertThat(plugins.stopPlugin("vk")).isEqualTo(PluginState.STOPPED);
        assertThat(plugins.unloadPlugin("vk")).isTrue();
        assertThat(plugins.getPlugins()).isEmpty();
        return reference;
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
