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
import org.lineshub.hub.line.LineRole;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What people and the hub do with sessions: take, assign, transfer, close, reopen, reply, comment, start. Every
 * change locks rows in one order (line, then session, then user), checks its rules on the locked state, writes a
 * system message for the history and publishes events after commit. Two operators taking one session at once: the
 * second finds it assigned and gets a conflict. An operator's open sessions never exceed the line's limit: whoever
 * gives an operator a session holds that operator's row while counting.
 */
@Service
public class SessionService {

    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final MessageAttachmentRepository attachments;
    private final UserRepository users;
    private final LineRepository lines;
    private final ChannelAccountRepository accounts;
    private final ClientRepository clients;
    private final ClientIdentityRepository identities;
    private final ChannelRuntime channels;
    private final LineMembers members;
    private final SessionSnapshots snapshots;
    private final SessionQueries queries;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SessionService(SessionRepository sessions, MessageRepository messages, MessageAttachmentRepository attachments,
                   UserRepository users, LineRepository lines, ChannelAccountRepository accounts,
                   ClientRepository clients, ClientIdentityRepository identities, ChannelRuntime channels,
                   LineMembers members, SessionSnapshots snapshots, SessionQueries queries,
                   ApplicationEventPublisher events, Clock clock) {
        this.sessions = sessions;
        this.messages = messages;
        this.attachments = attachments;
        this.users = users;
        this.lines = lines;
        this.accounts = accounts;
        this.clients = clients;
        this.identities = identities;
        this.channels = channels;
        this.members = members;
        this.snapshots = snapshots;
        this.queries = queries;
        this.events = events;
        this.clock = clock;
    }

    /** An operator takes a queued session of their line. */
    @Transactional
    public void take(UserAccess me, long id) {
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
        User operator = lockOperator(me.userId(), s.getLineId(), true);
        Instant now = clock.instant();
        s.assign(operator.getId(), AssignedBy.OPERATOR, now);
        system(s, me.userId(), operator.getDisplayName() + " took the session", now);
        publish(EventTypes.SESSION_ASSIGNED, s, null, null, me.userId(), null, now);
    }

    /** A supervisor gives a session of their line to one of its operators. */
    @Transactional
    public void assign(UserAccess me, long id, long operatorId) {
        Session s = lockVisible(me, id);
        if (!me.canSupervise(s.getLineId())) {
            throw new ForbiddenException("Only supervisors of the line assign its sessions");
        }
        requireOpen(s);
        if (s.getOperatorId() != null && s.getOperatorId() == operatorId) {
            throw new ConflictException("The session is already assigned to this operator");
        }
        requireOperatorOf(operatorId, s.getLineId());
        Long previous = s.getOperatorId();
        User operator = lockOperator(operatorId, s.getLineId(), true);
        Instant now = clock.instant();
        s.assign(operatorId, AssignedBy.SUPERVISOR, now);
        system(s, me.userId(), me.displayName() + " assigned the session to " + operator.getDisplayName(), now);
        publish(EventTypes.SESSION_ASSIGNED, s, null, previous, me.userId(), null, now);
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
    @Transactional
    public void transfer(UserAccess me, long id, Long toOperatorId, Long toLineId, String reason) {
        if (toOperatorId == null && toLineId == null) {
            throw new InvalidRequestException("toOperatorId", "name an operator, a line, or both");
        }
        Session s = lockVisible(me, id);
        long fromLine = s.getLineId();
        boolean mine = s.getOperatorId() != null && s.getOperatorId() == me.userId();
        if (!mine && !me.canSupervise(fromLine)) {
            throw new ForbiddenException("Only the session's operator or a supervisor of the line transfers it");
        }
        requireOpen(s);
        long targetLine = toLineId == null ? fromLine : toLineId;
        Line target = lines.findById(targetLine)
                .orElseThrow(() -> new InvalidRequestException("toLineId", "line " + targetLine + " does not exist"));
        if (toOperatorId != null) {
            if (toOperatorId.equals(s.getOperatorId()) && targetLine == fromLine) {
                throw new ConflictException("The session is already with this operator");
            }
            requireOperatorOf(toOperatorId, targetLine);
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
            User operator = lockOperator(toOperatorId, targetLine, true);
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
        system(s, me.userId(), text, now);
        publish(EventTypes.SESSION_TRANSFERRED, s, targetLine != fromLine ? fromLine : null, previousOperator,
                me.userId(), reason, now);
    }

    /** Closes a session: its operator or a supervisor of its line. The history stays. */
    @Transactional
    public void close(UserAccess me, long id, String reason) {
        Session s = lockVisible(me, id);
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
        system(s, me.userId(), reason == null || reason.isBlank() ? text : text + ": " + reason.trim(), now);
        publish(EventTypes.SESSION_CLOSED, s, null, s.getOperatorId(), me.userId(), reason, now);
    }

    /** A supervisor reopens a closed session; it goes back to the queue. */
    @Transactional
    public void reopen(UserAccess me, long id) {
        Session s = lockVisible(me, id);
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
        system(s, me.userId(), me.displayName() + " reopened the session", now);
        publish(EventTypes.SESSION_REOPENED, s, null, previous, me.userId(), null, now);
    }

    /**
     * Writes in a session: a reply to the client, or an internal comment only colleagues see.
     *
     * @param me       the author
     * @param id       the session
     * @param text     the text, or {@code null} when files carry the message
     * @param internal true for an internal comment
     * @param files    files stored in the hub to send with a reply
     * @return the message
     */
    @Transactional
    public MessageView write(UserAccess me, long id, String text, boolean internal, List<Attachment> files) {
        boolean empty = text == null || text.isBlank();
        if (empty && files.isEmpty()) {
            throw new InvalidRequestException("text", "a message needs text or a file");
        }
        Session s = lockVisible(me, id);
        Instant now = clock.instant();
        Message m;
        if (internal) {
            if (!me.canSeeInternal(s.getLineId())) {
                throw new ForbiddenException("Readers cannot write comments");
            }
            if (!files.isEmpty()) {
                throw new InvalidRequestException("files", "internal comments carry text only");
            }
            m = messages.save(Message.internal(s.getId(), me.userId(), me.displayName(), text.trim(), now));
        } else {
            if (!me.isOperator(s.getLineId()) && !me.canSupervise(s.getLineId())) {
                throw new ForbiddenException("Only operators and supervisors of the line answer clients");
            }
            requireMayReply(me, s);
            ChannelAccount account = accounts.findById(s.getAccountId()).orElseThrow();
            if (account.getDeletedAt() != null) {
                throw new ConflictException("The session's channel account was deleted; replies cannot be sent");
            }
            if (!files.isEmpty() && !channels.descriptor(account.getType())
                    .map(d -> d.can(ChannelCapability.SEND_ATTACHMENTS)).orElse(false)) {
                throw new InvalidRequestException("files", "channel " + account.getType() + " cannot send files");
            }
            m = messages.save(Message.outbound(s.getId(), s.getAccountId(), me.userId(), me.displayName(),
                    empty ? null : text, null, now));
            s.answered(now);
        }
        List<MessageAttachment> saved = new ArrayList<>();
        int position = 0;
        for (Attachment a : files) {
            saved.add(attachments.save(new MessageAttachment(m.getId(), position++, a)));
        }
        events.publishEvent(new MessageEvent(EventTypes.MESSAGE_CREATED, now, snapshots.of(s),
                Snapshots.of(m, saved.size())));
        return MessageView.of(m, saved);
    }

    private void requireMayReply(UserAccess me, Session s) {
        switch (s.getStatus()) {
            case CLOSED -> throw new ConflictException("The session is closed; reopen it or start a new one");
            case SPAM -> throw new ConflictException("The session is in spam");
            case QUEUED -> {
                if (!me.canSupervise(s.getLineId())) {
                    throw new ConflictException("Take the session before answering");
                }
            }
            case ASSIGNED -> {
                if (s.getOperatorId() != me.userId() && !me.canSupervise(s.getLineId())) {
                    throw new ForbiddenException("The session is another operator's");
                }
            }
        }
    }

    /**
     * An operator starts a session with a known client through a channel that lets the account write first.
     *
     * @return the new session's id
     */
    @Transactional
    public long start(UserAccess me, long clientId, long accountId, String text) {
        ChannelAccount account = accounts.findByIdAndDeletedAtIsNull(accountId)
                .orElseThrow(() -> new InvalidRequestException("accountId", "channel account " + accountId
                        + " does not exist"));
        long lineId = account.getLineId();
        if (!me.isOperator(lineId) && !me.canSupervise(lineId)) {
            throw new ForbiddenException("Only operators and supervisors of the account's line start sessions");
        }
        if (!channels.descriptor(account.getType()).map(d -> d.can(ChannelCapability.START_CONVERSATION))
                .orElse(false)) {
            throw new InvalidRequestException("accountId", "channel " + account.getType()
                    + " cannot start conversations (or its plugin is not running)");
        }
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("text", "the first message needs text");
        }
        clients.findById(clientId).orElseThrow(() -> new InvalidRequestException("clientId",
                "client " + clientId + " does not exist"));
        ClientIdentity identity = identities.findFirstByClientIdAndAccountId(clientId, accountId)
                .orElseThrow(() -> new InvalidRequestException("accountId",
                        "the client has never written to this channel account, so it cannot reach them"));
        String chat = identity.getExternalChatId() != null ? identity.getExternalChatId()
                : identity.getExternalUserId();
        sessions.findOpen(accountId, chat).ifPresent(open -> {
            throw new ConflictException("The client already has open session " + open.getId() + " here");
        });
        User operator = lockOperator(me.userId(), lineId, false);
        if (operator.getStatus() == OperatorStatus.OFFLINE) {
            throw new ConflictException("Offline operators cannot start sessions; go online first");
        }
        Instant now = clock.instant();
        Session s = new Session(lineId, clientId, accountId, chat, SessionStatus.ASSIGNED, now);
        s.assign(me.userId(), AssignedBy.STARTED, now);
        try {
            sessions.saveAndFlush(s);
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("The client already has an open session here");
        }
        Message m = messages.save(Message.outbound(s.getId(), accountId, me.userId(), me.displayName(), text, null,
                now));
        s.answered(now);
        SessionSnapshot snapshot = Snapshots.of(s, account.getType(), identity.getDisplayName());
        events.publishEvent(new SessionEvent(EventTypes.SESSION_CREATED, now, snapshot, null, null, me.userId(),
                null));
        events.publishEvent(new MessageEvent(EventTypes.MESSAGE_CREATED, now, snapshot, Snapshots.of(m, 0)));
        return s.getId();
    }

    /**
     * @param me      who reads
     * @param id      the session
     * @param afterId only messages after this id (for paging), 0 for the start
     * @param limit   the most to return
     * @return the session's messages in order; internal comments only for those who may see them
     */
    @Transactional(readOnly = true)
    public List<MessageView> messages(UserAccess me, long id, long afterId, int limit) {
        Session s = sessions.findById(id).orElseThrow(() -> new NotFoundException("session", id));
        requireVisible(me, s);
        PageRequest page = PageRequest.of(0, Math.max(1, Math.min(500, limit)));
        List<Message> found = me.canSeeInternal(s.getLineId()) ? messages.findPage(id, afterId, page)
                : messages.findPublicPage(id, afterId, page);
        if (found.isEmpty()) {
            return List.of();
        }
        Map<Long, List<MessageAttachment>> files = attachments.findByMessageIdInOrderByMessageIdAscPositionAsc(
                found.stream().map(Message::getId).toList()).stream()
                .collect(Collectors.groupingBy(MessageAttachment::getMessageId));
        return found.stream().map(m -> MessageView.of(m, files.getOrDefault(m.getId(), List.of()))).toList();
    }

    /**
     * @return the attachment and the channel account of its message, when the caller may see the message
     */
    @Transactional(readOnly = true)
    public AttachmentRef attachment(UserAccess me, long messageId, long attachmentId) {
        Message m = messages.findById(messageId).orElseThrow(() -> new NotFoundException("message", messageId));
        Session s = sessions.findById(m.getSessionId()).orElseThrow();
        requireVisible(me, s);
        if (m.getDirection() == MessageDirection.INTERNAL && !me.canSeeInternal(s.getLineId())) {
            throw new ForbiddenException("You may not see this message");
        }
        MessageAttachment a = attachments.findById(attachmentId).filter(x -> x.getMessageId().equals(messageId))
                .orElseThrow(() -> new NotFoundException("attachment", attachmentId));
        return new AttachmentRef(s.getAccountId(), a.toSpi());
    }

    /**
     * An attachment and where its content comes from.
     *
     * @param accountId  the channel account whose plugin serves content the hub does not store
     * @param attachment the attachment
     */
    public record AttachmentRef(long accountId, Attachment attachment) {
    }

    /**
     * Moves the caller's read marker.
     *
     * @param messageId the last message read, or {@code null} for the session's last message
     */
    @Transactional
    public void markRead(UserAccess me, long id, Long messageId) {
        Session s = sessions.findById(id).orElseThrow(() -> new NotFoundException("session", id));
        requireVisible(me, s);
        Long last = messageId != null ? messageId : messages.findLastId(id);
        if (last != null) {
            messages.findById(last).filter(m -> m.getSessionId() == id).orElseThrow(() ->
                    new InvalidRequestException("messageId", "message " + last + " is not in this session"));
            queries.markRead(me.userId(), id, last, clock.instant());
        }
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
                    || !underLimit(operatorId, line)) {
                // the picture changed between choosing and locking: choose again without this one
                tried.add(operatorId);
                continue;
            }
            Instant now = clock.instant();
            Long previous = s.getOperatorId();
            s.assign(operatorId, by, now);
            system(s, null, text + operator.getDisplayName(), now);
            publish(EventTypes.SESSION_ASSIGNED, s, null, previous, null, null, now);
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
        system(s, null, "Closed automatically after " + hours + " h without messages", now);
        publish(EventTypes.SESSION_CLOSED, s, null, s.getOperatorId(), null, "auto-close", now);
        return true;
    }

    private boolean underLimit(long operatorId, Line line) {
        Integer max = line.getMaxSessionsPerOperator();
        return max == null || sessions.countByOperatorIdAndLineIdAndStatus(operatorId, line.getId(),
                SessionStatus.ASSIGNED) < max;
    }

    /**
     * Locks an operator's row and checks they can get one more session of the line.
     *
     * @param requireAvailable whether an offline operator is refused
     */
    private User lockOperator(long operatorId, long lineId, boolean requireAvailable) {
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

    private void requireOperatorOf(long userId, long lineId) {
        if (!members.has(userId, lineId, LineRole.OPERATOR)) {
            throw new InvalidRequestException("operatorId", "user " + userId + " is not an operator of line "
                    + lineId);
        }
    }

    private Session lockVisible(UserAccess me, long id) {
        Session s = sessions.lockById(id).orElseThrow(() -> new NotFoundException("session", id));
        requireVisible(me, s);
        return s;
    }

    private static void requireVisible(UserAccess me, Session s) {
        if (!me.canSeeSession(s.getLineId(), s.getStatus().name(), s.getOperatorId())) {
            throw new ForbiddenException("You may not see this session");
        }
    }

    private static void requireOpen(Session s) {
        if (s.getStatus() != SessionStatus.QUEUED && s.getStatus() != SessionStatus.ASSIGNED) {
            throw new ConflictException("The session is " + s.getStatus().name().toLowerCase());
        }
    }

    private void system(Session s, Long actor, String text, Instant now) {
        Message m = messages.save(Message.system(s.getId(), actor, text, now));
        events.publishEvent(new MessageEvent(EventTypes.MESSAGE_CREATED, now, snapshots.of(s), Snapshots.of(m, 0)));
    }

    private void publish(String type, Session s, Long previousLine, Long previousOperator, Long actor, String reason,
                         Instant now) {
        events.publishEvent(new SessionEvent(type, now, snapshots.of(s), previousLine, previousOperator, actor,
                reason));
    }
}
