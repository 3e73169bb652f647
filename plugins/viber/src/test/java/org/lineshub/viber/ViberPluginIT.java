package org.lineshub.viber;

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
import org.lineshub.viber.fake.FakeViberApi;
import org.lineshub.viber.fake.FakeViberBot;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/** The jar as built: PF4J loads it, finds the connector, an account runs, and the unload frees the class loader. */
class ViberPluginIT {

    @Test
    void loadsRunsAndUnloadsTheBuiltJar(@TempDir Path pluginsDir) throws Exception {
        Path jar = Path.of(System.getProperty("viber.plugin.jar", "target/viber-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged plugin").exists();
        Files.copy(jar, pluginsDir.resolve("viber.jar"));

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
        PluginWrapper plugin = plugins.getPlugin("viber");
        assertThat(plugin).as("plugin viber").isNotNull();
        assertThat(plugin.getPluginState()).isEqualTo(PluginState.STARTED);
        assertThat(plugin.getPlugin().getClass().getName()).isEqualTo("org.lineshub.viber.ViberPlugin");
        ClassLoader pluginLoader = plugin.getPluginClassLoader();

        List<ChannelConnector> connectors = plugins.getExtensions(ChannelConnector.class, "viber");
        assertThat(plugins.getExtensionClassNames("viber")).hasSize(1);
        assertThat(connectors).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("viber");
            assertThat(c.getClass().getClassLoader()).as("loaded from the jar").isSameAs(pluginLoader);
        });

        runAccount(connectors.get(0), pluginLoader);

        WeakReference<ClassLoader> reference = new WeakReference<>(pluginLoader);
        // one by one: stopPlugins() of PF4J 3.15.0 throws ConcurrentModificationException (pf4j/pf4j#656)
        assertThat(plugins.stopPlugin("viber")).isEqualTo(PluginState.STOPPED);
        assertThat(plugins.unloadPlugin("viber")).isTrue();
        assertThat(plugins.getPlugins()).isEmpty();
        return reference;
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
