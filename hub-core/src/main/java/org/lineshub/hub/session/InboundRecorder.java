package org.lineshub.hub.session;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

import org.lineshub.hub.channel.ChannelAccount;
import org.lineshub.hub.channel.ChannelAccountRepository;
import org.lineshub.hub.client.ClientDirectory;
import org.lineshub.hub.client.ClientIdentity;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.SessionSnapshot;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.MessageChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores inbound messages exactly once: a message whose (account, external id) is already stored is dropped;
 * otherwise its client and identity are found or created, the conversation's open session found or a new one
 * opened, and the message stored, all in one transaction per batch. Events follow the commit. Also records the
 * client's edits and deletions of earlier messages, keeping what they replaced.
 */
@Service
public class InboundRecorder {

    /**
     * What a batch did.
     *
     * @param stored     messages stored
     * @param duplicates messages dropped as already stored
     * @param sessions   sessions opened
     */
    public record Result(int stored, int duplicates, int sessions) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(InboundRecorder.class);

    private final ChannelAccountRepository accounts;
    private final ClientDirectory clients;
    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final MessageRevisionRepository revisions;
    private final SessionWriter writer;
    private final Clock clock;
    private final EntityManager entityManager;

    InboundRecorder(ChannelAccountRepository accounts, ClientDirectory clients, SessionRepository sessions,
                    MessageRepository messages, MessageRevisionRepository revisions, SessionWriter writer,
                    Clock clock, EntityManager entityManager) {
        this.accounts = accounts;
        this.clients = clients;
        this.sessions = sessions;
        this.messages = messages;
        this.revisions = revisions;
        this.writer = writer;
        this.clock = clock;
        this.entityManager = entityManager;
    }

    /**
     * Stores a batch of one account's messages in one transaction. The open sessions of the batch's chats are locked
     * first, in id order, the order operators' commands lock sessions in too. A unique-key race with a concurrent
     * delivery of the same message or a concurrent first message of the same conversation fails the whole batch
     * ({@link Conflicts#isDuplicateKey}); calling again then finds what the other transaction stored. The messages
     * must fit the columns ({@link InboundLimits}).
     *
     * @param accountId the account the messages came to: the caller's, never the plugin's word
     * @param batch     messages, in the order the platform delivered them
     * @return counts of what happened
     * @throws UnknownAccountException when the account does not exist
     */
    @Transactional
    public Result record(long accountId, List<InboundMessage> batch) {
        return record(accountId, batch, Set.of());
    }

    /**
     * Stores a batch as {@link #record(long, List)} does, with the screening's verdict: a message of a blocked sender
     * lands in its conversation's session marked {@link SessionStatus#SPAM} (opened so, or moved there), stored but
     * never announced, so nobody is notified, no queue counts it, routing never sees it and nothing answers it. A
     * message of a sender no longer blocked brings its session out of spam into the queue.
     *
     * @param blockedSenders the external user ids of the batch's senders a blacklist rule blocks
     */
    @Transactional
    public Result record(long accountId, List<InboundMessage> batch, Set<String> blockedSenders) {
        // every lookup happens up front, so nothing needs Hibernate to flush (and check every loaded entity for
        // changes) before a query; new rows are inserted at once anyway (database-generated ids)
        entityManager.setFlushMode(FlushModeType.COMMIT);
        Instant now = clock.instant();
        ChannelAccount account = accounts.findById(accountId).orElseThrow(() -> new UnknownAccountException(accountId));
        AccountBatch work = new AccountBatch(account, batch);
        int stored = 0;
        int duplicates = 0;
        int opened = 0;
        for (InboundMessage in : batch) {
            if (!work.known.add(in.externalMessageId())) {
                duplicates++;
                LOG.debug("Dropped duplicate message {} of account {}", in.externalMessageId(), account.getId());
                continue;
            }
            ClientDirectory.Resolved sender = work.clients.resolve(account.getType(), in.sender(),
                    in.externalChatId(), now);
            ClientIdentity identity = sender.identity();
            Conversation key = new Conversation(in.externalChatId(), in.threadKey());
            boolean blocked = blockedSenders.contains(in.sender().externalUserId());
            Session session = work.open.get(key);
            boolean created = session == null;
            if (created) {
                session = writer.open(account, identity.getClientId(), key.chat(), key.thread(), null, now);
                if (blocked) {
                    session.markSpam();
                }
                work.open.put(key, session);
                opened++;
            } else if (blocked != (session.getStatus() == SessionStatus.SPAM)) {
                spam(session, blocked, account.getType(), sender.clientName(), now);
            }
            Message message = writer.addInbound(session, account.getId(), in, identity.getDisplayName(), now);
            stored++;
            if (blocked) {
                LOG.debug("Stored message {} of account {} in spam session {}", message.getId(), account.getId(),
                        session.getId());
                continue;
            }
            SessionSnapshot snapshot = Snapshots.of(session, account.getType(), sender.clientName());
            if (created) {
                writer.publishCreated(snapshot, null, now);
            }
            writer.publishAdded(snapshot, message, in.attachments().size(), now);
            LOG.debug("Stored message {} of account {} in session {}", message.getId(), account.getId(),
                    session.getId());
        }
        return new Result(stored, duplicates, opened);
    }

    /**
     * Records that the client edited or deleted a message: the previous content becomes a revision, then the message
     * changes. Unknown messages and repeated reports change nothing.
     *
     * @param accountId the account the change came to
     * @param change    what changed
     * @return whether anything changed
     */
    @Transactional
    public boolean change(long accountId, MessageChange change) {
        Message m = messages.lockByExternalId(accountId, change.externalMessageId())
                .filter(found -> found.getDirection() == MessageDirection.INBOUND).orElse(null);
        if (m == null) {
            LOG.debug("Account {} reported a change of unknown message {}", accountId, change.externalMessageId());
            return false;
        }
        Instant now = clock.instant();
        Instant at = change.providerTime() == null ? now : change.providerTime();
        MessageRevision before = new MessageRevision(m, change.kind().name(), at, now);
        boolean changed = change.kind() == MessageChange.Kind.EDITED ? m.edit(change.text(), change.html(), at)
                : m.markDeleted(at);
        if (!changed) {
            return false;
        }
        revisions.save(before);
        writer.publishUpdated(m, now);
        return true;
    }

    /**
     * Moves an open session into spam (its client was blocked since it opened) or out of it into the queue (the rule
     * expired or was deleted), with a line in the history and an event, so the inbox and routing follow.
     */
    private void spam(Session session, boolean blocked, String channelType, String clientName, Instant now) {
        Long previousOperator = session.getOperatorId();
        if (blocked) {
            session.markSpam();
        } else {
            session.unspam();
        }
        writer.addSystem(session, null, blocked ? "The client is blacklisted: the session moved to spam"
                : "The client is no longer blacklisted: the session left spam for the queue", now);
        writer.publishSession(blocked ? EventTypes.SESSION_BLOCKED : EventTypes.SESSION_UNBLOCKED,
                Snapshots.of(session, channelType, clientName), previousOperator, null, now);
    }

    /** A conversation within an account: a chat, or a thread of a chat. */
    private record Conversation(String chat, String thread) {
    }

    /** What one batch needs to know about its account's messages, read in a few queries before any is stored. */
    private final class AccountBatch {
        final Set<String> known;
        final Map<Conversation, Session> open = new HashMap<>();
        final ClientDirectory.Lookup clients;

        AccountBatch(ChannelAccount account, List<InboundMessage> batch) {
            Set<String> ids = new HashSet<>();
            Set<String> users = new HashSet<>();
            Set<String> chats = new HashSet<>();
            for (InboundMessage m : batch) {
                ids.add(m.externalMessageId());
                users.add(m.sender().externalUserId());
                chats.add(m.externalChatId());
            }
            known = new HashSet<>(messages.findExternalIds(account.getId(), ids));
            List<Long> openIds = sessions.findOpenIdsIn(account.getId(), chats);
            if (!openIds.isEmpty()) {
                // locked before anything is written, in id order like every writer of sessions: an operator's take,
                // reply or close of one of them waits for this batch, or this batch for it, and neither deadlocks
                // nor finds the session changed at commit. One closed in between gets a successor below.
                sessions.lockAllById(openIds).stream().filter(s -> s.getStatus() != SessionStatus.CLOSED)
                        .forEach(s -> open.put(new Conversation(s.getExternalChatId(), s.getThreadKey()), s));
            }
            clients = InboundRecorder.this.clients.lookup(account.getId(), users);
        }
    }
}
