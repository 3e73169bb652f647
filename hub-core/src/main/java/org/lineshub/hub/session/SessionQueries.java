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

    /**
     * The session table leads the join and every other table joins by its primary key, so a page is read in the
     * order of a session index and stops at the limit. Left to itself, MariaDB may start from the small account table,
     * or scan a small table into a join buffer; either loses the index's order and sorts every session of the line
     * in a temporary table.
     */
    private static final String COLUMNS = "SELECT STRAIGHT_JOIN s.id, s.line_id, s.account_id, a.type, s.client_id,"
            + " c.display_name, s.status, s.operator_id, u.display_name, s.created_at, s.assigned_at,"
            + " s.first_response_at, s.closed_at, s.last_message_at, s.last_reply_at, s.waiting_since,"
            + " s.sla_started_at, s.first_response_due_at, s.resolution_due_at, s.first_response_breached_at,"
            + " s.resolution_breached_at"
            + " FROM session s JOIN channel_account a FORCE INDEX (PRIMARY) ON a.id = s.account_id"
            + " JOIN client c FORCE INDEX (PRIMARY) ON c.id = s.client_id"
            + " LEFT JOIN app_user u FORCE INDEX (PRIMARY) ON u.id = s.operator_id";

    private final JdbcClient jdbc;

    SessionQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param me    who asks
     * @param query what to list
     * @return the first page of sessions (or the page after the query's cursor), with the caller's unread counts
     */
    public List<SessionView> list(UserAccess me, SessionQuery query) {
        return page(me, query).sessions();
    }

    /**
     * Lists sessions a page at a time with keyset paging: a page starts right after the key (the sort's time, then
     * the id) of the previous page's last session, so sessions arriving or changing between pages never make a
     * session show twice or be skipped among those whose key stays. With a line and a view (queue, mine, active,
     * closed) the database reads the sort's index in order; it sorts only when several lines or statuses are
     * listed at once.
     *
     * @param me    who asks
     * @param query what to list, and where to start
     * @return the page, with the caller's unread counts, and the cursor of the next page
     */
    public SessionPage page(UserAccess me, SessionQuery query) {
        Select select = select(me, query);
        if (select == null) {
            return new SessionPage(List.of(), null);
        }
        List<SessionView> sessions = withUnread(me.userId(),
                jdbc.sql(select.sql()).params(select.params()).query(SessionQueries::row).list());
        String next = sessions.size() < select.limit() ? null
                : select.sort().cursor(sessions.get(sessions.size() - 1));
        return new SessionPage(sessions, next);
    }

    /**
     * The statement that lists a page of sessions.
     *
     * @param sql    the SQL
     * @param params its named parameters
     * @param sort   the page's order
     * @param limit  the most sessions it returns
     */
    record Select(String sql, Map<String, Object> params, SessionSort sort, int limit) {
    }

    /** @return the statement for a page, or {@code null} when the caller sees no session at all */
    Select select(UserAccess me, SessionQuery query) {
        SessionSort sort = SessionSort.of(query.sort());
        int limit = Math.max(1, Math.min(200, query.limit()));
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE 1 = 1");
        if (!visibility(me, sql, params)) {
            return null;
        }
        filters(me, query, sql, params);
        if (query.cursor() != null) {
            SessionSort.Key after = sort.parse(query.cursor());
            sql.append(" AND ").append(sort.after());
            params.put("afterTime", Jdbc.utc(after.time()));
            params.put("afterId", after.id());
        }
        sql.append(sort.orderBy()).append(" LIMIT :limit");
        params.put("limit", limit);
        return new Select(sql.toString(), params, sort, limit);
    }

    /**
     * A page of sessions.
     *
     * @param sessions   the sessions, in the query's order
     * @param nextCursor where the next page starts, or {@code null} when this page is the last
     */
    public record SessionPage(List<SessionView> sessions, String nextCursor) {
    }

    private static void filters(UserAccess me, SessionQuery query, StringBuilder sql, Map<String, Object> params) {
        if (query.view() != null) {
            switch (query.view()) {
                case "queue" -> sql.append(" AND s.status = 'QUEUED'");
                case "mine" -> {
                    sql.append(" AND s.status = 'ASSIGNED' AND s.operator_id = :me");
                    params.put("me", me.userId());
                }
                // the generated column (status QUEUED or ASSIGNED) has indexes that serve each sort
                case "active" -> sql.append(" AND s.inbox_active = 1");
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
                Jdbc.instant(rs, 10), Jdbc.instant(rs, 11), Jdbc.instant(rs, 12), Jdbc.instant(rs, 13), Jdbc.instant(rs, 14), Jdbc.instant(rs, 15), Jdbc.instant(rs, 16), 0, sla(rs));
    }

    private static SessionView.Sla sla(ResultSet rs) throws SQLException {
        boolean firstResponse = rs.getObject(20) != null;
        boolean resolution = rs.getObject(21) != null;
        return new SessionView.Sla(Jdbc.instant(rs, 17), Jdbc.instant(rs, 18), Jdbc.instant(rs, 19), firstResponse,
                resolution, firstResponse || resolution);
    }
}
