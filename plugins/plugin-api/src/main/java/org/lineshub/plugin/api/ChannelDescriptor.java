package org.lineshub.plugin.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the hub and its users need to know about a channel type: its name, the settings form for its accounts and
 * its capabilities.
 *
 * @param type         the channel type, lower case letters, digits and dashes, e.g. {@code telegram}
 * @param displayName  the name shown to admins, e.g. {@code Telegram}
 * @param description  one sentence for the admin UI
 * @param settings     the settings of one account, in form order
 * @param capabilities what this channel supports beyond receiving and sending text
 */
public record ChannelDescriptor(String type, String displayName, String description, List<SettingField> settings,
                                Set<ChannelCapability> capabilities) {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** Validates the type name and copies the collections. */
    public ChannelDescriptor {
        Objects.requireNonNull(type, "type");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("channel type must match " + TYPE.pattern() + ": " + type);
        }
        displayName = displayName == null ? type : displayName;
        description = description == null ? "" : description;
        settings = settings == null ? List.of() : List.copyOf(settings);
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        long distinct = settings.stream().map(SettingField::name).distinct().count();
        if (distinct != settings.size()) {
            throw new IllegalArgumentException("setting names must be unique in channel type " + type);
        }
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
}
