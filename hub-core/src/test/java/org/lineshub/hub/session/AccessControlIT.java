package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;

/** Who sees what, on every endpoint: a user of line A can do nothing with line B, and nothing changes. */
class AccessControlIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private User operatorA;
    private User colleagueA;
    private User supervisorA;
    private User operatorB;
    private long lineA;
    private long lineB;
    private long sessionA;
    private long sessionB;

    @BeforeEach
    void twoLines() {
        operatorA = fixtures.user("Anna");
        colleagueA = fixtures.user("Alex");
        supervisorA = fixtures.user("Sofia");
        operatorB = fixtures.user("Boris");
        lineA = fixtures.staffedLine("Line A", Map.of(), List.of(operatorA, colleagueA), List.of(supervisorA));
        lineB = fixtures.staffedLine("Line B", Map.of(), List.of(operatorB), List.of());
        Fixtures.status(operatorA, "ONLINE");
        Fixtures.status(colleagueA, "ONLINE");
        Fixtures.status(operatorB, "ONLINE");
        sessionA = fixtures.clientWrites(fixtures.loopback(lineA), Fixtures.unique(), "hello A");
        sessionB = fixtures.clientWrites(fixtures.loopback(lineB), Fixtures.unique(), "hello B");
    }

    @Test
    void operatorOfLineACannotListReadReplyTakeTransferOrCloseASessionOfLineB() {
        HubClient a = operatorA.api();
        assertThat(Fixtures.ids(a.get("/api/v1/sessions").ok())).contains(sessionA).doesNotContain(sessionB);
        assertThat(Fixtures.ids(a.get("/api/v1/sessions?lineId=" + lineB).ok())).isEmpty();

        assertThat(a.get("/api/v1/sessions/" + sessionB).status()).isEqualTo(403);
        assertThat(a.get("/api/v1/sessions/" + sessionB + "/messages").status()).isEqualTo(403);
        assertThat(a.post("/api/v1/sessions/" + sessionB + "/messages", Map.of("text", "hi")).status())
                .isEqualTo(403);
        assertThat(a.post("/api/v1/sessions/" + sessionB + "/messages", Map.of("text", "psst", "internal", true))
                .status()).isEqualTo(403);
        assertThat(a.post("/api/v1/sessions/" + sessionB + "/take", Map.of()).status()).isEqualTo(403);
        assertThat(a.post("/api/v1/sessions/" + sessionB + "/assign", Map.of("operatorId", operatorA.id()))
                .status()).isEqualTo(403);
        assertThat(a.post("/api/v1/sessions/" + sessionB + "/transfer", Map.of("toLineId", lineA)).status())
                .isEqualTo(403);
        assertThat(a.post("/api/v1/sessions/" + sessionB + "/close", Map.of()).status()).isEqualTo(403);
        assertThat(a.post("/api/v1/sessions/" + sessionB + "/reopen", Map.of()).status()).isEqualTo(403);
        assertThat(a.post("/api/v1/sessions/" + sessionB + "/read", Map.of()).status()).isEqualTo(403);
        assertThat(a.get("/api/v1/lines/" + lineB).status()).isEqualTo(403);
        long clientB = admin.get("/api/v1/sessions/" + sessionB).ok().get("clientId").asLong();
        assertThat(a.get("/api/v1/clients/" + clientB).status()).isEqualTo(403);
        long message = fixtures.messages(sessionB).get(0).get("id").asLong();
        assertThat(a.get("/api/v1/messages/" + message + "/attachments/1").status()).isEqualTo(403);

        JsonNode after = admin.get("/api/v1/sessions/" + sessionB).ok();
        assertThat(after.get("status").asText()).isEqualTo("QUEUED");
        assertThat(after.get("lineId").asLong()).isEqualTo(lineB);
        assertThat(fixtures.messages(sessionB)).hasSize(1);
    }

    @Test
    void supervisorOfLineASeesAllOfLineAAndNothingOfLineB() {
        colleagueA.api().post("/api/v1/sessions/" + sessionA + "/take", Map.of()).ok();
        HubClient s = supervisorA.api();

        assertThat(Fixtures.ids(s.get("/api/v1/sessions?view=active").ok())).contains(sessionA).doesNotContain(sessionB);
        assertThat(s.get("/api/v1/sessions/" + sessionA + "/messages").status()).isEqualTo(200);
        assertThat(s.get("/api/v1/sessions/" + sessionB).status()).isEqualTo(403);
        assertThat(s.post("/api/v1/sessions/" + sessionB + "/assign", Map.of("operatorId", operatorB.id()))
                .status()).isEqualTo(403);
        assertThat(s.get("/api/v1/operators?lineId=" + lineB).status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/sessions/" + sessionB).ok().get("status").asText()).isEqualTo("QUEUED");
    }

    @Test
    void operatorSeesTheQueueTheirOwnAndClosedSessionsButNotAColleaguesOpenOne() {
        colleagueA.api().post("/api/v1/sessions/" + sessionA + "/take", Map.of()).ok();
        HubClient a = operatorA.api();

        assertThat(Fixtures.ids(a.get("/api/v1/sessions?lineId=" + lineA).ok())).doesNotContain(sessionA);
        assertThat(a.get("/api/v1/sessions/" + sessionA).status()).isEqualTo(403);
        assertThat(a.post("/api/v1/sessions/" + sessionA + "/messages", Map.of("text", "mine now?")).status())
                .isEqualTo(403);
        assertThat(a.post("/api/v1/sessions/" + sessionA + "/close", Map.of()).status()).isEqualTo(403);

        colleagueA.api().post("/api/v1/sessions/" + sessionA + "/close", Map.of("reason", "solved")).ok();
        assertThat(Fixtures.ids(a.get("/api/v1/sessions?view=closed&lineId=" + lineA).ok())).contains(sessionA);
        assertThat(a.get("/api/v1/sessions/" + sessionA + "/messages").status()).isEqualTo(200);
    }

    @Test
    void readerReadsTheLineButCannotWriteAndNeverSeesInternalComments() {
        User reader = fixtures.user("Rita");
        long line = fixtures.line("Read-only", Map.of("readerGroupIds", List.of(fixtures.group("readers", reader)),
                "operatorGroupIds", List.of(fixtures.group("ops", operatorA))));
        long session = fixtures.clientWrites(fixtures.loopback(line), Fixtures.unique(), "question");
        operatorA.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", "colleagues only",
                "internal", true)).ok();

        HubClient r = reader.api();
        JsonNode messages = r.get("/api/v1/sessions/" + session + "/messages").ok();
        assertThat(messages.findValuesAsText("direction")).doesNotContain("INTERNAL");
        assertThat(messages.findValuesAsText("text")).contains("question");
        assertThat(r.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "hi")).status())
                .isEqualTo(403);
        assertThat(r.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "x", "internal", true))
                .status()).isEqualTo(403);
        assertThat(r.post("/api/v1/sessions/" + session + "/take", Map.of()).status()).isEqualTo(403);
        assertThat(r.post("/api/v1/sessions/" + session + "/close", Map.of()).status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/sessions/" + session).ok().get("status").asText()).isEqualTo("QUEUED");
    }

    @Test
    void onlyAdminsAdministerLinesAccountsUsersGroupsAndPlugins() {
        HubClient s = supervisorA.api();
        assertThat(s.post("/api/v1/lines", Map.of("name", "mine")).status()).isEqualTo(403);
        assertThat(s.put("/api/v1/lines/" + lineA, Map.of("name", "renamed")).status()).isEqualTo(403);
        assertThat(s.delete("/api/v1/lines/" + lineA).status()).isEqualTo(403);
        assertThat(s.get("/api/v1/channel-accounts").status()).isEqualTo(403);
        assertThat(s.post("/api/v1/channel-accounts", Map.of("type", "loopback", "name", "x", "lineId", lineA))
                .status()).isEqualTo(403);
        assertThat(s.get("/api/v1/users").status()).isEqualTo(403);
        assertThat(s.post("/api/v1/users", Map.of("username", "evil", "displayName", "Evil", "password",
                "password-1", "admin", true)).status()).isEqualTo(403);
        assertThat(s.get("/api/v1/groups").status()).isEqualTo(403);
        assertThat(s.get("/api/v1/plugins").status()).isEqualTo(403);
        assertThat(s.post("/api/v1/plugins/loopback/stop", Map.of()).status()).isEqualTo(403);
        assertThat(s.get("/api/v1/dead-letters").status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/plugins/loopback").ok().get("state").asText()).isEqualTo("STARTED");
        assertThat(admin.get("/api/v1/lines/" + lineA).ok().get("name").asText()).startsWith("Line A");
    }
}
