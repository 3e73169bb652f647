package org.lineshub.plugin.api;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the hub and its users need to know about a channel type: its name, the settings form for its accounts, its
 * capabilities, and the platform rules the hub enforces for it.
 *
 * @param type                  the channel type, lower case letters, digits and dashes, e.g. {@code telegram}
 * @param displayName           the name shown to admins, e.g. {@code Telegram}
 * @param description           one sentence for the admin UI
 * @param settings              the settings of one account, in form order
 * @param capabilities          what this channel supports beyond receiving and sending text
 * @param replyWindow           how long after the client's last message a free-form reply is allowed (WhatsApp: 24
 *                              hours), or {@code null} for always; outside it the hub refuses free-form replies
 *                              before sending and allows only {@link MessageTemplate templates}
 * @param inboundOnOneNode      whether an account's inbound must run on one hub node only (pollers: a second poller
 *                              of the same account would compete for its updates)
 * @param webhookRoutingSetting the setting whose value identifies an account in a {@link SharedWebhookHandler shared
 *                              webhook} (e.g. {@code phoneNumberId}), or {@code null}
 * @param webhookBodyLimit      the largest webhook request body the hub accepts for this channel, in bytes
 *                              ({@value #DEFAULT_WEBHOOK_BODY_LIMIT} unless the channel needs more, e.g. for files
 *                              uploaded to its webhook address; at most {@value #MAX_WEBHOOK_BODY_LIMIT}; since API 1.1)
 */
public record ChannelDescriptor(String type, String displayName, String description, List<SettingField> settings,
                                Set<ChannelCapability> capabilities, Duration replyWindow, boolean inboundOnOneNode,
                                String webhookRoutingSetting, int webhookBodyLimit) {

    /** The webhook body limit of a channel that sets none: 1 MiB. */
    public static final int DEFAULT_WEBHOOK_BODY_LIMIT = 1024 * 1024;
    /** The largest webhook body limit a channel may set: 32 MiB. */
    public static final int MAX_WEBHOOK_BODY_LIMIT = 32 * 1024 * 1024;

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** Validates the type name, the window and the routing setting, and copies the collections. */
    public ChannelDescriptor {
        Objects.requireNonNull(type, "type");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("channel type must match " + TYPE.pattern() + ": " + type);
        }
        displayName = displayName == null ? type : displayName;
        description = description == null ? "" : description;
        settings = settings == null ? List.of() : List.copyOf(settings);
        capabilities = capabilities == null || capabilities.isEmpty() ? Set.of()
                : Set.copyOf(EnumSet.copyOf(capabilities));
        long distinct = settings.stream().map(SettingField::name).distinct().count();
        if (distinct != settings.size()) {
            throw new IllegalArgumentException("setting names must be unique in channel type " + type);
        }
        if (replyWindow != null && (replyWindow.isNegative() || replyWindow.isZero())) {
            throw new IllegalArgumentException("the reply window of channel type " + type + " must be positive");
        }
        if (webhookRoutingSetting != null
                && settings.stream().noneMatch(s -> s.name().equals(webhookRoutingSetting))) {
            throw new IllegalArgumentException("webhook routing setting " + webhookRoutingSetting
                    + " is not a setting of channel type " + type);
        }
        if (webhookBodyLimit <= 0) {
            webhookBodyLimit = DEFAULT_WEBHOOK_BODY_LIMIT;
        }
        if (webhookBodyLimit > MAX_WEBHOOK_BODY_LIMIT) {
            throw new IllegalArgumentException("the webhook body limit of channel type " + type + " must be at most "
                    + MAX_WEBHOOK_BODY_LIMIT + " bytes");
        }
    }

    /** A descriptor as API 1.0 described it, with the default webhook body limit. */
    public ChannelDescriptor(String type, String displayName, String description, List<SettingField> settings,
                             Set<ChannelCapability> capabilities, Duration replyWindow, boolean inboundOnOneNode,
                             String webhookRoutingSetting) {
        this(type, displayName, description, settings, capabilities, replyWindow, inboundOnOneNode,
                webhookRoutingSetting, DEFAULT_WEBHOOK_BODY_LIMIT);
    }

    /**
     * A descriptor without platform rules: no reply window, inbound on every node, no shared webhook.
     *
     * @param type         the channel type
     * @param displayName  the name shown to admins
     * @param description  one sentence for the admin UI
     * @param settings     the settings of one account
     * @param capabilities what the channel supports
     */
    public ChannelDescriptor(String type, String displayName, String description, List<SettingField> settings,
                             Set<ChannelCapability> capabilities) {
        this(type, displayName, description, settings, capabilities, null, false, null);
    }

    /**
     * @param type the channel type
     * @return a builder
     */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    /**
     * Looks a setting up by name.
     *
     * @param name the setting's name
     * @return the setting, or empty when this channel has no such setting
     */
    public Optional<SettingField> setting(String name) {
        return settings.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Tells whether this channel has a capability.
     *
     * @param capability the capability
     * @return true when the channel declares it
     */
    public boolean can(ChannelCapability capability) {
        return capabilities.contains(capability);
    }

    /** Builds a {@link ChannelDescriptor}. */
    public static final class Builder {
        private final String type;
        private String displayName;
        private String description;
        private List<SettingField> settings = List.of();
        private Set<ChannelCapability> capabilities = Set.of();
        private Duration replyWindow;
        private boolean inboundOnOneNode;
        private String webhookRoutingSetting;
        private int webhookBodyLimit = DEFAULT_WEBHOOK_BODY_LIMIT;

        private Builder(String type) {
            this.type = type;
        }

        /** @param value the name shown to admins @return this builder */
        public Builder displayName(String value) {
            this.displayName = value;
            return this;
        }

        /** @param value one sentence for the admin UI @return this builder */
        public Builder description(String value) {
            this.description = value;
            return this;
        }

        /** @param value the settings, in form order @return this builder */
        public Builder settings(List<SettingField> value) {
            this.settings = value;
            return this;
        }

        /** @param value the capabilities @return this builder */
        public Builder capabilities(ChannelCapability... value) {
            this.capabilities = Set.of(value);
            return this;
        }

        /** @param value the reply window @return this builder */
        public Builder replyWindow(Duration value) {
            this.replyWindow = value;
            return this;
        }

        /** @return this builder, marking inbound as single-node */
        public Builder inboundOnOneNode() {
            this.inboundOnOneNode = true;
            return this;
        }

        /** @param setting the setting identifying an account in a shared webhook @return this builder */
        public Builder webhookRoutingSetting(String setting) {
            this.webhookRoutingSetting = setting;
            return this;
        }

        /**
         * @param bytes the largest webhook body the hub accepts for this channel, at most
         *              {@value ChannelDescriptor#MAX_WEBHOOK_BODY_LIMIT}
         * @return this builder
         */
        public Builder webhookBodyLimit(int bytes) {
            this.webhookBodyLimit = bytes;
            return this;
        }

        /** @return the descriptor */
        public ChannelDescriptor build() {
            return new ChannelDescriptor(type, displayName, description, settings, capabilities, replyWindow,
                    inboundOnOneNode, webhookRoutingSetting, webhookBodyLimit);
        }
    }
}
