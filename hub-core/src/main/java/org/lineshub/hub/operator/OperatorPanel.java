package org.lineshub.hub.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
     * @param avgFirstResponseSecondsToday average time from a session's start to its first answer, over the
     *                                    sessions whose first answer they gave today, or {@code null}
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

    /**
     * @param me     who asks: a supervisor (of the line, when one is named) or an admin
     * @param lineId only this line, or {@code null} for every line the caller supervises
     * @param zone   where "today" is: the first responses counted are those given since its last midnight
     * @return the operators of those lines, each once, with their figures
     */
    List<OperatorRow> operators(UserAccess me, Long lineId, ZoneId zone) {
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
        // per operator, the newest entry of the author index that is a reply: a short backward read each, where a
        // MAX over all their messages would read every message they ever wrote
        jdbc.sql("SELECT u.id, (SELECT m.created_at FROM message m WHERE m.author_user_id = u.id"
                        + " AND m.direction = 'OUTBOUND' ORDER BY m.created_at DESC LIMIT 1)"
                        + " FROM app_user u WHERE u.id IN (:ops)")
                .param("ops", ids).query((rs, n) -> {
                    Instant at = Jdbc.instant(rs, 2);
                    if (at != null) {
                        lastReply.put(rs.getLong(1), at);
                    }
                    return at;
                }).list();
        Instant now = clock.instant();
        Instant today = now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        Map<Long, Double> firstResponse = firstResponses(lineIds, ids, today);
        return operators.values().stream().map(m -> {
            Instant last = lastReply.get(m.userId());
            return new OperatorRow(m.userId(), m.name(), m.status(), open.getOrDefault(m.userId(), 0L), last,
                    last == null ? null : Duration.between(last, now).toSeconds(), firstResponse.get(m.userId()),
                    linesByOperator.get(m.userId()));
        }).toList();
    }

    /**
     * The average first response of each operator since {@code since}: over the sessions of the lines whose first
     * answer was given since then by that operator (the author of the session's first reply, not whoever holds the
     * session now, which a transfer changes), the time from the session's start to that answer, the client's wait.
     * A session an operator started is left out: its first reply opened it and answers nobody, so its first response
     * time is the moment it was created.
     *
     * @return seconds by operator; operators without such sessions are absent
     */
    private Map<Long, Double> firstResponses(Set<Long> lineIds, Set<Long> operatorIds, Instant since) {
        Map<Long, Double> averages = new HashMap<>();
        // last_message_at >= :since holds for every session answered since then; with every status named it lets the
        // (line, status, last activity) index read only those sessions instead of all of the line's
        jdbc.sql("SELECT r.responder, AVG(TIMESTAMPDIFF(MICROSECOND, r.created_at, r.first_response_at)) / 1000000"
                        + " FROM (SELECT s.created_at, s.first_response_at, (SELECT m.author_user_id FROM message m"
                        + " WHERE m.session_id = s.id AND m.direction = 'OUTBOUND' ORDER BY m.id LIMIT 1) AS responder"
                        + " FROM session s WHERE s.line_id IN (:lines) AND s.status IN (:statuses)"
                        + " AND s.last_message_at >= :since AND s.first_response_at >= :since"
                        + " AND s.first_response_at > s.created_at) r"
                        + " WHERE r.responder IN (:ops) GROUP BY r.responder")
                .param("lines", lineIds).param("ops", operatorIds).param("since", Jdbc.utc(since))
                .param("statuses", List.of("QUEUED", "ASSIGNED", "CLOSED", "SPAM"))
                .query((rs, n) -> averages.put(rs.getLong(1), rs.getDouble(2))).list();
        return averages;
    }
}
