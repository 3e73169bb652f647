package org.lineshub.plugin.api;

import java.util.List;

/**
 * A message template the platform approved in advance, on channels with {@link ChannelCapability#TEMPLATES}
 * (WhatsApp: the only kind of message allowed outside the reply window).
 *
 * @param name       the template's name at the platform
 * @param language   its language code at the platform, e.g. {@code en_US}, or {@code null} for the account's default
 * @param parameters the values of its placeholders, in order; empty when none
 */
public record MessageTemplate(String name, String language, List<String> parameters) {

    /** Checks the name and copies the parameters. */
    public MessageTemplate {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a template needs a name");
        }
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }
}
