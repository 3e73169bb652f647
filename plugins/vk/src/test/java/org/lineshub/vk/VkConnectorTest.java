package org.lineshub.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.api.ChannelCapability;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;
import org.lineshub.plugin.api.SettingType;
import org.lineshub.plugin.testkit.TestChannelContext;

class VkConnectorTest {

    private static final String TOKEN = "vk1.a.0123456789abcdefghijklmnopqrstuvwxyzABCDEF";

    private final VkConnector connector = new VkConnector();

    @Test
    void describesVkWithItsSettingsAndCapabilities() {
        ChannelDescriptor descriptor = connector.descriptor();

        assertThat(connector.type()).isEqualTo("vk");
        assertThat(descriptor.displayName()).isEqualTo("VK");
        assertThat(descriptor.settings()).extracting(SettingField::name).containsExactly("accessToken", "groupId",
                "mode", "confirmationCode", "secret", "apiBaseUrl", "apiVersion", "pollWaitSeconds");
        SettingField token = descriptor.setting("accessToken").orElseThrow();
        assertThat(token.required()).isTrue();
        assertThat(token.secret()).isTrue();
        assertThat(descriptor.setting("groupId").orElseThrow().type()).isEqualTo(SettingType.INTEGER);
        SettingField mode = descriptor.setting("mode").orElseThrow();
        assertThat(mode.options()).containsExactly("longpoll", "callback");
        assertThat(mode.defaultValue()).isEqualTo("longpoll");
        assertThat(descriptor.setting("secret").orElseThrow().secret()).isTrue();
        assertThat(descriptor.setting("confirmationCode").orElseThrow().secret()).isFalse();
        assertThat(descriptor.setting("apiBaseUrl").orElseThrow().type()).isEqualTo(SettingType.URL);
        assertThat(descriptor.setting("apiBaseUrl").orElseThrow().defaultValue()).isEqualTo("https://api.vk.com");
        assertThat(descriptor.setting("apiVersion").orElseThrow().defaultValue()).isEqualTo("5.199");
        assertThat(descriptor.capabilities()).containsExactlyInAnyOrder(ChannelCapability.RECEIVE_ATTACHMENTS,
                ChannelCapability.SEND_ATTACHMENTS, ChannelCapability.START_CONVERSATION, ChannelCapability.EDITS);
        assertThat(descriptor.inboundOnOneNode()).isTrue();
    }

    @Test
    void acceptsWellFormedSettingsInBothModes() {
        assertThat(connector.validate(settings("accessToken", TOKEN, "groupId", "218000001"))).isEmpty();
        assertThat(connector.validate(settings("accessToken", TOKEN, "groupId", "218000001", "mode", "callback",
                "confirmationCode", "d8f1a3c7", "secret", "x".repeat(50), "apiVersion", "5.131",
                "pollWaitSeconds", "90"))).isEmpty();
    }

    @Test
    void callbackModeNeedsTheConfirmationCodeAndTheSecret() {
        assertThat(connector.validate(settings("accessToken", TOKEN, "groupId", "1", "mode", "callback")))
                .extracting(SettingProblem::field).containsExactly("confirmationCode", "secret");
    }

    @Test
    void reportsBadValuesNamingTheSettingNeverTheValue() {
        var problems = connector.validate(settings("accessToken", TOKEN, "groupId", "-5", "secret",
                "y".repeat(51), "apiVersion", "latest", "pollWaitSeconds", "91", "mode", "push"));

        assertThat(problems).extracting(SettingProblem::field)
                .containsExactly("groupId", "mode", "secret", "apiVersion", "pollWaitSeconds");
        assertThat(problems).noneMatch(p -> p.message().contains("y".repeat(51)) || p.message().contains(TOKEN));
        assertThat(connector.validate(settings("groupId", "club1"))).extracting(SettingProblem::field)
                .containsExactly("accessToken", "groupId");
    }

    @Test
    void neverPrintsSecretsInSettings() {
        VkSettings settings = VkSettings.from(settings("accessToken", TOKEN, "groupId", "218000001", "mode",
                "callback", "confirmationCode", "d8f1a3c7", "secret", "s3cr3tKey"));

        assertThat(settings.toString()).doesNotContain(TOKEN).doesNotContain("s3cr3tKey");
        assertThat(settings.apiBaseUrl()).hasToString("https://api.vk.com");
        assertThat(settings.mode()).isEqualTo(VkSettings.Mode.CALLBACK);
        assertThat(settings.pollWaitSeconds()).isEqualTo(25);
    }

    @Test
    void refusesToConnectWithSettingsItCannotUse() {
        TestChannelContext channel = VkTestHub.context(Map.of("accessToken", TOKEN, "groupId", "1", "mode", "callback"),
                java.util.Optional.empty(), AccountState.inMemory());

        assertThatThrownBy(() -> connector.connect(channel))
                .hasMessage("setting confirmationCode is required in callback mode");
    }

    private static ChannelSettings settings(String... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return new ChannelSettings(values);
    }
}
