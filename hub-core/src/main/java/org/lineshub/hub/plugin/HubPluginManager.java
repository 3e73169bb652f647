package org.lineshub.hub.plugin;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFinder;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.PluginRepository;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;

/**
 * PF4J with the hub's own lifecycle: the hub decides which jars to load (through its directory watcher) and which
 * plugins to start (from its database), so PF4J's directory scanning and enabled/disabled files are switched off,
 * and only plugin jars (never the hub's own class path) contribute extensions.
 */
class HubPluginManager extends DefaultPluginManager {

    HubPluginManager(Path pluginsRoot, String systemVersion) {
        super(pluginsRoot);
        setSystemVersion(systemVersion);
    }

    /**
     * @param plugin a loaded plugin
     * @return whether its {@code Plugin-Requires} admits this hub's plugin API version
     */
    boolean satisfiesApi(PluginWrapper plugin) {
        return isPluginValid(plugin);
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT;
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {
                // enabled state lives in the hub's database (PluginStateStore)
            }

            @Override
            public void enablePlugin(String pluginId) {
                // enabled state lives in the hub's database (PluginStateStore)
            }
        };
    }

    @Override
    protected PluginRepository createPluginRepository() {
        // an empty repository: loadPlugins() finds nothing, jars arrive one by one through loadPlugin(path)
        return new PluginRepository() {
            @Override
            public java.util.List<Path> getPluginPaths() {
                return java.util.List.of();
            }

            @Override
            public boolean deletePluginPath(Path pluginPath) {
                return false;
            }
        };
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        LegacyExtensionFinder finder = new LegacyExtensionFinder(this) {
            @Override
            public Map<String, Set<String>> readClasspathStorages() {
                return Map.of();
            }
        };
        addPluginStateListener(finder);
        return finder;
    }
}
