package org.lineshub.hub.report;

import org.springframework.jdbc.core.simple.JdbcClient;

/** SQL the reports share: which sessions count, and the figures every report reads the same way. */
final class ReportSql {

    /**
     * The sessions a report counts, as a condition on {@code session s}: of the line, created within the period,
     * never spam. Every other status is named so that the (line, status, created) index reads only the period's
     * sessions. Binds {@code :line}, {@code :from}, {@code :to}.
     */
    static final String SESSIONS_OF_PERIOD = "s.line_id = :line AND s.status IN ('QUEUED', 'ASSIGNED', 'CLOSED')"
            + " AND s.created_at >= :from AND s.created_at < :to";

    /**
     * Who answered the session first: the author of its first reply, not whoever holds it now (a transfer changes
     * that), as the supervisor's panel credits first responses. Ordered as the session's index is, (session, sort
     * time, sort sequence, id), the lookup stops at the first reply; ordered by id alone, MariaDB may walk the
     * primary key instead.
     */
    static final String FIRST_RESPONDER = "(SELECT m.author_user_id FROM message m WHERE m.session_id = s.id"
            + " AND m.direction = 'OUTBOUND' ORDER BY m.sort_time, m.sort_seq, m.id LIMIT 1)";

    /**
     * A session's first response time in seconds, or NULL: none for a session an operator started, whose first reply
     * opened it and answers nobody.
     */
    static final String FIRST_RESPONSE_SECONDS = "CASE WHEN s.first_response_at > s.created_at"
            + " THEN TIMESTAMPDIFF(MICROSECOND, s.created_at, s.first_response_at) / 1000000 END";

    /** How long a closed session was handled: from its assignment (or creation) to its closing, in seconds. */
    static final String HANDLING_SECONDS = "CASE WHEN s.status = 'CLOSED' AND s.closed_at IS NOT NULL"
            + " THEN TIMESTAMPDIFF(MICROSECOND, COALESCE(s.assigned_at, s.created_at), s.closed_at) / 1000000 END";

    /**
     * How long a session waited in the queue: from its creation to its assignment, in seconds. The session keeps
     * only its latest assignment, so a transferred session counts until its transfer.
     */
    static final String QUEUE_SECONDS = "CASE WHEN s.assigned_at IS NOT NULL"
            + " THEN TIMESTAMPDIFF(MICROSECOND, s.created_at, s.assigned_at) / 1000000 END";

    /** 1 when a session missed an SLA deadline (first response or resolution), else 0. */
    static final String SLA_BREACHED = "(s.first_response_breached_at IS NOT NULL"
            + " OR s.resolution_breached_at IS NOT NULL)";

    /**
     * 1 when a session with a first-response deadline was answered by it, 0 when answered late or found breached,
     * NULL when it had no deadline or its deadline is still ahead: such a session counts in no share.
     */
    static final String ANSWERED_WITHIN_SLA = "CASE WHEN s.first_response_due_at IS NULL THEN NULL"
            + " WHEN s.first_response_at IS NOT NULL THEN s.first_response_at <= s.first_response_due_at"
            + " WHEN s.first_response_breached_at IS NOT NULL THEN 0 END";

    private ReportSql() {
    }

    /** @return the statement with the line and the period bound */
    static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, long lineId, ReportPeriod period) {
        return sql.param("line", lineId).param("from", period.fromUtc()).param("to", period.toUtc());
    }
}
