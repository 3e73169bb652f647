package org.lineshub.hub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reports over a line with 100,000 sessions of a month (two messages each) answer from SQL aggregates and the
 * export streams: the times are printed, and asserted only generously, as machines differ.
 */
class ReportsLoadIT extends HubIT {

    private static final int SESSIONS = 100_000;

    private final Fixtures fixtures = fixtures();

    @Autowired
    private JdbcClient jdbc;

    @Test
    void reportsOverAHundredThousandSessionsAnswerQuickly() {
        User anna = fixtures.user("Anna");
        User boris = fixtures.user("Boris");
        long line = fixtures.staffedLine("Reports load", Map.of(), List.of(anna, boris), List.of());
        long account = fixtures.loopback(line).id();
        long client = jdbc.sql("INSERT INTO client (display_name, created_at, updated_at)"
                + " VALUES ('Load', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)) RETURNING id").query(Long.class).single();
        long started = System.nanoTime();
        // one statement per table: a generated sequence of numbers, a session every 25 seconds from January 1st
        jdbc.sql("INSERT INTO session (line_id, client_id, account_id, external_chat_id, status, operator_id,"
                        + " created_at, assigned_at, first_response_at, closed_at, last_message_at)"
                        + " SELECT :line, :client, :account, CONCAT('load-', seq), IF(seq % 100 = 0, 'ASSIGNED',"
                        + " IF(seq % 250 = 1, 'SPAM', 'CLOSED')), IF(seq % 2 = 0, :anna, :boris), t,"
                        + " t + INTERVAL (seq % 120) SECOND, t + INTERVAL (seq % 300 + 1) SECOND,"
                        + " IF(seq % 100 = 0, NULL, t + INTERVAL (600 + seq % 900) SECOND), t"
                        + " FROM (SELECT seq, TIMESTAMP'2025-01-01 00:00:00' + INTERVAL (seq * 25) SECOND AS t"
                        + " FROM seq_0_to_" + (SESSIONS - 1) + ") n")
                .param("line", line).param("client", client).param("account", account)
                .param("anna", anna.id()).param("boris", boris.id()).update();
        jdbc.sql("INSERT INTO message (session_id, direction, author_user_id, text, sort_time, created_at)"
                        + " SELECT id, 'INBOUND', NULL, 'hello', created_at, created_at FROM session WHERE line_id = ?"
                        + " UNION ALL SELECT id, 'OUTBOUND', operator_id, 'hi', first_response_at, first_response_at"
                        + " FROM session WHERE line_id = ?")
                .params(line, line).update();
        System.out.printf("report load: inserted %d sessions and %d messages in %d ms%n", SESSIONS, 2 * SESSIONS,
                (System.nanoTime() - started) / 1_000_000);
        String query = "?lineId=" + line + "&from=2025-01-01&to=2025-01-31&zone=Europe/Moscow";

        // the first call also warms the hub up; the second is the one to read
        timed("operators (first call)", () -> admin().get("/api/v1/reports/operators" + query).ok());
        JsonNode operators = timed("operators", () -> admin().get("/api/v1/reports/operators" + query).ok());
        JsonNode lines = timed("lines", () -> admin().get("/api/v1/reports/lines" + query).ok());
        byte[] csv = timed("sessions.csv", () -> admin().download("/api/v1/reports/sessions.csv" + query));

        long counted = SESSIONS - SESSIONS / 250;
        assertThat(lines.get("sessionsReceived").asLong()).as("all but the spam ones; January in Moscow holds them")
                .isEqualTo(counted);
        assertThat(operators.get("operators").get(0).get("sessionsHandled").asLong()
                + operators.get("operators").get(1).get("sessionsHandled").asLong()).isEqualTo(counted);
        assertThat(new String(csv, StandardCharsets.UTF_8).lines().count()).isEqualTo(counted + 1);
    }

    private static <T> T timed(String what, Supplier<T> call) {
        long started = System.nanoTime();
        T result = call.get();
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("report load: %s answered in %d ms%n", what, millis);
        assertThat(millis).as(what + " took " + millis + " ms").isLessThan(10_000);
        return result;
    }
}
