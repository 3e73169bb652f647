package org.lineshub.hub.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.access.LineRole;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.Jdbc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads sessions for the inbox and the supervisor's panel in one query each, with who-sees-what applied in SQL:
 * admins see everything, supervisors and readers every session of their lines, operators the queue, their own
 * sessions and closed sessions of their lines.
 */
@Component
public class SessionQueries {

    private static final String COLUMNS = "SELECT s.id, s.line_id, s.account_id, a.type, s.client_id, c.display_name,"
            + " s.status, s.operator_id, u.display_name, s.created_at, s.assigned_at, s.first_response_at,"
            + " s.closed_at, s.last_message_at, s.last_reply_at, s.waiting_since"
            + " FROM session s JOIN channel_account a ON a.id = s.account_id JOIN client c ON c.id = s.client_id"
            + " LEFT JOIN app_user u ON u.id = s.operator_id";

    private final JdbcClient jdbc;

    SessionQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param me    who asks
     * @param query what to list
     * @return the sessions, with the caller's unread counts
     */
    public List<SessionView> list(UserAccess me, SessionQuery query) {
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (!visibility(me, sql, params)) {
            return List.of();
        }
        if (query.view() != null) {
            switch (query.view()) {
                case "queue" -> sql.append(" AND s.status = 'QUEUED'");
                case "mine" -> {
                    sql.append(" AND s.status = 'ASSIGNED' AND s.operator_id = :me");
                    params.put("me", me.userId());
                }
                case "active" -> sql.append(" AND s.status IN ('QUEUED', 'ASSIGNED')");
                case "closed" -> sql.append(" AND s.status = 'CLOSED'");
                default -> throw new InvalidRequestException("view", "view must be queue, mine, active or closed");
            }
        }
        if (query.lineId() != null) {
            sql.append(" AND s.line_id = :line");
            params.put("line", query.lineId());
        }
        if (query.statuses() != null && !query.statuses().isEmpty()) {
            sql.append(" AND s.status IN (:statuses)");
            params.put("statuses", query.statuses().stream().map(Enum::name).toList());
        }
        if (query.channel() != null) {
            sql.append(" AND a.type = :channel");
            params.put("channel", query.channel());
        }
        if (query.operatorId() != null) {
            sql.append(" AND s.operator_id = :operator");
            params.put("operator", query.operatorId());
        }
        if (query.clientId() != null) {
            sql.append(" AND s.client_id = :client");
            params.put("client", query.clientId());
        }
        sql.append(switch (query.sort() == null ? "created" : query.sort()) {
            case "created" -> " ORDER BY s.created_at DESC, s.id DESC";
            case "lastActivity" -> " ORDER BY s.last_message_at DESC, s.id DESC";
            case "duration" -> " ORDER BY s.created_at ASC, s.id ASC";
            case "waiting" -> " ORDER BY s.waiting_since IS NULL, s.waiting_since ASC, s.id ASC";
            default -> throw new InvalidRequestException("sort",
                    "sort must be created, lastActivity, duration or waiting");
        });
        sql.append(" LIMIT :limit OFFSET :offset");
        params.put("limit", Math.max(1, Math.min(200, query.limit())));
        params.put("offset", Math.max(0, query.offset()));
        List<SessionView> sessions = jdbc.sql(sql.toString()).params(params).query(SessionQueries::row).list();
        return withUnread(me.userId(), sessions);
    }

    /**
     * @param me who asks
     * @param id a session
     * @return the session with the caller's unread count, or {@code null} when it does not exist
     */
    public SessionView get(UserAccess me, long id) {
        List<SessionView> found = jdbc.sql(COLUMNS + " WHERE s.id = :id").param("id", id)
                .query(SessionQueries::row).list();
        return found.isEmpty() ? null : withUnread(me.userId(), found).get(0);
    }

    /** Appends who-sees-what; returns false when the caller sees no session at all. */
    private static boolean visibility(UserAccess me, StringBuilder sql, Map<String, Object> params) {
        if (me.admin()) {
            return true;
        }
        List<Long> all = new ArrayList<>();
        List<Long> operated = new ArrayList<>();
        me.lineRoles().forEach((line, roles) -> {
            if (roles.contains(LineRole.SUPERVISOR) || roles.contains(LineRole.READER)) {
                all.add(line);
            } else if (roles.contains(LineRole.OPERATOR)) {
                operated.add(line);
            }
        });
        if (all.isEmpty() && operated.isEmpty()) {
            return false;
        }
        List<String> clauses = new ArrayList<>();
        if (!all.isEmpty()) {
            clauses.add("s.line_id IN (:allLines)");
            params.put("allLines", all);
        }
        if (!operated.isEmpty()) {
            clauses.add("(s.line_id IN (:operatedLines) AND (s.status IN ('QUEUED', 'CLOSED')"
                    + " OR s.operator_id = :viewer))");
            params.put("operatedLines", operated);
            params.put("viewer", me.userId());
        }
        sql.append(" AND (").append(String.join(" OR ", clauses)).append(')');
        return true;
    }

    private List<SessionView> withUnread(long userId, List<SessionView> sessions) {
        if (sessions.isEmpty()) {
            return sessions;
        }
        Map<Long, Long> unread = unread(userId, sessions.stream().map(SessionView::id).toList());
        return sessions.stream().map(s -> s.withUnread(unread.getOrDefault(s.id(), 0L))).toList();
    }

    /**
     * Unread messages are the client's messages and colleagues' internal comments after the user's read marker.
     *
     * @return unread counts by session id; sessions without unread messages are absent
     */
    Map<Long, Long> unread(long userId, List<Long> sessionIds) {
        Map<Long, Long> counts = new HashMap<>();
        jdbc.sql("SELECT m.session_id, COUNT(*) FROM message m"
                        + " LEFT JOIN session_read_marker r ON r.session_id = m.session_id AND r.user_id = :user"
                        + " WHERE m.session_id IN (:ids) AND m.id > COALESCE(r.last_read_message_id, 0)"
                        + " AND (m.direction = 'INBOUND' OR (m.direction = 'INTERNAL'"
                        + " AND (m.author_user_id IS NULL OR m.author_user_id <> :user)))"
                        + " GROUP BY m.session_id")
                .param("user", userId).param("ids", sessionIds)
                .query((rs, n) -> counts.put(rs.getLong(1), rs.getLong(2))).list();
        return counts;
    }

    /**
     * Moves the user's read marker forward (never back).
     *
     * @param userId    the reader
     * @param sessionId the session
     * @param messageId the last message read
     */
    void markRead(long userId, long sessionId, long messageId, Instant now) {
        jdbc.sql("INSERT INTO session_read_marker (session_id, user_id, last_read_message_id, updated_at)"
                        + " VALUES (:session, :user, :message, :now) ON DUPLICATE KEY UPDATE"
                        + " last_read_message_id = GREATEST(last_read_message_id, VALUES(last_read_message_id)),"
                        + " updated_at = VALUES(updated_at)")
                .param("session", sessionId).param("user", userId).param("message", messageId).param("now", Jdbc.utc(now))
                .update();
    }

    /**
     * @param clientId a client
     * @return how many sessions the client had
     */
    public long countByClient(long clientId) {
        return jdbc.sql("SELECT COUNT(*) FROM session WHERE client_id = ?").param(clientId).query(Long.class).single();
    }

    /**
     * @param lineIds lines
     * @return the number of queued sessions per line; lines without any are absent
     */
    public Map<Long, Long> queued(Set<Long> lineIds) {
        Map<Long, Long> counts = new HashMap<>();
        if (lineIds.isEmpty()) {
            return counts;
        }
        jdbc.sql("SELECT line_id, COUNT(*) FROM session WHERE status = 'QUEUED' AND line_id IN (:ids)"
                        + " GROUP BY line_id")
                .param("ids", lineIds).query((rs, n) -> counts.put(rs.getLong(1), rs.getLong(2))).list();
        return counts;
    }

    private static SessionView row(ResultSet rs, int n) throws SQLException {
        return new SessionView(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), (Long) rs.getObject(8, Long.class), rs.getString(9),
                Jdbc.instant(rs, 10), Jdbc.instant(rs, 11), Jdbc.instant(rs, 12), Jdbc.instant(rs, 13), Jdbc.instant(rs, 14), Jdbc.instant(rs, 15), Jdbc.instant(rs, 16), 0);
    }
}
