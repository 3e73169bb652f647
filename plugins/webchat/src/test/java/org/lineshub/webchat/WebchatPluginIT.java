package org.lineshub.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.PluginApi;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.testkit.TestChannelContext;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/** The jar as built: PF4J loads it, an account serves its widget from the jar, and the unload frees the loader. */
class WebchatPluginIT {

    @Test
    void loadsRunsAndUnloadsTheBuiltJar(@TempDir Path pluginsDir) throws Exception {
        Path jar = Path.of(System.getProperty("webchat.plugin.jar", "target/webchat-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged plugin").exists();
        Files.copy(jar, pluginsDir.resolve("webchat.jar"));

        WeakReference<ClassLoader> loader = loadRunAndUnload(pluginsDir);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return loader.get() == null;
        });
    }

    /** Kept apart so that no local variable of the test method holds a plugin object while it waits for the GC. */
    private static WeakReference<ClassLoader> loadRunAndUnload(Path pluginsDir) throws Exception {
        PluginManager plugins = new JarPluginManager(pluginsDir);
        plugins.setSystemVersion(PluginApi.VERSION);
        plugins.loadPlugins();
        plugins.startPlugins();
        PluginWrapper plugin = plugins.getPlugin("webchat");
        assertThat(plugin).as("plugin webchat").isNotNull();
        assertThat(plugin.getPluginState()).isEqualTo(PluginState.STARTED);
        ClassLoader pluginLoader = plugin.getPluginClassLoader();
        List<ChannelConnector> connectors = plugins.getExtensions(ChannelConnector.class, "webchat");
        assertThat(connectors).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("webchat");
            assertThat(c.getClass().getClassLoader()).as("loaded from the jar").isSameAs(pluginLoader);
        });

        ConnectedAccount account = connectors.get(0).connect(
                TestChannelContext.builder("webchat").accountName("site chat").keepHistory().build());
        var widget = account.webhook().orElseThrow().handle(new WebhookRequest("GET", Map.of(), Map.of(), null,
                "/widget.js"));
        assertThat(widget.status()).isEqualTo(200);
        assertThat(widget.body().length).isGreaterThan(1000);
        account.close();

        WeakReference<ClassLoader> reference = new WeakReference<>(pluginLoader);
        assertThat(plugins.stopPlugin("webchat")).isEqualTo(PluginState.STOPPED);
        assertThat(plugins.unloadPlugin("webchat")).isTrue();
        return reference;
    }
}
