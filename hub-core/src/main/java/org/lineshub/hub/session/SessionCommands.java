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

/**
 * What operators and supervisors do with sessions: take, assign, transfer, close, reopen, and move their read
 * marker. Every change locks rows through {@link SessionRules}, checks its rules on the locked state, writes a system
 * message for the history and publishes events after commit. Two operators taking one session at once: the second
 * finds it assigned and gets a conflict. Each command runs in a transaction of its own ({@link CommandTransactions}):
 * one that meets a deadlock or a lock timeout runs again, and answers a conflict, not an error, if that keeps failing.
 */
@Service
public class SessionCommands {

    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final UserRepository users;
    private final LineRepository lines;
    private final SessionQueries queries;
    private final SessionRules rules;
    private final CommandTransactions transactions;
    private final Clock clock;

    SessionCommands(SessionRepository sessions, MessageRepository messages, UserRepository users,
                    LineRepository lines, SessionQueries queries, SessionRules rules,
                    CommandTransactions transactions, Clock clock) {
        this.sessions = sessions;
        this.messages = messages;
        this.users = users;
        this.lines = lines;
        this.queries = queries;
        this.rules = rules;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** An operator takes a queued session of their line. */
    public void take(UserAccess me, long id) {
        transactions.run(() -> {
            Session s = sessions.lockById(id).orElseThrow(() -> new NotFoundException("session", id));
            // membership first: an operator who lost the race must learn that someone else was first (409), even
            // though the session, now another operator's, is no longer theirs to see
            if (!me.isOperator(s.getLineId())) {
                throw new ForbiddenException(me.canSeeSession(s.getLineId(), s.getStatus().name(), s.getOperatorId())
                        ? "Only operators of the line take its sessions" : "You may not see this session");
            }
            if (s.getStatus() != SessionStatus.QUEUED) {
                throw new ConflictException(s.getOperatorId() != null && s.getOperatorId() == me.userId()
                        ? "The session is already yours" : "The session is no longer in the queue: someone took it");
            }
            User operator = rules.lockOperator(me.userId(), s.getLineId(), true);
            Instant now = clock.instant();
            s.assign(operator.getId(), AssignedBy.OPERATOR, now);
            rules.system(s, me.userId(), operator.getDisplayName() + " took the session", now);
            rules.publish(EventTypes.SESSION_ASSIGNED, s, null, null, me.userId(), null, now);
        });
    }

    /** A supervisor gives a session of their line to one of its operators. */
    public void assign(UserAccess me, long id, long operatorId) {
        transactions.run(() -> {
            Session s = rules.lockVisible(me, id);
            if (!me.canSupervise(s.getLineId())) {
                throw new ForbiddenException("Only supervisors of the line assign its sessions");
            }
            rules.requireOpen(s);
            if (s.getOperatorId() != null && s.getOperatorId() == operatorId) {
                throw new ConflictException("The session is already assigned to this operator");
            }
            rules.requireOperatorOf(operatorId, s.getLineId());
            Long previous = s.getOperatorId();
            User operator = rules.lockOperator(operatorId, s.getLineId(), true);
            Instant now = clock.instant();
            s.assign(operatorId, AssignedBy.SUPERVISOR, now);
            rules.system(s, me.userId(), me.displayName() + " assigned the session to " + operator.getDisplayName(),
                    now);
            rules.publish(EventTypes.SESSION_ASSIGNED, s, null, previous, me.userId(), null, now);
        });
    }

    /**
     * Hands a session to another operator of its line, or to another line (its queue, or one of its operators).
     *
     * @param me           who transfers: the session's operator, or a supervisor of its line
     * @param id           the session
     * @param toOperatorId the new operator, or {@code null}
     * @param toLineId     the new line, or {@code null} to stay on the line
     * @param reason       why, kept in the history; may be {@code null}
     */
    public void transfer(UserAccess me, long id, Long toOperatorId, Long toLineId, String reason) {
        transactions.run(() -> {
            if (toOperatorId == null && toLineId == null) {
                throw new InvalidRequestException("toOperatorId", "name an operator, a line, or both");
            }
            Session s = rules.lockVisible(me, id);
            long fromLine = s.getLineId();
            boolean mine = s.getOperatorId() != null && s.getOperatorId() == me.userId();
            if (!mine && !me.canSupervise(fromLine)) {
                throw new ForbiddenException("Only the session's operator or a supervisor of the line transfers it");
            }
            rules.requireOpen(s);
            long targetLine = toLineId == null ? fromLine : toLineId;
            Line target = lines.findById(targetLine)
                    .orElseThrow(() -> new InvalidRequestException("toLineId", "line " + targetLine
                            + " does not exist"));
            if (toOperatorId != null) {
                if (toOperatorId.equals(s.getOperatorId()) && targetLine == fromLine) {
                    throw new ConflictException("The session is already with this operator");
                }
                rules.requireOperatorOf(toOperatorId, targetLine);
            }
            Long previousOperator = s.getOperatorId();
            String previousName = previousOperator == null ? "the queue"
                    : users.findById(previousOperator).map(User::getDisplayName).orElse("an operator");
            Instant now = clock.instant();
            String text;
            if (targetLine != fromLine) {
                String fromName = lines.findById(fromLine).map(Line::getName).orElse("?");
                s.moveToLine(targetLine);
                text = me.displayName() + " transferred the session from line " + fromName + " to line "
                        + target.getName();
            } else {
                text = me.displayName() + " transferred the session from " + previousName;
            }
            if (toOperatorId != null) {
                User operator = rules.lockOperator(toOperatorId, targetLine, true);
                s.assign(toOperatorId, AssignedBy.TRANSFER, now);
                text = text + " to " + operator.getDisplayName();
            } else {
                s.requeue();
                if (targetLine == fromLine) {
                    text = text + " to the queue";
                }
            }
            if (reason != null && !reason.isBlank()) {
                text = text + ": " + reason.trim();
            }
            rules.system(s, me.userId(), text, now);
            rules.publish(EventTypes.SESSION_TRANSFERRED, s, targetLine != fromLine ? fromLine : null, previousOperator,
                    me.userId(), reason, now);
        });
    }

    /** Closes a session: its operator or a supervisor of its line. The history stays. */
    public void close(UserAccess me, long id, String reason) {
        transactions.run(() -> {
            Session s = rules.lockVisible(me, id);
            boolean mine = s.getOperatorId() != null && s.getOperatorId() == me.userId();
            if (!mine && !me.canSupervise(s.getLineId())) {
                throw new ForbiddenException("Only the session's operator or a supervisor of the line closes it");
            }
            if (s.getStatus() == SessionStatus.CLOSED) {
                throw new ConflictException("The session is already closed");
            }
            Instant now = clock.instant();
            s.close(now);
            String text = me.displayName() + " closed the session";
            rules.system(s, me.userId(), reason == null || reason.isBlank() ? text : text + ": " + reason.trim(), now);
            rules.publish(EventTypes.SESSION_CLOSED, s, null, s.getOperatorId(), me.userId(), reason, now);
        });
    }

    /** A supervisor reopens a closed session; it goes back to the queue. */
    public void reopen(UserAccess me, long id) {
        transactions.run(() -> {
            Session s = rules.lockVisible(me, id);
            if (!me.canSupervise(s.getLineId())) {
                throw new ForbiddenException("Only supervisors of the line reopen sessions");
            }
            if (s.getStatus() != SessionStatus.CLOSED) {
                throw new ConflictException("Only closed sessions can be reopened");
            }
            Instant now = clock.instant();
            Long previous = s.getOperatorId();
            s.requeue();
            s.reopen(now);
            try {
                sessions.saveAndFlush(s);
            } catch (DataIntegrityViolationException e) {
                throw new ConflictException("The client has another open session in this chat; continue that one");
            }
            rules.system(s, me.userId(), me.displayName() + " reopened the session", now);
            rules.publish(EventTypes.SESSION_REOPENED, s, null, previous, me.userId(), null, now);
        });
    }

    /**
     * Moves the caller's read marker.
     *
     * @param messageId the last message read, or {@code null} for the session's last message
     */
    public void markRead(UserAccess me, long id, Long messageId) {
        transactions.run(() -> {
            Session s = sessions.findById(id).orElseThrow(() -> new NotFoundException("session", id));
            rules.requireVisible(me, s);
            Long last = messageId != null ? messageId : messages.findLastId(id);
            if (last != null) {
                messages.findById(last).filter(m -> m.getSessionId() == id).orElseThrow(() ->
                        new InvalidRequestException("messageId", "message " + last + " is not in this session"));
                queries.markRead(me.userId(), id, last, clock.instant());
            }
        });
    }

}
