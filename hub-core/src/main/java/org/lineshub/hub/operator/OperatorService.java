package org.lineshub.hub.operator;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.OperatorStatusEvent;
import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.Jdbc;
import org.lineshub.hub.user.OperatorStatus;
import org.lineshub.hub.user.User;
import org.lineshub.hub.user.UserRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Operators' availability: online, away, offline. */
@Service
public class OperatorService {

    private final UserRepository users;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OperatorService(UserRepository users, JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Changes the caller's status. Going offline is refused while the caller holds open sessions of a line that
     * does not allow it; the operator's row is locked, so no session can be assigned to them meanwhile.
     *
     * @param me     the operator
     * @param status the new status
     */
    @Transactional
    public void setStatus(UserAccess me, OperatorStatus status) {
        User user = users.lockById(me.userId()).orElseThrow();
        if (user.getStatus() == status) {
            return;
        }
        if (status == OperatorStatus.OFFLINE) {
            List<String> blocking = jdbc.sql("SELECT l.name, COUNT(*) FROM session s JOIN line l ON l.id = s.line_id"
                            + " WHERE s.operator_id = ? AND s.status = 'ASSIGNED'"
                            + " AND NOT l.allow_offline_with_sessions GROUP BY l.name ORDER BY l.name")
                    .param(me.userId())
                    .query((rs, n) -> rs.getLong(2) + " on line " + rs.getString(1)).list();
            if (!blocking.isEmpty()) {
                throw new ConflictException("You cannot go offline while holding open sessions ("
                        + String.join(", ", blocking) + "); close or transfer them first");
            }
        }
        Instant now = clock.instant();
        user.setStatus(status, now);
        // the history reports compute time online from; app_user keeps only the current status
        jdbc.sql("INSERT INTO operator_status_change (user_id, status, changed_at) VALUES (?, ?, ?)")
                .params(user.getId(), status.name(), Jdbc.utc(now)).update();
        events.publishEvent(new OperatorStatusEvent(EventTypes.OPERATOR_STATUS, now, user.getId(),
                user.getDisplayName(), status.name()));
    }
}
