package org.lineshub.plugin.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of one channel account as its plugin sees them: checked against the schema, defaults applied,
 * secrets decrypted. Values are strings in the form {@link SettingType} describes. {@link #toString()} lists the
 * names only, so a settings object can never leak a secret into a log.
 */
public final class ChannelSettings {

    private final Map<String, String> values;

    /**
     * @param values setting names to values; {@code null} values are dropped
     */
    public ChannelSettings(Map<String, String> values) {
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        this.values = Map.copyOf(copy);
    }

    /**
     * @param name a setting's name
     * @return its value, or empty when it has none
     */
    public Optional<String> find(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /**
     * @param name a setting's name
     * @return its value
     * @throws IllegalStateException naming the setting when it has no value
     */
    public String require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("setting " + name + " must be configured"));
    }

    /**
     * @param name         a setting's name
     * @param defaultValue the value when the setting has none
     * @return the value as an int
     */
    public int getInt(String name, int defaultValue) {
        return find(name).map(Integer::parseInt).orElse(defaultValue);
    }

    /**
     * @param name a setting's name
     * @return true only when the value is {@code true}
     */
    public boolean getBoolean(String name) {
        return find(name).map(Boolean::parseBoolean).orElse(false);
    }

    /** @return every value by name; contains secrets, so never log it */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return "ChannelSettings" + values.keySet();
    }
}
