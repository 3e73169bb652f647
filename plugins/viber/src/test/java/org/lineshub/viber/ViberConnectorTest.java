package org.lineshub.viber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.api.ChannelCapability;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.SettingProblem;
import org.lineshub.plugin.testkit.TestChannelContext;
import org.lineshub.viber.fake.FakeViberApi;
import org.lineshub.viber.fake.FakeViberBot;

/** The channel's descriptor, its settings checks, and how an account registers its webhook. */
class ViberConnectorTest {

    private final ViberConnector connector = new ViberConnector();
    private final FakeViberApi api = FakeViberApi.start();
    private final FakeViberBot bot = api.bot(ViberTestHub.TOKEN);
    private ViberTestHub hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        api.close();
    }

    @Test
    void describesAViberChannelWithReceiptsAndFilesBothWays() {
        assertThat(connector.type()).isEqualTo("viber");
        assertThat(connector.descriptor().capabilities()).containsExactlyInAnyOrder(
                ChannelCapability.RECEIVE_ATTACHMENTS, ChannelCapability.SEND_ATTACHMENTS,
                ChannelCapability.START_CONVERSATION, ChannelCapability.DELIVERY_RECEIPTS);
        assertThat(connector.descriptor().setting(ViberSettings.AUTH_TOKEN).orElseThrow().secret()).isTrue();
        assertThat(connector.descriptor().setting(ViberSettings.API_BASE_URL).orElseThrow().defaultValue())
                .isEqualTo("https://chatapi.viber.com/pa");
    }

    @Test
    void validateNamesTheSettingsButNeverTheirValues() {
        ChannelSettings settings = new ChannelSettings(Map.of(
                ViberSettings.AUTH_TOKEN, "  ",
                ViberSettings.SENDER_NAME, "A sender name far longer than Viber allows",
                ViberSettings.SENDER_AVATAR_URL, "ftp://avatar",
                ViberSettings.WELCOME_MESSAGE, "w".repeat(7001)));

        assertThat(connector.validate(settings)).extracting(SettingProblem::field).containsExactly(
                ViberSettings.AUTH_TOKEN, ViberSettings.SENDER_NAME, ViberSettings.SENDER_AVATAR_URL,
                ViberSettings.WELCOME_MESSAGE);
        assertThat(connector.validate(settings)).extracting(SettingProblem::message)
                .noneMatch(m -> m.contains("far longer") || m.contains("ftp"));
        assertThat(connector.validate(new ChannelSettings(Map.of(ViberSettings.AUTH_TOKEN, "t")))).isEmpty();
    }

    @Test
    void anAccountNeedsTheHubsPublicAddress() {
        TestChannelContext channel = ViberTestHub.context(ViberTestHub.settings(api.baseUrl()), Optional.empty(),
                AccountState.inMemory());

        assertThatThrownBy(() -> connector.connect(channel)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.public-url");
    }

    @Test
    void theAccountStartsWhileViberIsUnreachableAndRegistersOnceItAnswers() throws Exception {
        bot.failSetWebhook(1, -503, "Service Unavailable");

        hub = ViberTestHub.start(ViberTestHub.settings(api.baseUrl()));

        await().atMost(Duration.ofSeconds(10)).until(() -> bot.webhookUrl() != null);
        // the fake records the webhook before it answers; the account reports itself healthy after the answer
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.channel.healthyReports.get() > 0);
        assertThat(hub.channel.problems).singleElement().asString().contains("could not register the webhook");
        assertThat(bot.setWebhookCalls()).isEqualTo(2);
        assertThat(hub.channel.failures).isEmpty();
    }

    @Test
    void aWebhookViberCannotReachIsRetriedAndReported() throws Exception {
        bot.failSetWebhook(1, 1, "invalidUrl");

        hub = ViberTestHub.start(ViberTestHub.settings(api.baseUrl()));

        await().atMost(Duration.ofSeconds(10)).until(() -> bot.webhookUrl() != null);
        assertThat(hub.channel.problems).singleElement().asString().contains("invalidUrl");
    }

    @Test
    void aRejectedTokenFailsTheAccount() throws Exception {
        hub = ViberTestHub.start(ViberTestHub.settings(api.baseUrl(), ViberSettings.AUTH_TOKEN, "not-the-token"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !hub.channel.failures.isEmpty());
        assertThat(hub.channel.failures).containsExactly("Viber rejected the bot's auth token");
        assertThat(bot.webhookUrl()).isNull();
    }

    @Test
    void stoppingLeavesTheWebhookRegistered() throws Exception {
        hub = ViberTestHub.start(ViberTestHub.settings(api.baseUrl()));
        await().atMost(Duration.ofSeconds(10)).until(() -> bot.webhookUrl() != null);

        hub.close();
        hub = null;

        assertThat(bot.webhookUrl()).as("removing it would close the bot's chat to its users").isNotNull();
        assertThat(bot.setWebhookCalls()).isEqualTo(1);
    }
}
