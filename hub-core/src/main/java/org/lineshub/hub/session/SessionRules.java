package org.lineshub.hub.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.channel.ChannelAccount;
import org.lineshub.hub.channel.ChannelAccountRepository;
import org.lineshub.hub.channel.ChannelRuntime;
import org.lineshub.hub.client.ClientIdentity;
import org.lineshub.hub.client.ClientIdentityRepository;
import org.lineshub.hub.client.ClientRepository;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.MessageEvent;
import org.lineshub.hub.event.SessionEvent;
import org.lineshub.hub.event.SessionSnapshot;
import org.lineshub.hub.line.Line;
import org.lineshub.hub.line.LineMembers;
import org.lineshub.hub.line.LineRepository;
import org.lineshub.hub.access.LineRole;
import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.ForbiddenException;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.lineshub.hub.user.OperatorStatus;
import org.lineshub.hub.user.User;
import org.lineshub.hub.user.UserRepository;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.ChannelCapability;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The locks and checks every session change shares. Each change runs in one transaction and locks rows in one
 * order, <b>sessions, then users</b>, several sessions in ascending id (as intake locks the open sessions of a batch
 * before it writes): a session is locked before it is loaded (queries before the lock return ids only, since
 * Hibernate does not refresh an entity it already holds), and an operator's row is held while their open sessions
 * are counted, so the line's limit holds under concurrency. Line rows are read, never locked.
 */
@Component
class SessionRules {

    private final SessionRepository sessions;
    private final UserRepository users;
    private final LineRepository lines;
    private final LineMembers members;
    private final SessionSnapshots snapshots;
    private final SessionWriter writer;
    private final ApplicationEventPublisher events;

    SessionRules(SessionRepository sessions, UserRepository users, LineRepository lines, LineMembers members,
                 SessionSnapshots snapshots, SessionWriter writer, ApplicationEventPublisher events) {
        this.sessions = sessions;
        this.users = users;
        this.lines = lines;
        this.members = members;
        this.snapshots = snapshots;
        this.writer = writer;
        this.events = events;
    }

    boolean underLimit(long operatorId, Line line) {
        Integer max = line.getMaxSessionsPerOperator();
        return max == null || sessions.countByOperatorIdAndLineIdAndStatus(operatorId, line.getId(),
                SessionStatus.ASSIGNED) < max;
    }

    /**
     * Locks an operator's row and checks they can get one more session of the line.
     *
     * @param requireAvailable whether an offline operator is refused
     */
    User lockOperator(long operatorId, long lineId, boolean requireAvailable) {
        User operator = users.lockById(operatorId).filter(User::isEnabled)
                .orElseThrow(() -> new InvalidRequestException("operatorId", "user " + operatorId
                        + " does not exist or is disabled"));
        if (requireAvailable && operator.getStatus() == OperatorStatus.OFFLINE) {
            throw new ConflictException(operator.getDisplayName() + " is offline; going online or away comes first");
        }
        Line line = lines.findById(lineId).orElseThrow();
        if (!underLimit(operatorId, line)) {
            throw new ConflictException(operator.getDisplayName() + " already holds "
                    + line.getMaxSessionsPerOperator() + " open sessions, the limit of line " + line.getName());
        }
        return operator;
    }

    void requireOperatorOf(long userId, long lineId) {
        if (!members.has(userId, lineId, LineRole.OPERATOR)) {
            throw new InvalidRequestException("operatorId", "user " + userId + " is not an operator of line "
                    + lineId);
        }
    }

    Session lockVisible(UserAccess me, long id) {
        Session s = sessions.lockById(id).orElseThrow(() -> new NotFoundException("session", id));
        requireVisible(me, s);
        return s;
    }

    void requireVisible(UserAccess me, Session s) {
        if (!me.canSeeSession(s.getLineId(), s.getStatus().name(), s.getOperatorId())) {
            throw new ForbiddenException("You may not see this session");
        }
    }

    void requireOpen(Session s) {
        if (s.getStatus() != SessionStatus.QUEUED && s.getStatus() != SessionStatus.ASSIGNED) {
            throw new ConflictException("The session is " + s.getStatus().name().toLowerCase());
        }
    }

    void system(Session s, Long actor, String text, Instant now) {
        writer.addSystem(s, actor, text, now);
    }

    void publish(String type, Session s, Long previousLine, Long previousOperator, Long actor, String reason,
                         Instant now) {
        events.publishEvent(new SessionEvent(type, now, snapshots.of(s), previousLine, previousOperator, actor,
                reason));
    }
}
