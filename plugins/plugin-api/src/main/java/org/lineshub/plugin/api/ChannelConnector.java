package org.lineshub.plugin.api;

import java.util.List;
import java.util.Optional;

import org.pf4j.ExtensionPoint;

/**
 * A kind of channel (Telegram, VK, email...) that the hub can connect accounts of. Implementations are PF4J
 * {@code @Extension} classes; one instance serves every account of its type, so it keeps no per-account state: what
 * belongs to an account lives in the {@link ConnectedAccount} built for it.
 */
public interface ChannelConnector extends ExtensionPoint {

    /**
     * Describes the channel: its type name, its settings form, what it can do.
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
     * Connects one channel account: creates its platform client and returns the ports the hub calls. Nothing is
     * received yet; the hub calls {@link ConnectedAccount#startInbound()} next. Should not block on the platform:
     * an unreachable platform must not keep the account (or the hub) from starting.
     *
     * @param context what the hub provides to this account
     * @return the account's ports
     * @throws Exception when the account cannot work with these settings; it is marked failed with the message
     */
    ConnectedAccount connect(ChannelContext context) throws Exception;

    /**
     * A webhook shared by all accounts of this type, for platforms that deliver one app's accounts to one URL.
     *
     * @return the handler, or empty when every account has its own webhook (the default)
     */
    default Optional<SharedWebhookHandler> sharedWebhook() {
        return Optional.empty();
    }
}
