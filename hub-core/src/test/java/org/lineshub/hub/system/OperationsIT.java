package org.lineshub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;

/** What operations teams look at: health probes, Prometheus metrics, the OpenAPI document. */
class OperationsIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient anonymous = HubClient.browser(base());

    @Test
    void livenessAndReadinessIncludeTheDatabaseAndEachChannelAccount() {
        long line = fixtures.line("Health", Map.of());
        Fixtures.Account account = fixtures.loopback(line);

        assertThat(anonymous.get("/actuator/health/liveness").ok().get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.get("/actuator/health/readiness").ok().has("components"))
                .as("anonymous probes see the status only").isFalse();
        JsonNode readiness = admin().get("/actuator/health/readiness").ok();
        assertThat(readiness.get("components").get("db").get("status").asText()).isEqualTo("UP");
        JsonNode channels = readiness.get("components").get("channels").get("details");
        String key = account.id() + " ";
        assertThat(channels.fieldNames()).toIterable().anyMatch(k -> k.startsWith(key));
    }

    @Test
    void aChannelAccountThatCannotReachItsPlatformShowsItsProblemInHealth() {
        long line = fixtures.line("Unreachable", Map.of());
        JsonNode account = admin().post("/api/v1/channel-accounts", Map.of("type", "loopback", "name", "offline",
                "lineId", line, "settings", Map.of("baseUrl", "http://127.0.0.1:9"))).ok();
        String key = account.get("id").asLong() + " offline";

        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode health = admin().get("/actuator/health/channels").body();
            JsonNode mine = health.get("details").get(key);
            return mine != null && "DEGRADED".equals(mine.get("status").asText()) && mine.has("problem");
        });
        assertThat(admin().get("/api/v1/channel-accounts/" + account.get("id").asLong()).ok().get("problem")
                .asText()).isNotBlank();
        admin().delete("/api/v1/channel-accounts/" + account.get("id").asLong());
    }

    @Test
    void prometheusExposesMessagesPerChannelOutboxAndPluginStates() {
        long line = fixtures.line("Metrics", Map.of());
        Fixtures.Account account = fixtures.loopback(line);
        long session = fixtures.clientWrites(account, 8301, "count me");
        admin().post("/api/v1/sessions/" + session + "/messages", Map.of("text", "counted")).ok();
        account.platform().awaitSent(1, Duration.ofSeconds(10));

        long started = admin().get("/api/v1/plugins").ok().findValuesAsText("state").stream()
                .filter("STARTED"::equals).count();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = admin().get("/actuator/prometheus").raw();
            assertThat(metrics).contains("hub_messages_in_total{application=\"lines-hub\",channel=\"loopback\"}");
            assertThat(metrics).contains("hub_messages_out_total{application=\"lines-hub\",channel=\"loopback\","
                    + "status=\"sent\"}");
            assertThat(metrics).contains("hub_outbox_pending");
            assertThat(metrics).contains("hub_plugins{application=\"lines-hub\",state=\"STARTED\"} " + started
                    + ".0");
        });
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        JsonNode doc = anonymous.get("/v3/api-docs").ok();
        assertThat(doc.get("info").get("title").asText()).isEqualTo("Lines hub API");
        JsonNode paths = doc.get("paths");
        for (String path : new String[] {"/api/v1/lines", "/api/v1/lines/{id}", "/api/v1/channel-accounts",
                "/api/v1/channel-accounts/{id}", "/api/v1/sessions", "/api/v1/sessions/{id}",
                "/api/v1/sessions/{id}/messages", "/api/v1/plugins", "/api/v1/plugins/{id}/stop",
                "/api/v1/plugins/{id}/start", "/api/v1/plugins/{id}", "/webhooks/{key}"}) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(doc.get("components").get("securitySchemes").has("basic")).isTrue();
        assertThat(doc.get("components").get("securitySchemes").has("bearer")).isTrue();
    }

    @Test
    void theApiNeedsCredentials() {
        assertThat(anonymous.get("/api/v1/sessions").status()).isEqualTo(401);
        assertThat(HubClient.basic(base(), "admin", "wrong").get("/api/v1/lines").status()).isEqualTo(401);
        assertThat(HubClient.bearer(base(), "lh_forged").get("/api/v1/lines").status()).isEqualTo(401);
    }
}
