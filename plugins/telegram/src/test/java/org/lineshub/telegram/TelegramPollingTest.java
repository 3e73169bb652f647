package org.lineshub.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.testkit.RecordingInboundSink;
import org.lineshub.plugin.testkit.TokenLeakCheck;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;

class TelegramPollingTest {

    @RegisterExtension
    final TokenLeakCheck tokenLeakCheck = TelegramTestHub.tokenLeakCheck();

    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeTelegramBotApi api;
    private FakeBot bot;
    private TelegramTestHub hub;

    @BeforeEach
    void startFake() {
        api = FakeTelegramBotApi.start();
        bot = api.bot(TelegramTestHub.TOKEN);
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        api.close();
    }

    @Test
    void deliversTextUpdateOnceAndConfirmsIt() throws Exception {
        long updateId = bot.enqueueText(42, 42, "Ann", "hello");
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "1"));

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        InboundMessage message = hub.inbound().get(0);
        assertThat(message.externalChatId()).isEqualTo("42");
        assertThat(message.externalMessageId()).isEqualTo("42:1");
        assertThat(message.text()).isEqualTo("hello");
        assertThat(bot.deliveredAt(updateId)).isNotNull();

        // the next poll carries the higher offset, which confirms the update
        await().atMost(WAIT).until(() -> bot.pendingUpdateCount() == 0);
        int calls = bot.getUpdatesCalls();
        await().atMost(WAIT).until(() -> bot.getUpdatesCalls() >= calls + 2);
        assertThat(hub.inbound()).hasSize(1);
        assertThat(hub.channel.healthyReports).hasPositiveValue();
        assertThat(bot.calls("deleteWebhook")).isEqualTo(1);
    }

    @Test
    void handsOneAnswerToTheHubAsOneBatch() throws Exception {
        bot.enqueueText(42, 42, "Ann", "one");
        bot.enqueueText(42, 42, "Ann", "two");
        bot.enqueueText(43, 43, "Bob", "three");
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "1"));

        await().atMost(WAIT).until(() -> hub.inbound().size() == 3);
        assertThat(hub.sink().batches).hasSize(1);
        assertThat(hub.inbound()).extracting(InboundMessage::externalMessageId)
                .containsExactly("42:1", "42:2", "43:1");
    }

    @Test
    void keepsTheOffsetUntilTheHubStoredTheUpdate() throws Exception {
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "1"));
        hub.sink().failures.set(1);
        long updateId = bot.enqueueText(42, 42, "Ann", "hello");

        await().atMost(WAIT).until(() -> !hub.channel.problems.isEmpty());
        assertThat(hub.inbound()).isEmpty();
        assertThat(bot.pendingUpdateCount()).isEqualTo(1);

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        assertThat(hub.inbound().get(0).rawPayload()).contains("\"update_id\":" + updateId);
        await().atMost(WAIT).until(() -> bot.pendingUpdateCount() == 0);
        assertThat(hub.channel.problems.get(0)).isEqualTo("the hub did not store the updates: the database is down");
    }

    @Test
    void parksUnmappableUpdateAndSkipsUnhandledKinds() throws Exception {
        long broken = bot.enqueueUpdate("{\"message\":{\"message_id\":5,\"from\":{\"id\":42,\"is_bot\":false,"
                + "\"first_name\":\"Ann\"},\"date\":1718000000,\"text\":\"no chat\"}}");
        bot.enqueueUpdate("{\"message\":{\"message_id\":6,\"from\":{\"id\":42,\"is_bot\":false,"
                + "\"first_name\":\"Ann\"},\"chat\":{\"id\":-100,\"type\":\"group\"},\"date\":1718000000,"
                + "\"new_chat_members\":[{\"id\":43,\"is_bot\":false,\"first_name\":\"Bob\"}]}}");
        bot.enqueueText(42, 42, "Ann", "fine");
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "1"));

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1 && hub.sink().parked.size() == 1);
        RecordingInboundSink.Parked parked = hub.sink().parked.get(0);
        assertThat(parked.externalId()).isEqualTo("update:" + broken);
        assertThat(parked.reason()).contains("message.chat.id").doesNotContain("no chat");
        assertThat(new ObjectMapper().readTree(parked.rawText()).path("update_id").asLong()).isEqualTo(broken);
        await().atMost(WAIT).until(() -> bot.pendingUpdateCount() == 0);
        assertThat(hub.inbound()).extracting(InboundMessage::text).containsExactly("fine");
        assertThat(hub.sink().changes).isEmpty();
    }

    @Test
    void reportsEditsOfEarlierMessagesUnderTheirIds() throws Exception {
        bot.enqueueText(42, 42, "Ann", "helo");
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "1"));
        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);

        long edit = bot.enqueueUpdate("{\"edited_message\":{\"message_id\":1,\"from\":{\"id\":42,"
                + "\"is_bot\":false,\"first_name\":\"Ann\"},\"chat\":{\"id\":42,\"type\":\"private\"},"
                + "\"date\":1718000000,\"edit_date\":1718000030,\"text\":\"hello\"}}");

        await().atMost(WAIT).until(() -> hub.sink().changes.size() == 1);
        MessageChange change = hub.sink().changes.get(0);
        assertThat(change.kind()).isEqualTo(MessageChange.Kind.EDITED);
        assertThat(change.externalMessageId()).isEqualTo(hub.inbound().get(0).externalMessageId());
        assertThat(change.text()).isEqualTo("hello");
        assertThat(change.providerTime()).isEqualTo(Instant.ofEpochSecond(1718000030));
        await().atMost(WAIT).until(() -> bot.pendingUpdateCount() == 0);
        assertThat(bot.deliveredAt(edit)).isNotNull();
        assertThat(hub.inbound()).hasSize(1);
    }

    @Test
    void keepsTheOffsetUntilTheHubRecordedAnEdit() throws Exception {
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "1"));
        hub.sink().failures.set(1);
        bot.enqueueUpdate("{\"edited_message\":{\"message_id\":3,\"from\":{\"id\":42,\"is_bot\":false,"
                + "\"first_name\":\"Ann\"},\"chat\":{\"id\":42,\"type\":\"private\"},\"date\":1718000000,"
                + "\"edit_date\":1718000030,\"text\":\"changed\"}}");

        await().atMost(WAIT).until(() -> !hub.channel.problems.isEmpty());
        assertThat(hub.sink().changes).isEmpty();
        assertThat(bot.pendingUpdateCount()).isEqualTo(1);

        await().atMost(WAIT).until(() -> hub.sink().changes.size() == 1);
        await().atMost(WAIT).until(() -> bot.pendingUpdateCount() == 0);
    }

    @Test
    void retriesAfterTelegramFails() throws Exception {
        bot.failNext("getUpdates", 502, 1);
        bot.enqueueText(42, 42, "Ann", "hello");
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "1"));

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        assertThat(hub.channel.problems).singleElement().asString().contains("502").contains("Bad Gateway")
                .doesNotContain(TelegramTestHub.TOKEN);
    }

    @Test
    void deletesAWebhookBeforePolling() throws Exception {
        new TelegramHttpService(URI.create(api.baseUrl()), TelegramTestHub.TOKEN, new ObjectMapper())
                .setWebhook(URI.create("https://hub.example/webhooks/1"), "secret", List.of("message"));
        bot.enqueueText(42, 42, "Ann", "hello");
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "1"));

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        assertThat(bot.webhookUrl()).isEmpty();
    }

    @Test
    void failsTheAccountWhenTelegramRejectsTheToken() throws Exception {
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "botToken", "999:unknown-bot"));

        await().atMost(WAIT).until(() -> !hub.channel.failures.isEmpty());
        assertThat(hub.channel.failures).containsExactly("Telegram rejected the bot token");
    }

    @Test
    void stopsPollingWellWithinThePollTimeout() throws Exception {
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "25"));
        await().atMost(WAIT).until(() -> bot.getUpdatesCalls() == 1);
        Thread.sleep(200);

        long started = System.nanoTime();
        hub.account.stopInbound();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(3));
        bot.enqueueText(42, 42, "Ann", "after stop");
        Thread.sleep(300);
        assertThat(bot.getUpdatesCalls()).isEqualTo(1);
        assertThat(hub.inbound()).isEmpty();
    }

    @Test
    void letsABatchTheHubIsStoringFinishWhenStopping() throws Exception {
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "1"));
        hub.sink().storeTime = Duration.ofMillis(800);
        bot.enqueueText(42, 42, "Ann", "hello");
        await().atMost(WAIT).until(() -> hub.sink().storing.get());

        hub.account.stopInbound();

        assertThat(hub.sink().interruptedWhileStoring).isFalse();
        assertThat(hub.inbound()).extracting(InboundMessage::text).containsExactly("hello");
    }
}
