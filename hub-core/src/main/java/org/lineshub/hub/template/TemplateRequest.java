package org.lineshub.hub.template;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A template as an admin or supervisor saves it.
 *
 * @param name         what it is called
 * @param tag          letters (any alphabet), digits, dash and underscore; a leading slash is dropped
 * @param text         the text; placeholders {client.name}, {operator.name}, {line.name}
 * @param lineIds      the lines it is usable on; empty or missing: every line (admins only)
 * @param channelTypes the channel types it is usable on; empty or missing: every channel
 */
record TemplateRequest(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 65) String tag,
                       @NotBlank @Size(max = TemplateService.MAX_TEXT) String text,
                       @Size(max = 500) List<@NotNull Long> lineIds,
                       @Size(max = 50) List<@NotBlank @Size(max = 50) String> channelTypes) {
}
