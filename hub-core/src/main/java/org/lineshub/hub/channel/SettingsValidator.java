package org.lineshub.hub.channel;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;

/**
 * Checks a channel account's settings against its plugin's schema and the plugin's own checks. Problems name the
 * setting ({@code settings.<name>}), never a value: values may be secrets.
 */
final class SettingsValidator {

    private SettingsValidator() {
    }

    /**
     * Turns JSON values into the strings the SPI uses, refusing unknown settings and values of the wrong type.
     *
     * @param descriptor the channel's descriptor
     * @param raw        setting values as they came in the request
     * @return the values as strings; {@code null} values stay {@code null}
     */
    static Map<String, String> normalize(ChannelDescriptor descriptor, Map<String, Object> raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null) {
            return values;
        }
        raw.forEach((name, value) -> {
            SettingField field = descriptor.setting(name).orElseThrow(() -> new InvalidRequestException(
                    "settings." + name, "channel type " + descriptor.type() + " has no setting " + name));
            values.put(name, value == null ? null : asString(field, value));
        });
        return values;
    }

    private static String asString(SettingField field, Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number n) {
            if (n instanceof Double d && !Double.isFinite(d) || n instanceof Float f && !Float.isFinite(f)) {
                throw problem(field, field.name() + " must be a finite number");
            }
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        throw problem(field, field.name() + " must be a " + field.type().name().toLowerCase() + " value");
    }

    /**
     * Checks complete values (after merging kept secrets), applies defaults and runs the plugin's own checks.
     *
     * @param connector the channel's connector
     * @param values    every value the account will have
     * @return the settings with defaults applied
     */
    static ChannelSettings check(ChannelConnector connector, Map<String, String> values) {
        ChannelSettings settings = withDefaults(connector.descriptor(), values);
        List<SettingProblem> problems = problems(connector.descriptor(), settings);
        if (problems.isEmpty()) {
            problems = connector.validate(settings);
        }
        if (!problems.isEmpty()) {
            SettingProblem first = problems.get(0);
            throw new InvalidRequestException("settings." + first.field(), first.message());
        }
        return settings;
    }

    static ChannelSettings withDefaults(ChannelDescriptor descriptor, Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>();
        for (SettingField field : descriptor.settings()) {
            String value = values.get(field.name());
            all.put(field.name(), value == null || value.isEmpty() ? field.defaultValue() : value);
        }
        return new ChannelSettings(all);
    }

    /**
     * @return what the schema finds wrong with settings that have defaults applied
     */
    static List<SettingProblem> problems(ChannelDescriptor descriptor, ChannelSettings settings) {
        for (SettingField field : descriptor.settings()) {
            String value = settings.find(field.name()).orElse(null);
            if (value == null) {
                if (field.required()) {
                    return List.of(new SettingProblem(field.name(), field.name() + " is required"));
                }
                continue;
            }
            String wrong = typeProblem(field, value);
            if (wrong != null) {
                return List.of(new SettingProblem(field.name(), wrong));
            }
        }
        return List.of();
    }

    private static String typeProblem(SettingField field, String value) {
        String name = field.name();
        switch (field.type()) {
            case INTEGER -> {
                try {
                    Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    return name + " must be a whole number";
                }
            }
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    return name + " must be true or false";
                }
            }
            case URL -> {
                try {
                    URI uri = new URI(value);
                    if (!uri.isAbsolute() || uri.getHost() == null
                            || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                        return name + " must be an absolute http or https URL";
                    }
                } catch (URISyntaxException e) {
                    return name + " must be an absolute http or https URL";
                }
            }
            case ENUM -> {
                if (!field.options().contains(value)) {
                    return name + " must be one of " + String.join(", ", field.options());
                }
            }
            case STRING -> {
                if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                    return name + " must be a single line";
                }
            }
            case TEXT -> {
                // any text
            }
        }
        return null;
    }

    private static InvalidRequestException problem(SettingField field, String message) {
        return new InvalidRequestException("settings." + field.name(), message);
    }
}
