package org.lineshub.plugin.api;

/** The type of a setting's value; the hub checks values against it before a plugin sees them. */
public enum SettingType {
    /** One line of text. */
    STRING,
    /** Several lines of text. */
    TEXT,
    /** A whole number in decimal. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** An absolute {@code http} or {@code https} URL. */
    URL,
    /** One of the setting's {@link SettingField#options()}. */
    ENUM
}
