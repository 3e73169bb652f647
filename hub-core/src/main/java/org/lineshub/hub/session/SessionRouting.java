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
 * What routing does with sessions: give the line's oldest queued session to the operator the policy picks, offer an
 * unanswered session to the next operator, close idle sessions. The policy's choice is checked again on locked rows
 * ({@link SessionRules}).
 */
@Service
public class SessionRouting {

    private final SessionRepository sessions;
    private final UserRepository users;
    private final LineRepository lines;
    private final SessionRules rules;
    private final Clock clock;

    SessionRouting(SessionRepository sessions, UserRepository users, LineRepository lines, SessionRules rules,
                   Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.lines = lines;
        this.rules = rules;
        this.clock = clock;
    }

    /**
     * Routing: gives the line's oldest queued session to the operator the chooser picks. The line is read, not
     * locked: intake holds session rows and then the line's row (its foreign key), so locking the line first here
     * could deadlock with it. Routing runs on one thread per node, and limits are held by the operator's row lock.
     *
     * @return the session looked at (assigned, or taken by someone meanwhile), or empty when the queue is empty or
     *         nobody can take the session
     */
    @Transactional
    public Optional<Long> assignNextQueued(long lineId, OperatorChooser chooser) {
        Line line = lines.findById(lineId).orElse(null);
        if (line == null) {
            return Optional.empty();
        }
        List<Long> next = sessions.findQueuedIds(lineId, PageRequest.of(0, 1));
        if (next.isEmpty()) {
            return Optional.empty();
        }
        Session s = sessions.lockById(next.get(0)).orElseThrow();
        if (s.getStatus() != SessionStatus.QUEUED || s.getLineId() != lineId) {
            // taken or moved meanwhile: the caller asks again
            return Optional.of(s.getId());
        }
        return giveToChosen(line, s, chooser, Set.of(), AssignedBy.ROUTING, "Routing assigned the session to ");
    }

    /**
     * Routing: a session assigned by routing that its operator did not answer in time goes to the next operator.
     *
     * @return the new operator, or empty when the session was answered meanwhile or nobody else can take it
     */
    @Transactional
    public Optional<Long> reoffer(long sessionId, OperatorChooser chooser) {
        Session s = sessions.lockById(sessionId).orElse(null);
        if (s == null) {
            return Optional.empty();
        }
        Line line = lines.findById(s.getLineId()).orElseThrow();
        Integer timeout = line.getOfferTimeoutSeconds();
        Instant now = clock.instant();
        boolean stillUnanswered = timeout != null && s.getStatus() == SessionStatus.ASSIGNED
                && s.getAssignedBy() == AssignedBy.ROUTING && s.getWaitingSince() != null
                && s.getAssignedAt() != null && s.getAssignedAt().plusSeconds(timeout).isBefore(now)
                && (s.getLastReplyAt() == null || s.getLastReplyAt().isBefore(s.getAssignedAt()));
        if (!stillUnanswered) {
            return Optional.empty();
        }
        Long previous = s.getOperatorId();
        String previousName = users.findById(previous).map(User::getDisplayName).orElse("the operator");
        return giveToChosen(line, s, chooser, Set.of(previous), AssignedBy.ROUTING,
                previousName + " did not answer within " + timeout + " s; routing offered the session to ");
    }

    private Optional<Long> giveToChosen(Line line, Session s, OperatorChooser chooser, Set<Long> excluded,
                                       AssignedBy by, String text) {
        Set<Long> tried = new java.util.HashSet<>(excluded);
        while (true) {
            Optional<Long> chosen = chooser.choose(line, tried);
            if (chosen.isEmpty()) {
                return Optional.empty();
            }
            long operatorId = chosen.get();
            User operator = users.lockById(operatorId).orElse(null);
            if (operator == null || !operator.isEnabled() || operator.getStatus() != OperatorStatus.ONLINE
                    || !rules.underLimit(operatorId, line)) {
                // the picture changed between choosing and locking: choose again without this one
                tried.add(operatorId);
                continue;
            }
            Instant now = clock.instant();
            Long previous = s.getOperatorId();
            s.assign(operatorId, by, now);
            rules.system(s, null, text + operator.getDisplayName(), now);
            rules.publish(EventTypes.SESSION_ASSIGNED, s, null, previous, null, null, now);
            return Optional.of(operatorId);
        }
    }

    /**
     * Closes a session that had no message for the line's auto-close time.
     *
     * @return true when it was closed
     */
    @Transactional
    public boolean autoClose(long sessionId, int hours) {
        Session s = sessions.lockById(sessionId).orElse(null);
        Instant now = clock.instant();
        if (s == null || !(s.getStatus() == SessionStatus.QUEUED || s.getStatus() == SessionStatus.ASSIGNED)
                || s.getLastMessageAt().isAfter(now.minus(Duration.ofHours(hours)))) {
            return false;
        }
        s.close(now);
        rules.system(s, null, "Closed automatically after " + hours + " h without messages", now);
        rules.publish(EventTypes.SESSION_CLOSED, s, null, s.getOperatorId(), null, "auto-close", now);
        return true;
    }

}
