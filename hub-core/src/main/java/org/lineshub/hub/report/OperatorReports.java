package org.lineshub.hub.report;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lineshub.hub.access.LineRole;
import org.lineshub.hub.line.LineMembers;
import org.lineshub.hub.system.Jdbc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Operator efficiency on a line over a period: every figure is an SQL aggregate over the stored timestamps. */
@Component
class OperatorReports {

    /**
     * One operator's figures over the period.
     *
     * @param userId                  the operator
     * @param name                    their name
     * @param sessionsHandled         sessions of the period they hold, or held when the session was closed
     * @param sessionsClosed          of those, the closed ones
     * @param avgFirstResponseSeconds average time from a session's start to its first reply, over the sessions of
     *                                the period they replied to first; {@code null} when none
     * @param p90FirstResponseSeconds the 90th percentile of those times (interpolated); {@code null} when none
     * @param avgHandlingSeconds      average time from assignment (or creation) to closing of their closed
     *                                sessions; {@code null} when none
     * @param messagesSent            replies they sent on the line within the period
     * @param slaBreaches             their sessions of the period that missed an SLA deadline
     * @param onlineSeconds           time they were online within the period
     * @param awaySeconds             time they were away within the period
     */
    record OperatorRow(long userId, String name, long sessionsHandled, long sessionsClosed,
                       Double avgFirstResponseSeconds, Double p90FirstResponseSeconds, Double avgHandlingSeconds,
                       long messagesSent, long slaBreaches, long onlineSeconds, long awaySeconds) {
    }

    /** Figures gathered per operator from several queries. */
    private static final class Figures {
        String name = "";
        long handled;
        long closed;
        Double avgFirstResponse;
        Double p90FirstResponse;
        Double avgHandling;
        long messages;
        long breaches;
        long online;
        long away;

        OperatorRow row(long userId) {
            return new OperatorRow(userId, name, handled, closed, avgFirstResponse, p90FirstResponse, avgHandling,
                    messages, breaches, online, away);
        }
    }

    private final JdbcClient jdbc;
    private final LineMembers members;
    private final Clock clock;

    OperatorReports(JdbcClient jdbc, LineMembers members, Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.clock = clock;
    }

    /**
     * @return a row for each operator of the line and each other user who handled, answered or replied to a session
     *         of the period, by name
     */
    List<OperatorRow> rows(long lineId, ReportPeriod period) {
        Map<Long, Figures> figures = new LinkedHashMap<>();
        for (LineMembers.Member m : members.withRole(lineId, LineRole.OPERATOR)) {
            figures.computeIfAbsent(m.userId(), k -> new Figures());
        }
        ReportSql.bind(jdbc.sql("SELECT s.operator_id, COUNT(*), SUM(s.status = 'CLOSED'), AVG("
                        + ReportSql.HANDLING_SECONDS + "), SUM(" + ReportSql.SLA_BREACHED + ")"
                        + " FROM session s WHERE " + ReportSql.SESSIONS_OF_PERIOD + " AND s.operator_id IS NOT NULL"
                        + " GROUP BY s.operator_id"), lineId, period)
                .query(rs -> {
                    Figures f = figures.computeIfAbsent(rs.getLong(1), k -> new Figures());
                    f.handled = rs.getLong(2);
                    f.closed = rs.getLong(3);
                    f.avgHandling = seconds(rs.getObject(4));
                    f.breaches = rs.getLong(5);
                });
        // the percentile is a window over each responder's times; every row of a partition carries it
        ReportSql.bind(jdbc.sql("SELECT r.responder, AVG(r.seconds), MAX(r.p90) FROM (SELECT f.responder, f.seconds,"
                        + " PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY f.seconds)"
                        + " OVER (PARTITION BY f.responder) AS p90"
                        + " FROM (SELECT " + ReportSql.FIRST_RESPONDER + " AS responder, "
                        + ReportSql.FIRST_RESPONSE_SECONDS + " AS seconds FROM session s"
                        + " WHERE " + ReportSql.SESSIONS_OF_PERIOD + " AND s.first_response_at > s.created_at) f"
                        + " WHERE f.responder IS NOT NULL) r GROUP BY r.responder"), lineId, period)
                .query(rs -> {
                    Figures f = figures.computeIfAbsent(rs.getLong(1), k -> new Figures());
                    f.avgFirstResponse = seconds(rs.getObject(2));
                    f.p90FirstResponse = seconds(rs.getObject(3));
                });
        if (figures.isEmpty()) {
            return List.of();
        }
        // the author index (author, created) reads each operator's replies of the period only
        ReportSql.bind(jdbc.sql("SELECT m.author_user_id, COUNT(*) FROM message m"
                        + " JOIN session s ON s.id = m.session_id"
                        + " WHERE m.author_user_id IN (:users) AND m.direction = 'OUTBOUND'"
                        + " AND m.created_at >= :from AND m.created_at < :to"
                        + " AND s.line_id = :line AND s.status <> 'SPAM' GROUP BY m.author_user_id"), lineId, period)
                .param("users", figures.keySet())
                .query(rs -> {
                    figures.get(rs.getLong(1)).messages = rs.getLong(2);
                });
        statusTimes(figures, period);
        jdbc.sql("SELECT id, display_name FROM app_user WHERE id IN (:users)").param("users", figures.keySet())
                .query(rs -> {
                    figures.get(rs.getLong(1)).name = rs.getString(2);
                });
        return figures.entrySet().stream().map(e -> e.getValue().row(e.getKey()))
                .sorted(Comparator.comparing(OperatorRow::name, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(OperatorRow::userId))
                .toList();
    }

    /**
     * Time online and away within the period, from the status history: each change holds until the user's next one
     * (the latest until now), clipped to the period.
     */
    private void statusTimes(Map<Long, Figures> figures, ReportPeriod period) {
        Instant now = clock.instant();
        jdbc.sql("SELECT c.user_id, c.status, SUM(TIMESTAMPDIFF(SECOND, GREATEST(c.changed_at, :from),"
                        + " LEAST(COALESCE(c.next_at, :now), :to))) FROM (SELECT user_id, status, changed_at,"
                        + " LEAD(changed_at) OVER (PARTITION BY user_id ORDER BY changed_at, id) AS next_at"
                        + " FROM operator_status_change WHERE user_id IN (:users) AND changed_at < :to) c"
                        + " WHERE c.status IN ('ONLINE', 'AWAY')"
                        + " AND LEAST(COALESCE(c.next_at, :now), :to) > GREATEST(c.changed_at, :from)"
                        + " GROUP BY c.user_id, c.status")
                .param("users", figures.keySet()).param("from", period.fromUtc()).param("to", period.toUtc())
                .param("now", Jdbc.utc(now))
                .query(rs -> {
                    Figures f = figures.get(rs.getLong(1));
                    if ("ONLINE".equals(rs.getString(2))) {
                        f.online = rs.getLong(3);
                    } else {
                        f.away = rs.getLong(3);
                    }
                });
    }

    /** @return seconds from an SQL number, to the millisecond, or {@code null} */
    static Double seconds(Object value) {
        return value instanceof Number n ? Math.round(n.doubleValue() * 1000) / 1000.0 : null;
    }
}
