package org.lineshub.hub.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;

/** Operators' status, and what supervisors see of operators and active sessions. */
class OperatorIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Test
    void goingOfflineWhileHoldingSessionsIsRefusedWhenTheLineSaysSo() {
        User anna = fixtures.user("Anna");
        long strict = fixtures.staffedLine("Strict", Map.of("allowOfflineWithSessions", false), List.of(anna),
                List.of());
        Fixtures.status(anna, "ONLINE");
        long session = fixtures.clientWrites(fixtures.loopback(strict), Fixtures.unique(), "hi");
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

        HubClient.Response refused = anna.api().put("/api/v1/me/status", Map.of("status", "OFFLINE"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asText()).contains("1 on line Strict").contains("close or transfer");
        assertThat(anna.api().get("/api/v1/me").ok().get("user").get("status").asText()).isEqualTo("ONLINE");
        assertThat(anna.api().put("/api/v1/me/status", Map.of("status", "AWAY")).status()).isEqualTo(200);
        anna.api().post("/api/v1/sessions/" + session + "/close", Map.of()).ok();
        assertThat(anna.api().put("/api/v1/me/status", Map.of("status", "OFFLINE")).ok().get("status").asText())
                .isEqualTo("OFFLINE");
    }

    @Test
    void goingOfflineWithSessionsIsAllowedWhenTheLineAllowsIt() {
        User boris = fixtures.user("Boris");
        long relaxed = fixtures.staffedLine("Relaxed", Map.of("allowOfflineWithSessions", true), List.of(boris),
                List.of());
        Fixtures.status(boris, "ONLINE");
        long session = fixtures.clientWrites(fixtures.loopback(relaxed), Fixtures.unique(), "hi");
        boris.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

        assertThat(boris.api().put("/api/v1/me/status", Map.of("status", "OFFLINE")).status()).isEqualTo(200);
        assertThat(boris.api().put("/api/v1/me/status", Map.of("status", "SLEEPING")).status()).isEqualTo(400);
    }

    @Test
    void meShowsTheUsersRolesPerLine() {
        User vera = fixtures.user("Vera");
        long line = fixtures.staffedLine("Roles", Map.of(), List.of(vera), List.of(vera));

        JsonNode me = vera.api().get("/api/v1/me").ok();

        assertThat(me.get("user").get("username").asText()).isEqualTo(vera.username());
        JsonNode mine = null;
        for (JsonNode l : me.get("lines")) {
            if (l.get("lineId").asLong() == line) {
                mine = l;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("roles").toString()).isEqualTo("[\"OPERATOR\",\"SUPERVISOR\"]");
    }

    @Test
    void supervisorsSeeEachOperatorsStatusLoadLastReplyAndFirstResponseTime() {
        User anna = fixtures.user("Anna");
        User boris = fixtures.user("Boris");
        User sofia = fixtures.user("Sofia");
        long line = fixtures.staffedLine("Panel", Map.of("showOperatorName", false), List.of(anna, boris),
                List.of(sofia));
        Fixtures.status(anna, "ONLINE");
        Fixtures.status(boris, "AWAY");
        Fixtures.Account account = fixtures.loopback(line);
        long session = fixtures.clientWrites(account, Fixtures.unique(), "hello");
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        anna.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", "hi!")).ok();

        JsonNode panel = sofia.api().get("/api/v1/operators?lineId=" + line).ok();

        JsonNode a = row(panel, anna.id());
        assertThat(a.get("status").asText()).isEqualTo("ONLINE");
        assertThat(a.get("openSessions").asLong()).isEqualTo(1);
        assertThat(a.get("lastReplyAt").isNull()).isFalse();
        assertThat(a.get("secondsSinceLastReply").asLong()).isBetween(0L, 60L);
        assertThat(a.get("avgFirstResponseSecondsToday").asDouble()).isBetween(0.0, 60.0);
        JsonNode b = row(panel, boris.id());
        assertThat(b.get("status").asText()).isEqualTo("AWAY");
        assertThat(b.get("openSessions").asLong()).isZero();
        assertThat(b.has("lastReplyAt")).isFalse();
        assertThat(anna.api().get("/api/v1/operators?lineId=" + line).status()).isEqualTo(403);
    }

    @Test
    void activeSessionsFilterByLineAndChannelAndSortByDurationActivityAndCreation() throws Exception {
        User sofia = fixtures.user("Sofia");
        long line = fixtures.staffedLine("Active", Map.of(), List.of(), List.of(sofia));
        Fixtures.Account account = fixtures.loopback(line);
        long chatOld = Fixtures.unique();
        long old = fixtures.clientWrites(account, chatOld, "oldest");
        long middle = fixtures.clientWrites(account, Fixtures.unique(), "middle");
        long newest = fixtures.clientWrites(account, Fixtures.unique(), "newest");
        account.platform().enqueueText(Long.toString(chatOld), Long.toString(chatOld), "Client" + chatOld,
                "still waiting");
        org.awaitility.Awaitility.await().until(() -> fixtures.messages(old).size() == 2);
        long otherLine = fixtures.line("Elsewhere", Map.of());
        fixtures.clientWrites(fixtures.loopback(otherLine), Fixtures.unique(), "not here");

        String base = "/api/v1/sessions?view=active&lineId=" + line;
        assertThat(Fixtures.ids(sofia.api().get(base + "&sort=duration").ok())).containsExactly(old, middle, newest);
        assertThat(Fixtures.ids(sofia.api().get(base + "&sort=created").ok())).containsExactly(newest, middle, old);
        assertThat(Fixtures.ids(sofia.api().get(base + "&sort=lastActivity").ok())).containsExactly(old, newest, middle);
        assertThat(Fixtures.ids(sofia.api().get(base + "&channel=loopback").ok())).hasSize(3);
        assertThat(Fixtures.ids(sofia.api().get(base + "&channel=vk").ok())).isEmpty();
        assertThat(sofia.api().get(base + "&sort=random").status()).isEqualTo(400);
    }

    private static JsonNode row(JsonNode panel, long userId) {
        for (JsonNode r : panel) {
            if (r.get("userId").asLong() == userId) {
                return r;
            }
        }
        throw new AssertionError("no row for " + userId + " in " + panel);
    }
}
