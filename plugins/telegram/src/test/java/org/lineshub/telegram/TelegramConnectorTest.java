package org.lineshub.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.ChannelCapability;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;
import org.lineshub.plugin.api.SettingType;
import org.lineshub.plugin.testkit.TestChannelContext;

class TelegramConnectorTest {

    private static final String TOKEN = "7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    private final TelegramConnector connector = new TelegramConnector();

    @Test
    void describesTelegramWithItsSettingsAndCapabilities() {
        ChannelDescriptor descriptor = connector.descriptor();

        assertThat(connector.type()).isEqualTo("telegram");
        assertThat(descriptor.displayName()).isEqualTo("Telegram");
        assertThat(descriptor.settings()).extracting(SettingField::name)
                .containsExactly("botToken", "mode", "apiBaseUrl", "pollTimeoutSeconds", "webhookSecret");
        SettingField token = descriptor.setting("botToken").orElseThrow();
        assertThat(token.required()).isTrue();
        assertThat(token.secret()).isTrue();
        SettingField mode = descriptor.setting("mode").orElseThrow();
        assertThat(mode.type()).isEqualTo(SettingType.ENUM);
        assertThat(mode.options()).containsExactly("polling", "webhook");
        assertThat(mode.defaultValue()).isEqualTo("polling");
        assertThat(descriptor.setting("apiBaseUrl").orElseThrow().defaultValue()).isEqualTo("https://api.telegram.org");
        assertThat(descriptor.setting("pollTimeoutSeconds").orElseThrow().defaultValue()).isEqualTo("25");
        assertThat(descriptor.setting("webhookSecret").orElseThrow().secret()).isTrue();
        assertThat(descriptor.capabilities()).containsExactlyInAnyOrder(ChannelCapability.RECEIVE_ATTACHMENTS,
                ChannelCapability.SEND_ATTACHMENTS, ChannelCapability.START_CONVERSATION, ChannelCapability.EDITS);
    }

    @Test
    void acceptsWellFormedSettings() {
        assertThat(connector.validate(settings("botToken", TOKEN, "pollTimeoutSeconds", "50"))).isEmpty();
    }

    @Test
    void reportsMalformedTokenWithoutItsValue() {
        String bad = "not a token 123";

        var problems = connector.validate(settings("botToken", bad));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("botToken");
            assertThat(p.message()).doesNotContain(bad);
        });
    }

    @Test
    void reportsTokenWithoutSecretPart() {
        assertThat(connector.validate(settings("botToken", "123456:"))).extracting(SettingProblem::field)
                .containsExactly("botToken");
    }

    @Test
    void reportsPollTimeoutOutOfRange() {
        assertThat(connector.validate(settings("botToken", TOKEN, "pollTimeoutSeconds", "51")))
                .extracting(SettingProblem::field).containsExactly("pollTimeoutSeconds");
        assertThat(connector.validate(settings("botToken", TOKEN, "pollTimeoutSeconds", "-1")))
                .extracting(SettingProblem::field).containsExactly("pollTimeoutSeconds");
    }

    @Test
    void reportsWebhookSecretWithCharactersTelegramRefuses() {
        assertThat(connector.validate(settings("botToken", TOKEN, "webhookSecret", "has spaces")))
                .extracting(SettingProblem::field).containsExactly("webhookSecret");
    }

    @Test
    void neverPrintsTheTokenInSettings() {
        TelegramSettings settings = TelegramSettings.from(settings("botToken", TOKEN, "webhookSecret", "s3cr3t"));

        assertThat(settings.toString()).doesNotContain(TOKEN).doesNotContain("s3cr3t");
        assertThat(settings.apiBaseUrl()).hasToString("https://api.telegram.org");
        assertThat(settings.mode()).isEqualTo(TelegramSettings.Mode.POLLING);
    }

    @Test
    void refusesWebhookModeWithoutPublicUrl() {
        TestChannelContext channel = TelegramTestHub.context(Map.of("botToken", TOKEN, "mode", "webhook"),
                Optional.empty());

        assertThatThrownBy(() -> connector.connect(channel))
                .hasMessage("mode webhook needs the hub's public URL (hub.public-url)");
    }

    @Test
    void offersAWebhookOnlyInWebhookModeAndFilesInBoth() {
        Optional<URI> url = Optional.of(URI.create("https://hub.example/webhooks/k"));
        ConnectedAccount polling = connector.connect(TelegramTestHub.context(Map.of("botToken", TOKEN), url));
        ConnectedAccount webhook = connector.connect(
                TelegramTestHub.context(Map.of("botToken", TOKEN, "mode", "webhook"), url));

        assertThat(polling.webhook()).isEmpty();
        assertThat(polling.attachments()).isPresent();
        assertThat(webhook.webhook()).isPresent();
        assertThat(webhook.attachments()).isPresent();
        polling.close();
        webhook.close();
    }

    @Test
    void generatesWebhookSecretsTelegramAccepts() {
        String secret = TelegramConnector.randomSecret();

        assertThat(secret).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9_-]+");
        assertThat(TelegramConnector.randomSecret()).isNotEqualTo(secret);
    }

    private static ChannelSettings settings(String... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return new ChannelSettings(values);
    }
}
