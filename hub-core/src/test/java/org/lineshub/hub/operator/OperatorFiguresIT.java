package org.lineshub.hub.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.system.Jdbc;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The supervisor's figures: each operator's average first response today, credited to who answered first, and the
 * active sessions of every supervised line. Session times are set in the database where a test needs a wait of a
 * known length.
 */
class OperatorFiguresIT extends HubIT {

    private final Fixtures fixtures = fixtures();

    @Autowired
    private JdbcClient jdbc;

    @Test
    void theAverageFirstResponseTodayIsCreditedToWhoAnsweredFirst() {
        User anna = fixtures.user("Anna");
        User boris = fixtures.user("Boris");
        User sofia = fixtures.user("Sofia");
        long line = fixtures.staffedLine("Figures", Map.of("showOperatorName", false), List.of(anna, boris),
                List.of(sofia));
        Fixtures.status(anna, "ONLINE");
        Fixtures.status(boris, "ONLINE");
        Fixtures.Account account = fixtures.loopback(line);
        long quick = answeredBy(anna, account, "quick");
        long handedOn = answeredBy(anna, account, "handed on");
        anna.api().post("/api/v1/sessions/" + handedOn + "/transfer", Map.of("toOperatorId", boris.id())).ok();
        reply(boris, handedOn, "Boris here");
        long yesterday = answeredBy(anna, account, "yesterday");
        anna.api().post("/api/v1/sessions/" + quick + "/close", Map.of()).ok();
        anna.api().post("/api/v1/sessions", Map.of("clientId", clientId(quick), "accountId", account.id(),
                "text", "we have news for you")).ok();
        waited(quick, 60);
        waited(handedOn, 180);
        Instant lastNight = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(3600);
        jdbc.sql("UPDATE session SET first_response_at = :at, created_at = :at - INTERVAL 10 SECOND WHERE id = :id")
                .param("at", Jdbc.utc(lastNight)).param("id", yesterday).update();

        JsonNode panel = sofia.api().get("/api/v1/operators?lineId=" + line).ok();

        JsonNode a = row(panel, anna.id());
        assertThat(a.get("avgFirstResponseSecondsToday").asDouble())
                .as("60 s and 180 s; not the session answered yesterday, nor the one Anna started")
                .isEqualTo(120.0);
        assertThat(a.get("openSessions").asLong()).as("the one of yesterday and the one she started").isEqualTo(2);
        JsonNode b = row(panel, boris.id());
        assertThat(b.has("avgFirstResponseSecondsToday")).as("Anna answered first in the session Boris holds")
                .isFalse();
        assertThat(b.get("openSessions").asLong()).isEqualTo(1);
        assertThat(b.get("secondsSinceLastReply").asLong()).isBetween(0L, 60L);
        assertThat(sofia.api().get("/api/v1/operators?lineId=" + line + "&zone=Europe/Moscow").status())
                .isEqualTo(200);
        assertThat(sofia.api().get("/api/v1/operators?lineId=" + line + "&zone=Mars/Olympus").status())
                .isEqualTo(400);
    }

    @Test
    void aSupervisorListsTheActiveSessionsOfEachSupervisedLineAndNoOther() {
        User sofia = fixtures.user("Sofia");
        long north = fixtures.staffedLine("North", Map.of(), List.of(), List.of(sofia));
        long south = fixtures.staffedLine("South", Map.of(), List.of(), List.of(sofia));
        long elsewhere = fixtures.line("Elsewhere", Map.of());
        long inNorth = fixtures.clientWrites(fixtures.loopback(north), Fixtures.unique(), "north");
        long inSouth = fixtures.clientWrites(fixtures.loopback(south), Fixtures.unique(), "south");
        long notHers = fixtures.clientWrites(fixtures.loopback(elsewhere), Fixtures.unique(), "elsewhere");

        List<Long> all = Fixtures.ids(sofia.api().get("/api/v1/sessions?view=active&sort=duration").ok());

        assertThat(all).containsSubsequence(inNorth, inSouth).doesNotContain(notHers);
        assertThat(Fixtures.ids(sofia.api().get("/api/v1/sessions?view=active&lineId=" + south).ok()))
                .containsExactly(inSouth);
        assertThat(Fixtures.ids(sofia.api().get("/api/v1/sessions?view=active&lineId=" + elsewhere).ok()))
                .isEmpty();
    }

    /** A client writes, the operator takes the session and answers; returns the session. */
    private long answeredBy(User operator, Fixtures.Account account, String text) {
        long session = fixtures.clientWrites(account, Fixtures.unique(), text);
        operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        reply(operator, session, "hello");
        return session;
    }

    private static void reply(User author, long session, String text) {
        author.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", text)).ok();
    }

    /** Makes the session start this many seconds before its first answer. */
    private void waited(long session, int seconds) {
        jdbc.sql("UPDATE session SET created_at = first_response_at - INTERVAL :seconds SECOND WHERE id = :id")
                .param("seconds", seconds).param("id", session).update();
    }

    private long clientId(long session) {
        return jdbc.sql("SELECT client_id FROM session WHERE id = ?").param(session).query(Long.class).single();
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
