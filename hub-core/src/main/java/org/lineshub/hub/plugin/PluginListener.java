package org.lineshub.hub.plugin;

import java.util.List;

import org.lineshub.plugin.api.ChannelConnector;

/** Reacts to plugins starting and stopping: the channel runtime starts and stops the plugins' accounts. */
public interface PluginListener {

    /**
     * A plugin started. Throwing marks the plugin failed with the exception's message and stops it again.
     *
     * @param pluginId   the plugin
     * @param connectors the channel connectors it provides
     */
    void pluginStarted(String pluginId, List<ChannelConnector> connectors);

    /**
     * A plugin is about to stop or be unloaded: everything using its classes must be let go of now.
     *
     * @param pluginId the plugin
     */
    void pluginStopping(String pluginId);
}
