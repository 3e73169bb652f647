package org.lineshub.hub.plugin;

/**
 * Reacts to plugins starting and stopping: the channel runtime starts and stops the accounts of the channel types a
 * plugin provides; a later consumer of another extension point (bots) does the same for its own.
 */
public interface PluginListener {

    /**
     * A plugin started. Throwing marks the plugin failed with the exception's message and stops it again.
     *
     * @param pluginId   the plugin
     * @param extensions everything it provides, by extension point
     */
    void pluginStarted(String pluginId, PluginExtensions extensions);

    /**
     * A plugin is about to stop or be unloaded: everything using its classes must be let go of now.
     *
     * @param pluginId the plugin
     */
    void pluginStopping(String pluginId);
}
