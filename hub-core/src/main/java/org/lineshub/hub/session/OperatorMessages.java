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
import org.lineshub.plugin.api.ChannelDescriptor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;

/**
 * What operators write: replies to clients, internal comments, and the first message of a session an operator
 * starts. Replies are checked against the channel (files, buttons, templates only where the channel has them; no
 * free-form reply outside its reply window) before anything is stored, then stored as pending for the outbox
 * through {@link SessionWriter}, the same writer intake uses. Each runs in a transaction of its own, run again after
 * a deadlock or a lock timeout ({@link CommandTransactions}).
 */
@Service
public class OperatorMessages {

    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final MessageAttachmentRepository attachments;
    private final ChannelAccountRepository accounts;
    private final ClientRepository clients;
    private final ClientIdentityRepository identities;
    private final ChannelRuntime channels;
    private final SessionRules rules;
    private final SessionWriter writer;
    private final SessionSnapshots snapshots;
    private final CommandTransactions transactions;
    private final Clock clock;

    OperatorMessages(SessionRepository sessions, MessageRepository messages, MessageAttachmentRepository attachments,
                     ChannelAccountRepository accounts, ClientRepository clients, ClientIdentityRepository identities,
                     ChannelRuntime channels, SessionRules rules, SessionWriter writer, SessionSnapshots snapshots,
                     CommandTransactions transactions, Clock clock) {
        this.sessions = sessions;
        this.messages = messages;
        this.attachments = attachments;
        this.accounts = accounts;
        this.clients = clients;
        this.identities = identities;
        this.channels = channels;
        this.rules = rules;
        this.writer = writer;
        this.snapshots = snapshots;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Writes in a session: a reply to the client, or an internal comment only colleagues see.
     *
     * @param me       the author
     * @param id       the session
     * @param text     the text, or {@code null} when files or a template carry the message
     * @param internal true for an internal comment
     * @param files    files stored in the hub to send with a reply
     * @param options  a template or buttons of a reply, or {@code null}
     * @return the message
     */
    public MessageView write(UserAccess me, long id, String text, boolean internal, List<Attachment> files,
                             OutboundOptions options) {
        return transactions.call(() -> {
            boolean empty = text == null || text.isBlank();
            boolean templated = options != null && options.template() != null;
            if (empty && files.isEmpty() && !templated) {
                throw new InvalidRequestException("text", "a message needs text, a file or a template");
            }
            Session s = rules.lockVisible(me, id);
            Instant now = clock.instant();
            SessionWriter.Added written;
            if (internal) {
                if (!me.canSeeInternal(s.getLineId())) {
                    throw new ForbiddenException("Readers cannot write comments");
                }
                if (!files.isEmpty() || options != null && !options.isEmpty()) {
                    throw new InvalidRequestException("files", "internal comments carry text only");
                }
                written = writer.addInternal(s, me.userId(), me.displayName(), text.trim(), now);
            } else {
                requireMayReply(me, s, !files.isEmpty(), options, now);
                written = writer.addOutbound(s, me.userId(), me.displayName(), empty ? null : text, files, options,
                        now);
            }
            writer.publishAdded(snapshots.of(s), written.message(), written.files().size(), now);
            return written.view();
        });
    }

    /**
     * Sends a failed reply again: it goes back into the outbox as pending, with its attempts counted from zero, and
     * {@code message.updated} tells every screen showing it. Allowed to whoever may reply in the session now, and
     * only when the session's channel can still carry the reply (its files, buttons or template, its reply window).
     *
     * @param me        who asks
     * @param messageId a reply
     * @return the reply, pending again
     */
    public MessageView retry(UserAccess me, long messageId) {
        // read before the transaction: the session is locked first, and what is read after the lock is current
        long sessionId = messages.findSessionId(messageId)
                .orElseThrow(() -> new NotFoundException("message", messageId));
        return transactions.call(() -> {
            Session s = rules.lockVisible(me, sessionId);
            Message m = messages.findById(messageId).orElseThrow(() -> new NotFoundException("message", messageId));
            requireAnswers(me, s.getLineId());
            if (m.getDirection() != MessageDirection.OUTBOUND || m.getDeliveryStatus() != DeliveryStatus.FAILED) {
                throw new ConflictException("Only a failed reply can be sent again; this message is "
                        + (m.getDirection() != MessageDirection.OUTBOUND ? "not a reply"
                        : m.getDeliveryStatus().name().toLowerCase()));
            }
            Instant now = clock.instant();
            requireMayReply(me, s, attachments.countByMessageId(messageId) > 0,
                    writer.outboundOptions(m.getOutboundOptions()), now);
            if (messages.requeueFailed(messageId, now) == 0) {
                throw new ConflictException("The reply is no longer failed");
            }
            Message pending = messages.findById(messageId).orElseThrow();
            writer.publishUpdated(pending, now);
            return MessageView.of(pending, attachments.findByMessageIdOrderByPosition(messageId));
        });
    }

    /**
     * Checks that {@code me} may reply in the session now, with files when {@code withFiles}, without writing
     * anything: lets a caller refuse a reply before it stores the reply's files. {@link #write} checks again on the
     * locked session when it stores the reply.
     *
     * @param me        the author
     * @param id        the session
     * @param withFiles whether the reply carries files
     */
    public void checkReply(UserAccess me, long id, boolean withFiles) {
        transactions.run(() -> requireMayReply(me, rules.lockVisible(me, id), withFiles, null, clock.instant()));
    }

    /** Refuses a reply the author may not write in this session, or its channel cannot carry. */
    private void requireMayReply(UserAccess me, Session s, boolean withFiles, OutboundOptions options, Instant now) {
        requireAnswers(me, s.getLineId());
        requireMayReply(me, s);
        ChannelAccount account = accounts.findById(s.getAccountId()).orElseThrow();
        if (account.getDeletedAt() != null) {
            throw new ConflictException("The session's channel account was deleted; replies cannot be sent");
        }
        requireChannelCarries(account, withFiles, options, s.getLastInboundAt(), now);
    }

    private static void requireAnswers(UserAccess me, long lineId) {
        if (!me.isOperator(lineId) && !me.canSupervise(lineId)) {
            throw new ForbiddenException("Only operators and supervisors of the line answer clients");
        }
    }

    /**
     * Refuses, before anything is stored, what the session's channel cannot carry: files, buttons or templates it
     * does not declare, and a free-form reply outside its reply window (only a template may go then).
     */
    private void requireChannelCarries(ChannelAccount account, boolean withFiles, OutboundOptions options,
                                       Instant lastInbound, Instant now) {
        ChannelDescriptor channel = channels.descriptor(account.getType()).orElse(null);
        String type = account.getType();
        boolean templated = options != null && options.template() != null;
        if (withFiles && (channel == null || !channel.can(ChannelCapability.SEND_ATTACHMENTS))) {
            throw new InvalidRequestException("files", "channel " + type + " cannot send files");
        }
        if (options != null && !options.buttons().isEmpty()
                && (channel == null || !channel.can(ChannelCapability.BUTTONS))) {
            throw new InvalidRequestException("buttons", "channel " + type + " cannot offer buttons");
        }
        if (templated && (channel == null || !channel.can(ChannelCapability.TEMPLATES))) {
            throw new InvalidRequestException("template", "channel " + type + " has no message templates");
        }
        Duration window = channel == null ? null : channel.replyWindow();
        if (window != null && !templated && (lastInbound == null || lastInbound.plus(window).isBefore(now))) {
            throw new ConflictException("The client last wrote more than " + hours(window) + " ago: channel "
                    + type + " allows only an approved template outside its reply window");
        }
    }

    private static String hours(Duration window) {
        return window.toMinutes() % 60 == 0 ? window.toHours() + " h" : window.toMinutes() + " min";
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
    public long start(UserAccess me, long clientId, long accountId, String text) {
        return transactions.call(() -> {
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
            User operator = rules.lockOperator(me.userId(), lineId, false);
            if (operator.getStatus() == OperatorStatus.OFFLINE) {
                throw new ConflictException("Offline operators cannot start sessions; go online first");
            }
            Instant now = clock.instant();
            Session s;
            try {
                s = writer.open(account, clientId, chat, null, me.userId(), now);
            } catch (DataIntegrityViolationException e) {
                throw new ConflictException("The client already has an open session here");
            }
            SessionWriter.Added first = writer.addOutbound(s, me.userId(), me.displayName(), text, List.of(), null,
                    now);
            SessionSnapshot snapshot = Snapshots.of(s, account.getType(), identity.getDisplayName());
            writer.publishCreated(snapshot, me.userId(), now);
            writer.publishAdded(snapshot, first.message(), 0, now);
            return s.getId();
        });
    }

}
