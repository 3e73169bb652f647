package org.lineshub.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.ChannelCapability;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;

class WhatsAppConnectorTest {

    private final WhatsAppConnector connector = new WhatsAppConnector();

    @Test
    void describesWhatsAppWithItsWindowTemplatesAndSharedWebhook() {
        ChannelDescriptor descriptor = connector.descriptor();

        assertThat(connector.type()).isEqualTo("whatsapp");
        assertThat(descriptor.displayName()).isEqualTo("WhatsApp");
        assertThat(descriptor.replyWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(descriptor.webhookRoutingSetting()).isEqualTo("phoneNumberId");
        assertThat(descriptor.inboundOnOneNode()).isFalse();
        assertThat(connector.sharedWebhook()).isPresent();
        assertThat(descriptor.capabilities()).containsExactlyInAnyOrder(ChannelCapability.RECEIVE_ATTACHMENTS,
                ChannelCapability.SEND_ATTACHMENTS, ChannelCapability.START_CONVERSATION,
                ChannelCapability.DELIVERY_RECEIPTS, ChannelCapability.TEMPLATES, ChannelCapability.EDITS,
                ChannelCapability.DELETES);
        assertThat(descriptor.settings()).extracting(SettingField::name).containsExactly("phoneNumberId",
                "accessToken", "appSecret", "verifyToken", "templateLanguage", "apiBaseUrl", "apiVersion");
        assertThat(descriptor.settings()).filteredOn(SettingField::secret).extracting(SettingField::name)
                .containsExactly("accessToken", "appSecret", "verifyToken");
        assertThat(descriptor.setting("apiBaseUrl").orElseThrow().defaultValue())
                .isEqualTo("https://graph.facebook.com");
        assertThat(descriptor.setting("apiVersion").orElseThrow().defaultValue()).isEqualTo("v26.0");
    }

    @Test
    void acceptsWellFormedSettings() {
        assertThat(connector.validate(settings())).isEmpty();
    }

    @Test
    void namesBadSettingsWithoutTheirValues() {
        List<SettingProblem> problems = connector.validate(settings("phoneNumberId", "+1 555 078 3881",
                "apiVersion", "21", "templateLanguage", "English", "appSecret", " padded "));

        assertThat(problems).extracting(SettingProblem::field)
                .containsExactlyInAnyOrder("phoneNumberId", "apiVersion", "templateLanguage", "appSecret");
        assertThat(problems).extracting(SettingProblem::message)
                .noneMatch(m -> m.contains("555") || m.contains("padded") || m.contains("English"));
    }

    @Test
    void requiresTheSecrets() {
        Map<String, String> values = new LinkedHashMap<>(settings().asMap());
        values.remove("verifyToken");

        assertThat(connector.validate(new ChannelSettings(values))).extracting(SettingProblem::field)
                .containsExactly("verifyToken");
    }

    @Test
    void neverPrintsSecretsInSettings() {
        WhatsAppSettings settings = WhatsAppSettings.from(settings());

        assertThat(settings.toString()).doesNotContain(TestNumbers.TOKEN)
                .doesNotContain(WhatsAppWebhookTest.APP_SECRET).doesNotContain(WhatsAppWebhookTest.VERIFY_TOKEN);
        assertThat(settings.apiBaseUrl()).hasToString("http://127.0.0.1:9");
    }

    @Test
    void failsToConnectWithBadSettingsNamingTheSetting() {
        assertThatThrownBy(() -> connector.connect(TestNumbers.context(1,
                settings("apiVersion", "latest").asMap()))).hasMessage("setting apiVersion must be a Graph API "
                + "version like v26.0");
    }

    private static ChannelSettings settings(String... overrides) {
        Map<String, String> values = new LinkedHashMap<>(TestNumbers.settings("106540352242922",
                WhatsAppWebhookTest.APP_SECRET, WhatsAppWebhookTest.VERIFY_TOKEN, "http://127.0.0.1:9/"));
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        return new ChannelSettings(values);
    }
}
