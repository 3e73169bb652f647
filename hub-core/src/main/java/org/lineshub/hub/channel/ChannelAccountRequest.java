package org.lineshub.hub.channel;

import java.util.Map;
import java.util.TreeSet;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A channel account as an admin creates or changes it.
 *
 * @param type     the channel type, e.g. {@code telegram}; cannot change after creation
 * @param name     a name for admins and operators
 * @param lineId   the line its sessions go to
 * @param settings the channel's settings by name (see {@code GET /api/v1/channel-types}); on update, settings not
 *                 named keep their value and a {@code null} value removes one, except that changing a URL setting
 *                 needs every stored secret given again
 * @param enabled  whether it should run; defaults to true
 */
record ChannelAccountRequest(@NotBlank @Size(max = 32) String type, @NotBlank @Size(max = 200) String name,
                             @NotNull Long lineId, Map<String, Object> settings, Boolean enabled) {

    /** Names the settings without their values: some are secrets. */
    @Override
    public String toString() {
        return "ChannelAccountRequest[type=" + type + ", name=" + name + ", lineId=" + lineId + ", settings="
                + (settings == null ? "[]" : new TreeSet<>(settings.keySet())) + ", enabled=" + enabled + "]";
    }
}
