package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.telegram.fake.SentRecord;

/** A Telegram conversation end to end: the real plugin jar, the hub, MariaDB and a fake Bot API over HTTP. */
class TelegramConversationIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Test
    void clientMessageCreatesSessionOnTheAccountsLine() {
        long line = fixtures.line("Sales", Map.of());
        Fixtures.TelegramAccount account = fixtures.telegram(line);

        long session = fixtures.clientWrites(account, 7001, "Hello, is the shop open?");

        JsonNode view = admin.get("/api/v1/sessions/" + session).ok();
        assertThat(view.get("lineId").asLong()).isEqualTo(line);
        assertThat(view.get("accountId").asLong()).isEqualTo(account.id());
        assertThat(view.get("channelType").asText()).isEqualTo("telegram");
        assertThat(view.get("status").asText()).isEqualTo("QUEUED");
        JsonNode messages = fixtures.messages(session);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("direction").asText()).isEqualTo("INBOUND");
        assertThat(messages.get(0).get("text").asText()).isEqualTo("Hello, is the shop open?");
        assertThat(messages.get(0).get("externalId").asText()).startsWith("7001:");
        JsonNode card = admin.get("/api/v1/clients/" + view.get("clientId").asLong()).ok();
        assertThat(card.get("identities").get(0).get("externalUserId").asText()).isEqualTo("7001");
        // the plugin confirms the update to Telegram only after the hub stored it
        await().atMost(Duration.ofSeconds(10)).until(() -> account.bot().pendingUpdateCount() == 0);
    }

    @Test
    void sameMessageDeliveredTwiceIsStoredOnce() {
        long line = fixtures.line("Duplicates", Map.of());
        Fixtures.TelegramAccount account = fixtures.telegram(line);
        long session = fixtures.clientWrites(account, 7002, "first");
        // Telegram delivers the same message again (e.g. after a lost acknowledgement), under a new update id
        String again = update(900_001, 7002, 1, "first");
        account.bot().enqueueUpdate(again);
        account.bot().enqueueUpdate(update(900_002, 7002, 1, "first"));
        account.bot().enqueueUpdate(update(900_003, 7002, 2, "second"));

        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.messages(session).size() == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> fixtures.messages(session).size() == 2);
        assertThat(texts(fixtures.messages(session))).containsExactly("first", "second");
    }

    @Test
    void replyReachesTheFakeAsSendMessageToTheRightChat() {
        long line = fixtures.line("Replies", Map.of("showOperatorName", false));
        Fixtures.TelegramAccount account = fixtures.telegram(line);
        long session = fixtures.clientWrites(account, 7003, "need help");
        fixtures.clientWrites(account, 7004, "someone else");

        JsonNode reply = admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "How can I help?"))
                .ok();
        assertThat(reply.get("deliveryStatus").asText()).isEqualTo("PENDING");

        List<SentRecord> sent = account.bot().awaitSent(1, Duration.ofSeconds(10));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).method()).isEqualTo("sendMessage");
        assertThat(sent.get(0).chatId()).isEqualTo("7003");
        assertThat(sent.get(0).text()).isEqualTo("How can I help?");
        JsonNode stored = fixtures.awaitDelivery(session, reply.get("id").asLong(), "SENT");
        assertThat(stored.get("externalId").asText()).isEqualTo("7003:" + sent.get(0).messageId());
        JsonNode view = admin.get("/api/v1/sessions/" + session).ok();
        assertThat(view.get("firstResponseAt").isNull()).isFalse();
    }

    @Test
    void aLineThatShowsOperatorsSignsRepliesWithTheOperatorsName() {
        long line = fixtures.line("Signed", Map.of("showOperatorName", true));
        Fixtures.TelegramAccount account = fixtures.telegram(line);
        long session = fixtures.clientWrites(account, 7010, "who is this?");

        admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "Your support team")).ok();

        assertThat(account.bot().awaitSent(1, Duration.ofSeconds(10)).get(0).text())
                .isEqualTo("Administrator:\nYour support team");
    }

    @Test
    void badGatewayTwiceThenSuccessDeliversExactlyOnce() {
        long line = fixtures.line("Retries", Map.of("showOperatorName", false));
        Fixtures.TelegramAccount account = fixtures.telegram(line);
        long session = fixtures.clientWrites(account, 7005, "are you there?");
        account.bot().failNext("sendMessage", 502, 2);

        long id = admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "Yes!")).ok()
                .get("id").asLong();

        JsonNode stored = fixtures.awaitDelivery(session, id, "SENT");
        assertThat(stored.get("attempts").asInt()).isEqualTo(3);
        assertThat(account.bot().calls("sendMessage")).isEqualTo(3);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> account.bot().sent().size() == 1);
        assertThat(account.bot().sent().get(0).text()).isEqualTo("Yes!");
    }

    @Test
    void replyThePlatformRefusesIsFailedWithItsReason() {
        long line = fixtures.line("Refused", Map.of());
        Fixtures.TelegramAccount account = fixtures.telegram(line);
        long session = fixtures.clientWrites(account, 7006, "bye");
        account.bot().failNext("sendMessage", 403, 1);

        long id = admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "Thanks")).ok()
                .get("id").asLong();

        JsonNode stored = fixtures.awaitDelivery(session, id, "FAILED");
        assertThat(stored.get("deliveryError").asText()).isNotBlank().doesNotContain(account.token());
        assertThat(stored.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void photoIsFetchedFromTelegramThroughTheHubOnDemand() {
        long line = fixtures.line("Photos", Map.of());
        Fixtures.TelegramAccount account = fixtures.telegram(line);
        byte[] jpeg = "not really a jpeg, but bytes".getBytes(StandardCharsets.UTF_8);
        account.bot().enqueuePhoto(7007, 7007, "Client7007", "my receipt", jpeg);
        long session = fixtures.awaitSession(line, "Client7007");

        JsonNode message = fixtures.messages(session).get(0);
        assertThat(message.get("text").asText()).isEqualTo("my receipt");
        JsonNode attachment = message.get("attachments").get(0);
        assertThat(attachment.get("kind").asText()).isEqualTo("IMAGE");
        assertThat(admin.download(attachment.get("url").asText())).isEqualTo(jpeg);
    }

    @Test
    void replyWithADocumentIsUploadedToTelegram() {
        long line = fixtures.line("Documents", Map.of("showOperatorName", false));
        Fixtures.TelegramAccount account = fixtures.telegram(line);
        long session = fixtures.clientWrites(account, 7008, "send me the invoice");
        byte[] pdf = "%PDF-1.4 invoice".getBytes(StandardCharsets.UTF_8);

        JsonNode reply = admin.postFile("/api/v1/sessions/" + session + "/messages", "files", "invoice.pdf",
                "application/pdf", pdf, Map.of("text", "Here it is")).ok();

        List<SentRecord> sent = account.bot().awaitSent(1, Duration.ofSeconds(10));
        assertThat(sent.get(0).method()).isEqualTo("sendDocument");
        assertThat(sent.get(0).fileName()).isEqualTo("invoice.pdf");
        assertThat(sent.get(0).fileBytes()).isEqualTo(pdf);
        assertThat(sent.get(0).caption()).isEqualTo("Here it is");
        fixtures.awaitDelivery(session, reply.get("id").asLong(), "SENT");
        JsonNode attachment = reply.get("attachments").get(0);
        assertThat(admin.download(attachment.get("url").asText())).isEqualTo(pdf);
    }

    @Test
    void webhookModeRegistersItselfAndReceivesPushedUpdates() {
        long line = fixtures.line("Webhooks", Map.of());
        String token = Fixtures.unique() + ":AAHwebhook0123456789abcdefghijKLMN";
        TELEGRAM.bot(token);
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", "telegram", "name", "hooked",
                "lineId", line, "settings", Map.of("botToken", token, "mode", "webhook",
                        "apiBaseUrl", TELEGRAM.baseUrl()))).ok();
        assertThat(account.get("status").asText()).isEqualTo("RUNNING");
        String webhookUrl = account.get("webhookUrl").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> TELEGRAM.bot(token).webhookUrl().isPresent());
        assertThat(TELEGRAM.bot(token).webhookUrl()).contains(webhookUrl);
        assertThat(TELEGRAM.bot(token).webhookSecret()).isNotBlank();

        TELEGRAM.bot(token).enqueueText(7009, 7009, "Client7009", "via webhook");

        long session = fixtures.awaitSession(line, "Client7009");
        assertThat(texts(fixtures.messages(session))).containsExactly("via webhook");
        await().atMost(Duration.ofSeconds(10)).until(() -> TELEGRAM.bot(token).pendingUpdateCount() == 0);
    }

    static List<String> texts(JsonNode messages) {
        return java.util.stream.StreamSupport.stream(messages.spliterator(), false)
                .filter(m -> "INBOUND".equals(m.get("direction").asText()))
                .map(m -> m.get("text").asText()).toList();
    }

    static String update(long updateId, long chatId, long messageId, String text) {
        return """
                {"update_id":%d,"message":{"message_id":%d,"date":%d,
                 "from":{"id":%d,"is_bot":false,"first_name":"Client%d","language_code":"en"},
                 "chat":{"id":%d,"first_name":"Client%d","type":"private"},"text":"%s"}}
                """.formatted(updateId, messageId, java.time.Instant.now().getEpochSecond(), chatId, chatId, chatId,
                chatId, text);
    }
}
