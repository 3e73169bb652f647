package org.lineshub.hub.plugin;

import java.util.List;

/**
 * A plugin as the API shows it.
 *
 * @param id           the plugin id, or the file name of a jar that could not be loaded
 * @param version      the plugin version, or {@code null}
 * @param description  what the plugin says it does, or {@code null}
 * @param provider     who made it, or {@code null}
 * @param state        STARTED, STOPPED, FAILED, or another PF4J state
 * @param error        why it failed, or {@code null}
 * @param file         the file name in the plugin directory
 * @param channelTypes the channel types it provides while started
 * @param extensionPoints the extension points it serves while started (e.g. {@code ChannelConnector})
 */
public record PluginInfo(String id, String version, String description, String provider, String state,
                         String error, String file, List<String> channelTypes,
                         List<String> extensionPoints) {
}
