package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.TestHub;
import org.lineshub.hub.support.TestPlugins;
import org.lineshub.telegram.fake.SentRecord;

/**
 * A channel plugin whose code throws on every update and every reply (a bug, not the platform failing) costs only
 * its own account: webhook calls get 503 with {@code Retry-After}, never 500, so the platform delivers again; once the
 * plugin failed on five different inputs in a row the account is {@code FAILED}, with the exception's class and
 * message (its secrets blanked out) as the reason on the account; its replies wait instead of failing; a call that goes
 * well ends the streak, and an admin's restart clears the failure. A Telegram account in the same hub stores its
 * clients' messages and delivers replies all the while.
 */
class ThrowingPluginIT extends HubIT {

    /** The throwing plugin's secret setting, which its exceptions quote. */
    private static final String TOKEN = "tok-" + Fixtures.unique() + "-never-show-me";
    private static final String PLUGIN = "throwing";

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Long> accounts = new ArrayList<>();

    @BeforeEach
    void installThePlugin() throws IOException {
        if (admin.get("/api/v1/plugins/" + PLUGIN).status() == 200) {
            return;
        }
        Path jar = TestPlugins.throwingPlugin(TestHub.tempDir("throwing-plugin"));
        JsonNode plugin = admin.postFile("/api/v1/plugins", "file", PLUGIN + ".jar", "application/java-archive",
                Files.readAllBytes(jar), Map.of()).ok();
        assertThat(plugin.get("state").asText()).isEqualTo("STARTED");
    }

    @AfterEach
    void deleteAccounts() {
        accounts.forEach(id -> admin.delete("/api/v1/channel-accounts/" + id));
    }

    /** Leaves the shared hub with the plugins it had. */
    @AfterAll
    static void removeThePlugin() {
        admin().delete("/api/v1/plugins/" + PLUGIN);
    }

    @Test
    void aPluginThatThrowsOnEveryUpdateFailsItsAccountAndTheOthersKeepWorking() {
        long line = fixtures.line("Broken plugin", Map.of());
        JsonNode account = throwingAccount(line);
        long id = account.get("id").asLong();
        String webhook = account.get("webhookUrl").asText();
        Fixtures.TelegramAccount telegram = fixtures.telegram(fixtures.line("Healthy plugin",
                Map.of("showOperatorName", false)));

        for (int i = 1; i < 5; i++) {
            HttpResponse<String> answer = post(webhook, "update " + i);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(answer.body()).doesNotContain(TOKEN);
        }
        JsonNode degraded = view(id);
        assertThat(degraded.get("status").asText()).isEqualTo("RUNNING");
        assertThat(degraded.get("problem").asText()).contains("4 different inputs in a row")
                .contains("IllegalStateException").doesNotContain(TOKEN);
        long session = fixtures.clientWrites(telegram, 7601, "are you there?");
        long reply = reply(session, "yes, all well");
        fixtures.awaitDelivery(session, reply, "SENT");

        assertThat(post(webhook, "update 5").statusCode()).isEqualTo(503);

        JsonNode failed = awaitStatus(id, "FAILED");
        assertThat(failed.get("lastError").asText())
                .contains("5 different inputs in a row", "handling a webhook request", "IllegalStateException",
                        "cannot map the update for bot ***")
                .doesNotContain(TOKEN);
        assertThat(failed.has("problem")).as("the problem became the error").isFalse();
        HttpResponse<String> afterwards = post(webhook, "update 6");
        assertThat(afterwards.statusCode()).isEqualTo(503);
        assertThat(afterwards.headers().firstValue("Retry-After")).isPresent();
        assertThat(admin.get("/api/v1/sessions?lineId=" + line).ok()).isEmpty();
        // the other plugin's account goes on as before
        telegram.bot().enqueueText(7601, 7601, "Client7601", "still there?");
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.messages(session).findValuesAsText("text")
                .contains("still there?"));
        long second = reply(session, "still here");
        fixtures.awaitDelivery(session, second, "SENT");
        assertThat(telegram.bot().sent()).extracting(SentRecord::text).containsExactly("yes, all well", "still here");
    }

    @Test
    void aCallThatGoesWellEndsTheStreakAndAnAdminsRestartClearsTheFailure() {
        long line = fixtures.line("Flaky plugin", Map.of());
        JsonNode account = throwingAccount(line);
        long id = account.get("id").asLong();
        String webhook = account.get("webhookUrl").asText();
        for (int i = 1; i < 5; i++) {
            assertThat(post(webhook, "early " + i).statusCode()).isEqualTo(503);
        }

        assertThat(post(webhook + "?id=m-1&chat=77", "fine").statusCode()).isEqualTo(200);

        JsonNode recovered = view(id);
        assertThat(recovered.get("status").asText()).isEqualTo("RUNNING");
        assertThat(recovered.has("problem")).isFalse();
        for (int i = 1; i < 5; i++) {
            assertThat(post(webhook, "late " + i).statusCode()).isEqualTo(503);
        }
        // the platform delivering an update again is not another input the plugin failed on
        assertThat(post(webhook, "late 4").statusCode()).isEqualTo(503);
        assertThat(view(id).get("status").asText()).isEqualTo("RUNNING");
        assertThat(post(webhook, "late 5").statusCode()).isEqualTo(503);
        awaitStatus(id, "FAILED");

        JsonNode restarted = admin.put("/api/v1/channel-accounts/" + id, Map.of("type", PLUGIN,
                "name", account.get("name").asText(), "lineId", line, "enabled", true)).ok();

        assertThat(restarted.get("status").asText()).isEqualTo("RUNNING");
        assertThat(restarted.has("lastError")).isFalse();
        assertThat(post(webhook + "?id=m-2&chat=77", "fine").statusCode()).isEqualTo(200);
        long session = Fixtures.ids(admin.get("/api/v1/sessions?lineId=" + line).ok()).get(0);
        assertThat(fixtures.messages(session).findValuesAsText("externalId")).containsExactly("m-1", "m-2");
    }

    @Test
    void aSenderThatThrowsOnEveryReplyFailsItsAccountAndItsRepliesWait() {
        long line = fixtures.line("Broken sender", Map.of("showOperatorName", false));
        JsonNode account = throwingAccount(line);
        long id = account.get("id").asLong();
        String webhook = account.get("webhookUrl").asText();
        Fixtures.TelegramAccount telegram = fixtures.telegram(fixtures.line("Healthy sender",
                Map.of("showOperatorName", false)));
        long healthy = fixtures.clientWrites(telegram, 7602, "hello");
        for (int chat = 1; chat <= 5; chat++) {
            assertThat(post(webhook + "?id=m-" + chat + "&chat=" + chat, "fine").statusCode()).isEqualTo(200);
        }
        List<Long> sessions = Fixtures.ids(admin.get("/api/v1/sessions?lineId=" + line).ok());
        assertThat(sessions).hasSize(5);

        Map<Long, Long> replies = new LinkedHashMap<>();
        sessions.forEach(session -> replies.put(session, reply(session, "this will not go out")));
        long healthyReply = reply(healthy, "this will");

        JsonNode failed = awaitStatus(id, "FAILED");
        assertThat(failed.get("lastError").asText())
                .contains("5 different inputs in a row", "sending a reply", "IllegalStateException",
                        "cannot build the request for bot ***")
                .doesNotContain(TOKEN);
        // each reply was tried, and none was given up on: they wait for the account like a stopped account's
        replies.forEach((session, reply) -> {
            JsonNode message = fixtures.message(session, reply);
            assertThat(message.get("deliveryStatus").asText()).isEqualTo("PENDING");
            assertThat(message.get("attempts").asInt()).isPositive();
            assertThat(message.toString()).doesNotContain(TOKEN);
        });
        fixtures.awaitDelivery(healthy, healthyReply, "SENT");
        assertThat(telegram.bot().sent()).extracting(SentRecord::text).containsExactly("this will");
    }

    private JsonNode throwingAccount(long line) {
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", PLUGIN,
                "name", "broken " + Fixtures.unique(), "lineId", line, "settings", Map.of("token", TOKEN))).ok();
        accounts.add(account.get("id").asLong());
        assertThat(account.get("status").asText()).isEqualTo("RUNNING");
        assertThat(account.toString()).doesNotContain(TOKEN);
        return account;
    }

    private JsonNode view(long id) {
        return admin.get("/api/v1/channel-accounts/" + id).ok();
    }

    private JsonNode awaitStatus(long id, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            found[0] = view(id);
            return status.equals(found[0].get("status").asText());
        });
        return found[0];
    }

    private long reply(long session, String text) {
        return admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", text)).ok().get("id").asLong();
    }

    /** Posts to a webhook as the platform would, keeping the answer's headers. */
    private HttpResponse<String> post(String url, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "text/plain; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
