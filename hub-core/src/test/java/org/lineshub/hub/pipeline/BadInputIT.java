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
import org.lineshub.hub.support.LoopbackPlatform;
import org.lineshub.hub.support.LoopbackPlatform.Answer;
import org.lineshub.hub.support.LoopbackPlatform.Event;

/**
 * Bad input from outside gets a clear error, stores nothing it should not, and breaks nothing else: webhook calls to
 * a loopback account, account settings, API requests. Bad input in Telegram's own formats: {@link TelegramBadInputIT}.
 */
class BadInputIT extends HubIT {

    private static final String SECRET = "bad-input-secret-0123456789";

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private final HubClient anonymous = HubClient.browser(base());
    private long line;
    private Fixtures.Account account;

    @BeforeEach
    void webhookAccount() {
        line = fixtures.line("Webhook input", Map.of());
        account = fixtures.loopback(line, Map.of("mode", "webhook", "secret", SECRET));
    }

    @Test
    void wrongOrMissingSignatureGets401AndStoresNothing() {
        String body = Event.message("m-1", "8101", "8101", "Client8101", "sneaky").line();

        Answer wrong = LOOPBACK.postWebhook(account.webhookUrl(), "sha256=" + "0".repeat(64), body);
        Answer otherKey = LOOPBACK.postWebhook(account.webhookUrl(),
                "sha256=" + LoopbackPlatform.sign("not-the-secret-0123456789", body), body);
        Answer missing = LOOPBACK.postWebhook(account.webhookUrl(), null, body);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(otherKey.status()).isEqualTo(401);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(admin.get("/api/v1/sessions?lineId=" + line).ok()).isEmpty();
        assertThat(admin.get("/api/v1/dead-letters?limit=50").ok().findValuesAsText("payload"))
                .noneMatch(p -> p.contains("sneaky"));
    }

    @Test
    void theSameWebhookUpdateTwiceIsStoredOnce() {
        Event hello = Event.message("m-1", "8102", "8102", "Client8102", "hello twice");

        assertThat(LOOPBACK.postWebhook(account.webhookUrl(), SECRET, hello).status()).isEqualTo(200);
        assertThat(LOOPBACK.postWebhook(account.webhookUrl(), SECRET, hello).status()).isEqualTo(200);

        long session = fixtures.awaitSession(line, "Client8102");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> fixtures.messages(session).size() == 1);
    }

    @Test
    void anEventThatCannotBeMappedIsParkedAndTheOthersAreStored() {
        Event broken = Event.message("m-2", "8104", "8104", "Client8104", "no user").with("user", "");
        Event fine = Event.message("m-3", "8104", "8104", "Client8104", "all good");

        Answer answer = LOOPBACK.postWebhook(account.webhookUrl(), SECRET, broken, fine);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        long session = fixtures.awaitSession(line, "Client8104");
        assertThat(fixtures.messages(session).findValuesAsText("text")).containsExactly("all good");
        JsonNode parked = admin.get("/api/v1/dead-letters?limit=50").ok();
        assertThat(parked.findValuesAsText("payload")).anyMatch(p -> p.contains("text=no+user"));
    }

    @Test
    void unknownAccountKeyGets404() {
        HubClient.Response r = anonymous.postRaw("/webhooks/no-such-key", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertThat(r.status()).isEqualTo(404);
    }

    @Test
    void stoppedAccountAnswers503SoThePlatformDeliversAgain() {
        JsonNode view = admin.get("/api/v1/channel-accounts/" + account.id()).ok();
        admin.put("/api/v1/channel-accounts/" + account.id(), Map.of("type", "loopback",
                "name", view.get("name").asText(), "lineId", line, "enabled", false)).ok();

        Answer r = LOOPBACK.postWebhook(account.webhookUrl(), SECRET,
                Event.message("m-4", "8103", "8103", "Client8103", "late"));

        assertThat(r.status()).isEqualTo(503);
        assertThat(admin.get("/api/v1/sessions?lineId=" + line).ok()).isEmpty();
    }

    @Test
    void channelAccountWithoutBaseUrlGets400NamingTheField() {
        HubClient.Response r = admin.post("/api/v1/channel-accounts", Map.of("type", "loopback", "name", "no url",
                "lineId", line, "settings", Map.of("mode", "polling")));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("field").asText()).isEqualTo("settings.baseUrl");
    }

    @Test
    void settingsOfTheWrongTypeOrUnknownNamesGet400NamingTheField() {
        String url = LOOPBACK.newAccount().baseUrl();
        HubClient.Response badEnum = admin.post("/api/v1/channel-accounts", Map.of("type", "loopback", "name", "x",
                "lineId", line, "settings", Map.of("baseUrl", url, "mode", "carrier-pigeon")));
        HubClient.Response badUrl = admin.post("/api/v1/channel-accounts", Map.of("type", "loopback", "name", "x",
                "lineId", line, "settings", Map.of("baseUrl", "not a url")));
        HubClient.Response unknown = admin.post("/api/v1/channel-accounts", Map.of("type", "loopback", "name", "x",
                "lineId", line, "settings", Map.of("baseUrl", url, "colour", "blue")));
        HubClient.Response badSecret = admin.post("/api/v1/channel-accounts", Map.of("type", "loopback", "name", "x",
                "lineId", line, "settings", Map.of("baseUrl", url, "secret", "tiny-secret")));
        HubClient.Response noType = admin.post("/api/v1/channel-accounts", Map.of("type", "fax", "name", "x",
                "lineId", line));

        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.body().get("field").asText()).isEqualTo("settings.mode");
        assertThat(badUrl.body().get("field").asText()).isEqualTo("settings.baseUrl");
        assertThat(unknown.body().get("field").asText()).isEqualTo("settings.colour");
        assertThat(badSecret.status()).isEqualTo(400);
        assertThat(badSecret.body().get("field").asText()).isEqualTo("settings.secret");
        assertThat(badSecret.raw()).doesNotContain("tiny-secret");
        assertThat(noType.body().get("field").asText()).isEqualTo("type");
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
        JsonNode view = admin.get("/api/v1/channel-accounts?lineId=" + line).ok().get(0);
        assertThat(view.toString()).doesNotContain(SECRET);
        assertThat(view.get("secretsSet").toString()).contains("secret");
    }
}
