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

/** Bad input to a Telegram account's webhook: Telegram's JSON and Telegram's secret token header. */
class TelegramBadInputIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private final HubClient anonymous = HubClient.browser(base());
    private long line;
    private String token;
    private String webhookPath;

    @BeforeEach
    void webhookAccount() {
        line = fixtures.line("Telegram webhook input", Map.of());
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

    private Map<String, String> secretHeader() {
        return Map.of("Content-Type", "application/json", "X-Telegram-Bot-Api-Secret-Token",
                TELEGRAM.bot(token).webhookSecret());
    }
}
