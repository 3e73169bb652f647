package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.access.LineRole;
import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.StandaloneHubIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The inbox at scale: with a long closed history on the line (and another line beside it), MariaDB answers each sort
 * of the queue and active views, first page and later ones, by reading an index in order: no filesort, no temporary
 * table, whoever asks.
 */
class InboxQueryPlanIT extends StandaloneHubIT {

    private final Fixtures fixtures = fixtures();

    @Autowired
    private SessionQueries queries;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void eachSortOfTheQueueAndActiveViewsReadsAnIndexInOrder() {
        long line = fixtures.line("Long history", Map.of());
        long otherLine = fixtures.line("Neighbour", Map.of());
        Fixtures.Account account = fixtures.loopback(line);
        long session = fixtures.clientWrites(account, 9801, "hello");
        long client = jdbc.sql("SELECT client_id FROM session WHERE id = ?").param(session).query(Long.class).single();
        long operator = fixtures.user("Olga Operator").id();
        sessions(line, account.id(), client, null, "CLOSED", 20_000);
        sessions(otherLine, account.id(), client, null, "CLOSED", 5_000);
        sessions(line, account.id(), client, null, "QUEUED", 300);
        sessions(line, account.id(), client, operator, "ASSIGNED", 300);
        jdbc.sql("ANALYZE TABLE session").query().listOfRows();

        List<UserAccess> readers = List.of(
                new UserAccess(1, "admin", true, Map.of()),
                new UserAccess(2, "supervisor", false, Map.of(line, EnumSet.of(LineRole.SUPERVISOR))),
                new UserAccess(operator, "operator", false, Map.of(line, EnumSet.of(LineRole.OPERATOR))));
        List<String> problems = new ArrayList<>();
        for (UserAccess reader : readers) {
            for (String view : List.of("queue", "active")) {
                for (String sort : List.of("created", "lastActivity", "duration", "waiting")) {
                    SessionQuery first = new SessionQuery(view, line, null, null, null, null, sort, 50, null);
                    String cursor = queries.page(reader, first).nextCursor();
                    assertThat(cursor).as("a second page of " + view + " by " + sort).isNotNull();
                    SessionQuery second = new SessionQuery(view, line, null, null, null, null, sort, 50, cursor);
                    for (SessionQuery query : List.of(first, second)) {
                        String plan = plan(queries.select(reader, query));
                        if (plan.contains("filesort") || plan.contains("temporary") || !plan.contains("ix_session_")) {
                            problems.add(reader.displayName() + ", " + view + " by " + sort
                                    + (query.cursor() == null ? "" : " after a cursor") + ": " + plan);
                        }
                    }
                }
            }
        }

        assertThat(problems).isEmpty();
    }

    /** @return the plan's rows for the session table, as text */
    private String plan(SessionQueries.Select select) {
        StringBuilder plan = new StringBuilder();
        for (Map<String, Object> row : jdbc.sql("EXPLAIN " + select.sql()).params(select.params()).query()
                .listOfRows()) {
            if ("s".equals(row.get("table"))) {
                plan.append("type=").append(row.get("type")).append(" key=").append(row.get("key"))
                        .append(" rows=").append(row.get("rows")).append(" extra=").append(row.get("Extra"));
            } else if (String.valueOf(row.get("Extra")).contains("temporary")) {
                plan.append(" temporary table at ").append(row.get("table"));
            }
        }
        return plan.toString();
    }

    /** Adds sessions of one client to a line, one a minute back from now. */
    private void sessions(long lineId, long accountId, long clientId, Long operatorId, String status, int count) {
        String numbers = "(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM " + digits("a")
                + ", " + digits("b") + ", " + digits("c") + ", " + digits("e") + ", " + digits("f") + ") numbers";
        jdbc.sql("INSERT INTO session (line_id, client_id, account_id, external_chat_id, status, operator_id,"
                        + " created_at, last_message_at, waiting_since, closed_at)"
                        + " SELECT :line, :client, :account, CONCAT(:status, '-', :line, '-', n), :status, :operator,"
                        + " UTC_TIMESTAMP(6) - INTERVAL n MINUTE, UTC_TIMESTAMP(6) - INTERVAL (n * 7 % 1000) MINUTE,"
                        + " CASE WHEN :status = 'CLOSED' OR n % 3 = 0 THEN NULL"
                        + " ELSE UTC_TIMESTAMP(6) - INTERVAL n SECOND END,"
                        + " CASE WHEN :status = 'CLOSED' THEN UTC_TIMESTAMP(6) END"
                        + " FROM " + numbers + " WHERE n < :count")
                .param("line", lineId).param("client", clientId).param("account", accountId)
                .param("status", status).param("operator", operatorId).param("count", count)
                .update();
    }

    private static String digits(String alias) {
        return "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
                + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) "
                + alias;
    }
}
