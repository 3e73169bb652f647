package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;
import org.lineshub.plugin.api.SettingType;

class SettingsValidatorTest {

    private static final ChannelDescriptor MAIL = new ChannelDescriptor("mail", "Mail", "", List.of(
            SettingField.builder("host", SettingType.STRING).required().build(),
            SettingField.builder("port", SettingType.INTEGER).defaultValue("993").build(),
            SettingField.builder("tls", SettingType.BOOLEAN).defaultValue("true").build(),
            SettingField.builder("mode", SettingType.ENUM).options("imap", "pop3").defaultValue("imap").build(),
            SettingField.builder("api", SettingType.URL).build(),
            SettingField.builder("password", SettingType.STRING).required().secret().build()), Set.of());

    private static final ChannelConnector CONNECTOR = new ChannelConnector() {
        @Override
        public ChannelDescriptor descriptor() {
            return MAIL;
        }

        @Override
        public List<SettingProblem> validate(ChannelSettings settings) {
            return settings.require("host").contains(" ")
                    ? List.of(new SettingProblem("host", "host must not contain spaces")) : List.of();
        }

        @Override
        public ConnectedAccount connect(ChannelContext context) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void jsonValuesBecomeStringsAndDefaultsApply() {
        Map<String, String> values = SettingsValidator.normalize(MAIL, Map.of("host", "imap.example.com",
                "port", 143, "tls", false, "password", "s3cret"));

        ChannelSettings settings = SettingsValidator.check(CONNECTOR, values);

        assertThat(settings.getInt("port", 0)).isEqualTo(143);
        assertThat(settings.getBoolean("tls")).isFalse();
        assertThat(settings.require("mode")).isEqualTo("imap");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void aMissingRequiredSettingIsNamed() {
        assertThatThrownBy(() -> SettingsValidator.check(CONNECTOR, Map.of("host", "h")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("password is required")
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("settings.password");
    }

    @Test
    void valuesOfTheWrongTypeAreNamedWithoutTheirValue() {
        assertField(Map.of("port", "nine"), "settings.port");
        assertField(Map.of("tls", "yes"), "settings.tls");
        assertField(Map.of("mode", "carrier-pigeon"), "settings.mode");
        assertField(Map.of("api", "ftp://example.com"), "settings.api");
        assertField(Map.of("api", "not a url"), "settings.api");
        assertField(Map.of("host", "two\nlines"), "settings.host");
        assertThatThrownBy(() -> SettingsValidator.check(CONNECTOR, values(Map.of("password", "p", "port", "x"))))
                .hasMessageNotContaining("x\"");
    }

    @Test
    void unknownSettingsAreRefused() {
        assertThatThrownBy(() -> SettingsValidator.normalize(MAIL, Map.of("colour", "blue")))
                .isInstanceOf(InvalidRequestException.class)
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("settings.colour");
    }

    @Test
    void thePluginsOwnChecksRunAfterTheSchema() {
        assertField(Map.of("host", "bad host"), "settings.host");
    }

    private static void assertField(Map<String, String> override, String field) {
        assertThatThrownBy(() -> SettingsValidator.check(CONNECTOR, values(override)))
                .isInstanceOf(InvalidRequestException.class)
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo(field);
    }

    private static Map<String, String> values(Map<String, String> override) {
        Map<String, String> all = new HashMap<>(Map.of("host", "imap.example.com", "password", "p"));
        all.putAll(override);
        return all;
    }
}
