package org.lineshub.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HttpRecorder;
import org.lineshub.hub.support.HubIT;

/** routes/: the shipped example route runs against a real HTTP endpoint; files are reloaded when they change. */
class RoutesIT extends HubIT {

    private final Fixtures fixtures = fixtures();

    @Test
    void shippedExampleRoutePostsEachNewSessionToTheConfiguredUrl() throws Exception {
        assertThat(admin().get("/api/v1/routes").ok().findValuesAsText("file")).contains("new-session-webhook.yaml");
        long line = fixtures.line("Routes", Map.of());
        Fixtures.Account account = fixtures.loopback(line);

        long session = fixtures.clientWrites(account, 8201, "hi CRM");

        HttpRecorder.Request posted = OTHER_SYSTEM.await("\"id\":" + session + ",", Duration.ofSeconds(10));
        assertThat(posted.path()).isEqualTo("/crm/sessions");
        assertThat(posted.contentType()).startsWith("application/json");
        JsonNode body = new ObjectMapper().readTree(posted.body());
        assertThat(body.get("lineId").asLong()).isEqualTo(line);
        assertThat(body.get("channelType").asText()).isEqualTo("loopback");
        assertThat(body.get("clientName").asText()).isEqualTo("Client8201");
    }

    @Test
    void aRouteFileAddedChangedOrDeletedWhileTheHubRunsIsLoadedReloadedAndRemoved() throws IOException {
        String name = "audit-" + Fixtures.unique() + ".yaml";
        Files.writeString(ROUTES.resolve(name), route("audit.first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> routeIds(name).contains("audit.first"));

        Files.writeString(ROUTES.resolve(name), route("audit.second") + "\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> routeIds(name).contains("audit.second"));
        assertThat(routeIds(name)).doesNotContain("audit.first");

        Files.delete(ROUTES.resolve(name));
        await().atMost(Duration.ofSeconds(10)).until(() -> !admin().get("/api/v1/routes").ok()
                .findValuesAsText("file").contains(name));
        assertThat(admin().get("/api/v1/routes").ok().findValuesAsText("file")).contains("new-session-webhook.yaml");
    }

    @Test
    void aBrokenRouteFileIsReportedAndTheOthersKeepRunning() throws IOException {
        String name = "broken-" + Fixtures.unique() + ".yaml";
        Files.writeString(ROUTES.resolve(name), "- route:\n    from:\n      uri: \"no-such-component:x\"\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> error(name) != null);
        assertThat(admin().get("/api/v1/routes").ok().findValuesAsText("file")).contains("new-session-webhook.yaml");
        Files.delete(ROUTES.resolve(name));
    }

    private JsonNode file(String name) {
        for (JsonNode f : admin().get("/api/v1/routes").ok()) {
            if (f.get("file").asText().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private List<String> routeIds(String name) {
        JsonNode f = file(name);
        List<String> ids = new ArrayList<>();
        if (f != null) {
            f.get("routeIds").forEach(id -> ids.add(id.asText()));
        }
        return ids;
    }

    private String error(String name) {
        JsonNode f = file(name);
        return f == null || f.get("error") == null ? null : f.get("error").asText();
    }

    private static String route(String id) {
        return """
                - route:
                    id: %s
                    from:
                      uri: "hub-events:message.created"
                      steps:
                        - log: "message ${body[message][id]}"
                """.formatted(id);
    }
}
