package org.lineshub.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.PluginApi;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * A plugin's jar as built, handled the way the hub handles it: PF4J loads it, the plugin starts and offers its
 * connector from its own class loader, the caller runs an account on it, then the plugin stops and unloads and its
 * class loader must be garbage collected (nothing of the plugin stays reachable).
 */
public final class PluginJarCheck {

    /** What the caller does with the loaded connector: typically one account that receives and sends. */
    @FunctionalInterface
    public interface AccountRun {
        /**
         * @param connector    the plugin's connector, loaded from the jar
         * @param pluginLoader the plugin's class loader
         * @throws Exception when the run fails
         */
        void run(ChannelConnector connector, ClassLoader pluginLoader) throws Exception;
    }

    private PluginJarCheck() {
    }

    /**
     * @param pluginId    the plugin's id, also its channel type and jar name; the jar is the system property
     *                    {@code <id>.plugin.jar}, else {@code target/<id>-0.1.0-SNAPSHOT.jar}
     * @param pluginClass the plugin class's name, or {@code null} not to check it
     * @param run         what to do while the plugin is started
     * @throws Exception when a step fails
     */
    public static void loadRunAndUnload(String pluginId, String pluginClass, AccountRun run) throws Exception {
        Path jar = Path.of(System.getProperty(pluginId + ".plugin.jar", "target/" + pluginId + "-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged plugin").exists();
        Path pluginsDir = Files.createTempDirectory("plugins-" + pluginId);
        Files.copy(jar, pluginsDir.resolve(pluginId + ".jar"));

        WeakReference<ClassLoader> loader = loadRunAndStop(pluginsDir, pluginId, pluginClass, run);

        long deadline = System.nanoTime() + 20_000_000_000L;
        while (loader.get() != null) {
            assertThat(System.nanoTime()).as("the plugin's class loader is collected within 20 s").isLessThan(deadline);
            System.gc();
            Thread.sleep(200);
        }
    }

    /** Kept apart so that no local variable of the caller holds a plugin object while it waits for the GC. */
    private static WeakReference<ClassLoader> loadRunAndStop(Path pluginsDir, String pluginId, String pluginClass,
                                                             AccountRun run) throws Exception {
        PluginManager plugins = new JarPluginManager(pluginsDir);
        // the hub checks Plugin-Requires against the plugin API's version
        plugins.setSystemVersion(PluginApi.VERSION);
        plugins.loadPlugins();
        plugins.startPlugins();
        PluginWrapper plugin = plugins.getPlugin(pluginId);
        assertThat(plugin).as("plugin " + pluginId).isNotNull();
        assertThat(plugin.getPluginState()).isEqualTo(PluginState.STARTED);
        if (pluginClass != null) {
            assertThat(plugin.getPlugin().getClass().getName()).isEqualTo(pluginClass);
        }
        ClassLoader pluginLoader = plugin.getPluginClassLoader();

        List<ChannelConnector> connectors = plugins.getExtensions(ChannelConnector.class, pluginId);
        assertThat(plugins.getExtensionClassNames(pluginId)).hasSize(1);
        assertThat(connectors).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(pluginId);
            assertThat(c.getClass().getClassLoader()).as("loaded from the jar").isSameAs(pluginLoader);
        });

        run.run(connectors.get(0), pluginLoader);

        WeakReference<ClassLoader> reference = new WeakReference<>(pluginLoader);
        // one by one: stopPlugins() of PF4J 3.15.0 throws ConcurrentModificationException (pf4j/pf4j#656)
        assertThat(plugins.stopPlugin(pluginId)).isEqualTo(PluginState.STOPPED);
        assertThat(plugins.unloadPlugin(pluginId)).isTrue();
        assertThat(plugins.getPlugins()).isEmpty();
        return reference;
    }
}
