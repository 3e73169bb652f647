package org.lineshub.plugin.api;

import java.util.Objects;

/**
 * A reason a channel account's settings are not usable, for the admin who entered them.
 *
 * @param field   the name of the setting at fault
 * @param message what is wrong, without the value itself (it may be a secret)
 */
public record SettingProblem(String field, String message) {

    /** Checks that both parts are present. */
    public SettingProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
