package org.lineshub.hub.sla;

import java.time.Instant;
import java.util.List;

import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.SessionEvent;
import org.lineshub.hub.system.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sets a session's SLA deadlines from its line's settings, inside the transaction that changes the session (a
 * plain listener of {@link SessionEvent}, which is published before the commit): the deadlines commit with the
 * change, so every node and every restart sees them.
 * <ul>
 * <li>created: both deadlines count from the creation; a session an operator starts has no first-response deadline
 *     (the operator speaks first);</li>
 * <li>reopened, or out of spam: a new start: the resolution deadline counts again from now and its breach is cleared;
 *     the first-response deadline too while nobody has answered the session yet;</li>
 * <li>transferred to another line: the new line's settings apply to the same start (a transfer neither resets nor
 *     stops the clock the client sees); a deadline already breached stays as it was, and the first-response
 *     deadline no longer changes once answered;</li>
 * <li>a change of the line's settings applies to sessions that start (or move to the line) afterwards.</li>
 * </ul>
 * The columns are written with SQL, not through the session entity, so that the entity (which does not map them)
 * never writes back a value it read before the breach sweep set a mark.
 */
@Component
class SlaDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(SlaDeadlines.class);

    private final JdbcClient jdbc;

    SlaDeadlines(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void onSessionEvent(SessionEvent event) {
        long id = event.session().id();
        long line = event.session().lineId();
        switch (event.type()) {
            case EventTypes.SESSION_CREATED -> created(id, line, event.session().createdAt(), event.actorUserId());
            case EventTypes.SESSION_REOPENED, EventTypes.SESSION_UNBLOCKED -> restarted(id, line, event.at());
            case EventTypes.SESSION_TRANSFERRED -> {
                if (event.previousLineId() != null) {
                    moved(id, line);
                }
            }
            default -> {
                // assignments and closes keep the deadlines; the sweep judges a close against them
            }
        }
    }

    private void created(long id, long lineId, Instant start, Long startedBy) {
        SlaSettings sla = settings(lineId);
        if (sla == null) {
            return;
        }
        jdbc.sql("UPDATE session SET sla_started_at = ?, first_response_due_at = ?, resolution_due_at = ? WHERE id = ?")
                .params(Jdbc.utc(start), startedBy == null ? Jdbc.utc(sla.due(start, sla.firstResponseMinutes())) : null,
                        Jdbc.utc(sla.due(start, sla.resolutionMinutes())), id)
                .update();
    }

    private void restarted(long id, long lineId, Instant start) {
        SlaSettings sla = settings(lineId);
        Integer firstResponse = sla == null ? null : sla.firstResponseMinutes();
        Integer resolution = sla == null ? null : sla.resolutionMinutes();
        jdbc.sql("UPDATE session SET sla_started_at = ?, resolution_due_at = ?, resolution_breached_at = NULL,"
                        + " first_response_due_at = IF(first_response_at IS NULL AND first_response_breached_at IS NULL,"
                        + " ?, first_response_due_at) WHERE id = ?")
                .params(Jdbc.utc(start), Jdbc.utc(sla == null ? null : sla.due(start, resolution)),
                        Jdbc.utc(sla == null ? null : sla.due(start, firstResponse)), id)
                .update();
    }

    private void moved(long id, long lineId) {
        SlaSettings sla = settings(lineId);
        List<Instant> starts = jdbc.sql("SELECT created_at, COALESCE(sla_started_at, created_at) FROM session"
                        + " WHERE id = ?").param(id)
                .query((rs, n) -> List.of(Jdbc.instant(rs, 1), Jdbc.instant(rs, 2))).optional().orElse(null);
        if (starts == null) {
            return;
        }
        Instant firstResponse = sla == null ? null : sla.due(starts.get(0), sla.firstResponseMinutes());
        Instant resolution = sla == null ? null : sla.due(starts.get(1), sla.resolutionMinutes());
        jdbc.sql("UPDATE session SET sla_started_at = COALESCE(sla_started_at, created_at),"
                        + " first_response_due_at = IF(first_response_at IS NULL AND first_response_breached_at IS NULL,"
                        + " ?, first_response_due_at),"
                        + " resolution_due_at = IF(resolution_breached_at IS NULL, ?, resolution_due_at) WHERE id = ?")
                .params(Jdbc.utc(firstResponse), Jdbc.utc(resolution), id).update();
    }

    /** @return the line's SLA, or {@code null} when it has none (or its stored settings cannot be used) */
    private SlaSettings settings(long lineId) {
        String stored = jdbc.sql("SELECT sla_settings FROM line WHERE id = ?").param(lineId).query(String.class)
                .optional().orElse(null);
        try {
            SlaSettings sla = SlaSettingsConverter.read(stored);
            return sla == null || !sla.hasDeadlines() ? null : sla;
        } catch (RuntimeException e) {
            // a session must open even if the settings were damaged by hand; it just gets no deadlines
            LOG.warn("SLA settings of line {} are not usable: {}", lineId, e.getMessage());
            return null;
        }
    }
}
