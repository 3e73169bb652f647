package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;

/** Bad input from outside gets a clear error, stores nothing it should not, and breaks nothing else. */
class BadInputIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private final HubClient anonymous = HubClient.browser(base());
    private long line;
    private String token;
    private String webhookPath;

    @BeforeEach
    void webhookAccount() {
        line = fixtures.line("Webhook input", Map.of());
        token = Fixtures.unique() + ":AAHbadinput0123456789abcdefghijKLMN";
        TELEGRAM.bot(token);
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", "telegram", "name", "hooked",
                "lineId", line, "settings", Map.of("botToken", token, "mode", "webhook",
                        "apiBaseUrl", TELEGRAM.baseUrl()))).ok();
        webhookPath = account.get("webhookUrl").asText().substring(base().length());
        await().atMost(Duration.ofSeconds(10)).until(() -> TELEGRAM.bot(token).webhookUrl().isPresent());
    }

    @Test
    void malformedJsonGets400AndStoresNothing() {
        HubClient.Response r = anonymous.postRaw(webhookPath, "{\"update_id\": 5, \"message\": {".getBytes(
                StandardCharsets.UTF_8), secretHeader());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("detail").asText()).isNotBlank();
        assertThat(admin.get("/api/v1/sessions?lineId=" + line).ok()).isEmpty();
        JsonNode parked = admin.get("/api/v1/dead-letters?limit=20").ok();
        assertThat(parked.findValuesAsText("payload")).anyMatch(p -> p.startsWith("{\"update_id\": 5"));
    }

    @Test
    void wrongOrMissingSecretTokenIsRefusedAndStoresNothing() {
        byte[] body = TelegramConversationIT.update(1, 8101, 1, "sneaky").getBytes(StandardCharsets.UTF_8);

        HubClient.Response wrong = anonymous.postRaw(webhookPath, body,
                Map.of("Content-Type", "application/json", "X-Telegram-Bot-Api-Secret-Token", "guess"));
        HubClient.Response missing = anonymous.postRaw(webhookPath, body, Map.of("Content-Type", "application/json"));

        assertThat(wrong.status()).isIn(401, 403);
        assertThat(missing.status()).isIn(401, 403);
        assertThat(admin.get("/api/v1/sessions?lineId=" + line).ok()).isEmpty();
    }

    @Test
    void theSameWebhookUpdateTwiceIsStoredOnce() {
        byte[] body = TelegramConversationIT.update(1, 8102, 1, "hello twice").getBytes(StandardCharsets.UTF_8);

        assertThat(anonymous.postRaw(webhookPath, body, secretHeader()).status()).isEqualTo(200);
        assertThat(anonymous.postRaw(webhookPath, body, secretHeader()).status()).isEqualTo(200);

        long session = fixtures.awaitSession(line, "Client8102");
        assertThat(fixtures.messages(session)).hasSize(1);
    }

    @Test
    void unknownAccountKeyGets404() {
        HubClient.Response r = anonymous.postRaw("/webhooks/no-such-key", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertThat(r.status()).isEqualTo(404);
    }

    @Test
    void stoppedAccountAnswers503SoThePlatformDeliversAgain() {
        long id = admin.get("/api/v1/channel-accounts?lineId=" + line).ok().get(0).get("id").asLong();
        JsonNode account = admin.get("/api/v1/channel-accounts/" + id).ok();
        admin.put("/api/v1/channel-accounts/" + id, Map.of("type", "telegram", "name", account.get("name").asText(),
                "lineId", line, "enabled", false)).ok();

        HubClient.Response r = anonymous.postRaw(webhookPath, TelegramConversationIT.update(1, 8103, 1, "late")
                .getBytes(StandardCharsets.UTF_8), secretHeader());

        assertThat(r.status()).isEqualTo(503);
    }

    @Test
    void channelAccountWithoutTokenGets400NamingTheField() {
        HubClient.Response r = admin.post("/api/v1/channel-accounts", Map.of("type", "telegram", "name", "no token",
                "lineId", line, "settings", Map.of("mode", "polling")));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("field").asText()).isEqualTo("settings.botToken");
    }

    @Test
    void settingsOfTheWrongTypeOrUnknownNamesGet400NamingTheField() {
        HubClient.Response badEnum = admin.post("/api/v1/channel-accounts", Map.of("type", "telegram", "name", "x",
                "lineId", line, "settings", Map.of("botToken", token, "mode", "carrier-pigeon")));
        HubClient.Response unknown = admin.post("/api/v1/channel-accounts", Map.of("type", "telegram", "name", "x",
                "lineId", line, "settings", Map.of("botToken", token, "colour", "blue")));
        HubClient.Response badToken = admin.post("/api/v1/channel-accounts", Map.of("type", "telegram", "name", "x",
                "lineId", line, "settings", Map.of("botToken", "not a token")));
        HubClient.Response noType = admin.post("/api/v1/channel-accounts", Map.of("type", "fax", "name", "x",
                "lineId", line));

        assertThat(badEnum.body().get("field").asText()).isEqualTo("settings.mode");
        assertThat(unknown.body().get("field").asText()).isEqualTo("settings.colour");
        assertThat(badToken.body().get("field").asText()).isEqualTo("settings.botToken");
        assertThat(badToken.raw()).doesNotContain("not a token");
        assertThat(noType.body().get("field").asText()).isEqualTo("type");
        assertThat(badEnum.status()).isEqualTo(400);
    }

    @Test
    void malformedApiRequestsGetProblemDetails() {
        HubClient.Response notJson = admin.post("/api/v1/lines", "{name: oops");
        HubClient.Response missingName = admin.post("/api/v1/lines", Map.of("routingMode", "ROUND_ROBIN"));
        HubClient.Response badEnum = admin.post("/api/v1/lines", Map.of("name", "x", "routingMode", "RANDOM"));
        HubClient.Response unknownSession = admin.get("/api/v1/sessions/999999999");

        assertThat(notJson.status()).isEqualTo(400);
        assertThat(missingName.status()).isEqualTo(400);
        assertThat(missingName.body().get("field").asText()).isEqualTo("name");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(unknownSession.status()).isEqualTo(404);
    }

    @Test
    void secretsAreNeverReturned() {
        JsonNode account = admin.get("/api/v1/channel-accounts?lineId=" + line).ok().get(0);
        assertThat(account.toString()).doesNotContain(token);
        assertThat(account.get("secretsSet").toString()).contains("botToken");
    }

    private Map<String, String> secretHeader() {
        return Map.of("Content-Type", "application/json", "X-Telegram-Bot-Api-Secret-Token",
                TELEGRAM.bot(token).webhookSecret());
    }
}
