package org.lineshub.plugin.api;

import java.util.List;

import org.apache.camel.RoutesBuilder;
import org.pf4j.ExtensionPoint;

/**
 * A kind of channel (Telegram, VK, email...) that the hub can connect accounts of. Implementations are PF4J
 * {@code @Extension} classes; one instance serves every account of its type, so it keeps no per-account state: what
 * belongs to an account lives in the routes built for it.
 */
public interface ChannelConnector extends ExtensionPoint {

    /**
     * Describes the channel: its type name, its settings form and what it can do.
     *
     * @return the descriptor; the same value on every call
     */
    ChannelDescriptor descriptor();

    /**
     * The channel type, e.g. {@code telegram}; unique among loaded plugins.
     *
     * @return {@code descriptor().type()}
     */
    default String type() {
        return descriptor().type();
    }

    /**
     * Checks settings beyond what the schema in {@link #descriptor()} already enforces (required fields, types, enum
     * values), e.g. that a token has the platform's format. Problems name the setting, never its value.
     *
     * @param settings the account's settings with defaults applied
     * @return the problems found; empty when the settings are usable
     */
    default List<SettingProblem> validate(ChannelSettings settings) {
        return List.of();
    }

    /**
     * Builds the Camel routes of one channel account. The hub adds them when the account starts and stops and removes
     * them (and every component added through the context) when it stops. Route ids come from
     * {@link ChannelContext#routeId(String)}. Routes must not use Camel features that look classes up by name
     * ({@code bean:} by class name, data formats by class name): the hub's class loader cannot see plugin classes.
     *
     * @param context what the hub provides to this account
     * @return the routes of the account
     * @throws Exception when the routes cannot be built; the account is then marked failed with the message
     */
    RoutesBuilder routes(ChannelContext context) throws Exception;
}
