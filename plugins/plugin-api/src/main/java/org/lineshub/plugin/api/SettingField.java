package org.lineshub.plugin.api;

import java.util.List;
import java.util.Objects;

/**
 * One setting of a channel account, as its plugin declares it. The hub builds the admin form from these, validates
 * values against them, encrypts secret ones at rest and never returns a secret value through its API.
 *
 * @param name         the key, e.g. {@code botToken}
 * @param type         the type of the value
 * @param required     whether an account cannot start without a value
 * @param secret       whether the value is a credential: encrypted at rest, write-only in the API, never logged
 * @param defaultValue the value used when none is given, or {@code null}
 * @param description  one sentence for the admin form, with the unit where there is one
 * @param options      the allowed values of an {@link SettingType#ENUM} setting; empty otherwise
 */
public record SettingField(String name, SettingType type, boolean required, boolean secret, String defaultValue,
                           String description, List<String> options) {

    /** Checks the name and type, and that an enum has options. */
    public SettingField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        options = options == null ? List.of() : List.copyOf(options);
        description = description == null ? "" : description;
        if (type == SettingType.ENUM && options.isEmpty()) {
            throw new IllegalArgumentException("enum setting " + name + " needs options");
        }
        if (type == SettingType.ENUM && defaultValue != null && !options.contains(defaultValue)) {
            throw new IllegalArgumentException("default of enum setting " + name + " is not one of its options");
        }
    }

    /**
     * Starts a setting declaration.
     *
     * @param name the key
     * @param type the type of the value
     * @return a builder; not required, not secret, no default
     */
    public static Builder builder(String name, SettingType type) {
        return new Builder(name, type);
    }

    /** Builds a {@link SettingField} step by step. */
    public static final class Builder {
        private final String name;
        private final SettingType type;
        private boolean required;
        private boolean secret;
        private String defaultValue;
        private String description;
        private List<String> options = List.of();

        private Builder(String name, SettingType type) {
            this.name = name;
            this.type = type;
        }

        /** @return this builder, marking the setting as required */
        public Builder required() {
            this.required = true;
            return this;
        }

        /** @return this builder, marking the setting as a secret */
        public Builder secret() {
            this.secret = true;
            return this;
        }

        /**
         * @param value the default value
         * @return this builder
         */
        public Builder defaultValue(String value) {
            this.defaultValue = value;
            return this;
        }

        /**
         * @param text one sentence for the admin form
         * @return this builder
         */
        public Builder description(String text) {
            this.description = text;
            return this;
        }

        /**
         * @param values the allowed values of an enum setting
         * @return this builder
         */
        public Builder options(String... values) {
            this.options = List.of(values);
            return this;
        }

        /** @return the setting */
        public SettingField build() {
            return new SettingField(name, type, required, secret, defaultValue, description, options);
        }
    }
}
