package org.lineshub.hub.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.line.LineMembers;
import org.lineshub.hub.line.LineRepository;
import org.lineshub.hub.access.LineRole;
import org.lineshub.hub.system.ForbiddenException;
import org.lineshub.hub.system.Jdbc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The supervisor's view of operators: who is online, how loaded, how quick today. */
@Component
class OperatorPanel {

    /**
     * One operator's figures.
     *
     * @param userId                      the operator
     * @param name                        their name
     * @param status                      ONLINE, AWAY or OFFLINE
     * @param openSessions                sessions they hold on the lines asked about
     * @param lastReplyAt                 when they last answered a client, or {@code null}
     * @param secondsSinceLastReply       seconds since then, or {@code null}
     * @param avgFirstResponseSecondsToday average time from a session's start to its first answer, over their
     *                                    sessions first answered today (UTC), or {@code null}
     * @param lineIds                     the lines asked about that they operate
     */
    record OperatorRow(long userId, String name, String status, long openSessions, Instant lastReplyAt,
                       Long secondsSinceLastReply, Double avgFirstResponseSecondsToday, List<Long> lineIds) {
    }

    private final LineMembers members;
    private final LineRepository lines;
    private final JdbcClient jdbc;
    private final Clock clock;

    OperatorPanel(LineMembers members, LineRepository lines, JdbcClient jdbc, Clock clock) {
        this.members = members;
        this.lines = lines;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<OperatorRow> operators(UserAccess me, Long lineId) {
        Set<Long> lineIds;
        if (lineId != null) {
            if (!me.canSupervise(lineId)) {
                throw new ForbiddenException("Only supervisors of the line see its operators");
            }
            lineIds = Set.of(lineId);
        } else if (me.admin()) {
            lineIds = Set.copyOf(lines.findAll().stream().map(l -> l.getId()).toList());
        } else {
            lineIds = Set.copyOf(me.lineRoles().entrySet().stream()
                    .filter(e -> e.getValue().contains(LineRole.SUPERVISOR)).map(Map.Entry::getKey).toList());
        }
        if (lineIds.isEmpty()) {
            if (!me.admin()) {
                throw new ForbiddenException("Only supervisors see operators");
            }
            return List.of();
        }
        Map<Long, LineMembers.Member> operators = new LinkedHashMap<>();
        Map<Long, List<Long>> linesByOperator = new HashMap<>();
        for (Long line : lineIds.stream().sorted().toList()) {
            for (LineMembers.Member m : members.withRole(line, LineRole.OPERATOR)) {
                operators.putIfAbsent(m.userId(), m);
                linesByOperator.computeIfAbsent(m.userId(), k -> new java.util.ArrayList<>()).add(line);
            }
        }
        if (operators.isEmpty()) {
            return List.of();
        }
        Set<Long> ids = operators.keySet();
        Map<Long, Long> open = new HashMap<>();
        jdbc.sql("SELECT operator_id, COUNT(*) FROM session WHERE status = 'ASSIGNED' AND line_id IN (:lines)"
                        + " AND operator_id IN (:ops) GROUP BY operator_id")
                .param("lines", lineIds).param("ops", ids)
                .query((rs, n) -> open.put(rs.getLong(1), rs.getLong(2))).list();
        Map<Long, Instant> lastReply = new HashMap<>();
        jdbc.sql("SELECT author_user_id, MAX(created_at) FROM message WHERE direction = 'OUTBOUND'"
                        + " AND author_user_id IN (:ops) GROUP BY author_user_id")
                .param("ops", ids).query((rs, n) -> lastReply.put(rs.getLong(1), Jdbc.instant(rs, 2))).list();
        Instant now = clock.instant();
        Instant today = now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<Long, Double> firstResponse = new HashMap<>();
        jdbc.sql("SELECT operator_id, AVG(TIMESTAMPDIFF(MICROSECOND, created_at, first_response_at)) / 1000000"
                        + " FROM session WHERE first_response_at >= :today AND operator_id IN (:ops)"
                        + " AND line_id IN (:lines) GROUP BY operator_id")
                .param("today", Jdbc.utc(today)).param("ops", ids).param("lines", lineIds)
                .query((rs, n) -> firstResponse.put(rs.getLong(1), rs.getDouble(2))).list();
        return operators.values().stream().map(m -> {
            Instant last = lastReply.get(m.userId());
            return new OperatorRow(m.userId(), m.name(), m.status(), open.getOrDefault(m.userId(), 0L), last,
                    last == null ? null : Duration.between(last, now).toSeconds(), firstResponse.get(m.userId()),
                    linesByOperator.get(m.userId()));
        }).toList();
    }
}
