package org.lineshub.hub.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

import org.hibernate.LockMode;
import org.hibernate.LockOptions;
import org.lineshub.hub.channel.ChannelAccount;
import org.lineshub.hub.channel.ChannelAccountRepository;
import org.lineshub.hub.client.ClientDirectory;
import org.lineshub.hub.client.ClientIdentity;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.SessionSnapshot;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.MessageChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
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
    private final MessageRepository messages;
    private final MessageRevisionRepository revisions;
    private final SessionWriter writer;
    private final Clock clock;
    private final EntityManager entityManager;
    private final JdbcClient jdbc;

    InboundRecorder(ChannelAccountRepository accounts, ClientDirectory clients, MessageRepository messages,
                    MessageRevisionRepository revisions, SessionWriter writer, Clock clock,
                    EntityManager entityManager, JdbcClient jdbc) {
        this.accounts = accounts;
        this.clients = clients;
        this.messages = messages;
        this.revisions = revisions;
        this.writer = writer;
        this.clock = clock;
        this.entityManager = entityManager;
        this.jdbc = jdbc;
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
        return recordAll(List.of(new Part(accountId, batch, blockedSenders))).get(0);
    }

    /**
     * One caller's batch within a group the intake commits together.
     *
     * @param accountId      the account the messages came to
     * @param messages       the messages, in the platform's order, fitted to the columns
     * @param blockedSenders the external user ids of the batch's senders a blacklist rule blocks
     */
    public record Part(long accountId, List<InboundMessage> messages, Set<String> blockedSenders) {
    }

    /**
     * Stores several callers' batches, of one account or several, in one transaction: the group commit, which costs
     * the database one commit for all of them. Each part is recorded as {@link #record(long, List, Set)} records it,
     * in the order given, so a later part sees what an earlier one stored (a message delivered twice at once is a
     * duplicate in the later part). Everything the group reads is read up front, in a few queries per account, and
     * the open sessions of all its chats are locked together in id order, the order every writer of sessions takes.
     *
     * @param parts the batches, in arrival order
     * @return what each part did, in the same order
     * @throws UnknownAccountException when an account does not exist
     */
    @Transactional
    public List<Result> recordAll(List<Part> parts) {
        // every lookup happens up front, so nothing needs Hibernate to flush (and check every loaded entity for
        // changes) before a query; new rows are inserted at once anyway (database-generated ids)
        entityManager.setFlushMode(FlushModeType.COMMIT);
        Instant now = clock.instant();
        Map<Long, List<InboundMessage>> byAccount = new LinkedHashMap<>();
        for (Part part : parts) {
            byAccount.computeIfAbsent(part.accountId(), id -> new ArrayList<>()).addAll(part.messages());
        }
        Map<Long, AccountBatch> work = new HashMap<>();
        List<Long> openIds = new ArrayList<>();
        for (Map.Entry<Long, List<InboundMessage>> e : byAccount.entrySet()) {
            ChannelAccount account = accounts.findById(e.getKey())
                    .orElseThrow(() -> new UnknownAccountException(e.getKey()));
            AccountBatch batch = new AccountBatch(account, e.getValue());
            work.put(account.getId(), batch);
            openIds.addAll(batch.openIds);
        }
        if (!openIds.isEmpty()) {
            // locked before anything is written, in id order like every writer of sessions: an operator's take,
            // reply or close of one of them waits for this group, or this group for it, and neither deadlocks nor
            // finds the session changed at commit. One closed in between gets a successor below.
            // loaded by id, not by a query over the list, which would be translated anew for every length of it
            openIds.sort(null);
            entityManager.unwrap(org.hibernate.Session.class).byMultipleIds(Session.class)
                    .with(new LockOptions(LockMode.PESSIMISTIC_WRITE)).multiLoad(openIds).stream()
                    .filter(s -> s != null && s.getStatus() != SessionStatus.CLOSED)
                    .forEach(s -> work.get(s.getAccountId()).open.put(
                            new Conversation(s.getExternalChatId(), s.getThreadKey()), s));
        }
        List<Result> results = new ArrayList<>(parts.size());
        Unwritten unwritten = new Unwritten(now);
        for (Part part : parts) {
            results.add(record(work.get(part.accountId()), part, unwritten, now));
        }
        unwritten.write();
        return results;
    }

    private Result record(AccountBatch work, Part part, Unwritten unwritten, Instant now) {
        ChannelAccount account = work.account;
        int stored = 0;
        int duplicates = 0;
        int opened = 0;
        for (InboundMessage in : part.messages()) {
            if (!work.known.add(in.externalMessageId())) {
                duplicates++;
                LOG.debug("Dropped duplicate message {} of account {}", in.externalMessageId(), account.getId());
                continue;
            }
            ClientDirectory.Resolved sender = work.clients.resolve(account.getType(), in.sender(),
                    in.externalChatId(), now);
            ClientIdentity identity = sender.identity();
            Conversation key = new Conversation(in.externalChatId(), in.threadKey());
            boolean blocked = part.blockedSenders().contains(in.sender().externalUserId());
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
                // the messages before this one first, so the history and the events keep the order they came in
                unwritten.write();
                spam(session, blocked, account.getType(), sender.clientName(), now);
            }
            Message message = writer.inbound(session, account.getId(), in, identity.getDisplayName(), now);
            stored++;
            // a spam session's messages are not announced
            unwritten.add(message, in.attachments(), blocked ? null
                    : Snapshots.of(session, account.getType(), sender.clientName()), created);
        }
        return new Result(stored, duplicates, opened);
    }

    /**
     * A group's messages on their way to one insert, with the events each announces once it has its id, in the
     * order they came in.
     */
    private final class Unwritten {

        private final Instant now;
        private final List<SessionWriter.NewInbound> rows = new ArrayList<>();
        private final List<Announcement> announcements = new ArrayList<>();

        /** What a message announces: nothing when its snapshot is {@code null}. */
        private record Announcement(SessionSnapshot session, boolean created) {
        }

        Unwritten(Instant now) {
            this.now = now;
        }

        void add(Message message, List<Attachment> files, SessionSnapshot session, boolean created) {
            rows.add(new SessionWriter.NewInbound(message, files));
            announcements.add(new Announcement(session, created));
        }

        /** Inserts what was added since the last time and publishes its events. */
        void write() {
            if (rows.isEmpty()) {
                return;
            }
            writer.insertInbound(rows);
            for (int i = 0; i < rows.size(); i++) {
                Message message = rows.get(i).message();
                Announcement a = announcements.get(i);
                if (a.session() == null) {
                    LOG.debug("Stored message {} of account {} in spam session {}", message.getId(),
                            message.getAccountId(), message.getSessionId());
                    continue;
                }
                if (a.created()) {
                    writer.publishCreated(a.session(), null, now);
                }
                writer.publishAdded(a.session(), message, rows.get(i).files().size(), now);
                LOG.debug("Stored message {} of account {} in session {}", message.getId(), message.getAccountId(),
                        message.getSessionId());
            }
            rows.clear();
            announcements.clear();
        }
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

    /** What one account's share of a group needs to know, read in a few queries before anything is stored. */
    private final class AccountBatch {
        final ChannelAccount account;
        final Set<String> known;
        final List<Long> openIds;
        final Map<Conversation, Session> open = new HashMap<>();
        final ClientDirectory.Lookup clients;

        AccountBatch(ChannelAccount account, List<InboundMessage> batch) {
            this.account = account;
            Set<String> ids = new HashSet<>();
            Set<String> users = new HashSet<>();
            Set<String> chats = new HashSet<>();
            for (InboundMessage m : batch) {
                ids.add(m.externalMessageId());
                users.add(m.sender().externalUserId());
                chats.add(m.externalChatId());
            }
            // in SQL, as one statement: a query over a list of values is translated anew for every length of the
            // list, and each statement is a round trip more for every group
            known = new HashSet<>();
            openIds = new ArrayList<>();
            jdbc.sql("SELECT external_id, NULL FROM message WHERE account_id = :account AND external_id IN (:ids)"
                    + " UNION ALL SELECT NULL, id FROM session WHERE account_id = :account"
                    + " AND external_chat_id IN (:chats) AND status <> 'CLOSED'").param("account", account.getId())
                    .param("ids", ids).param("chats", chats).query(rs -> {
                        String stored = rs.getString(1);
                        if (stored != null) {
                            known.add(stored);
                        } else {
                            openIds.add(rs.getLong(2));
                        }
                    });
            clients = InboundRecorder.this.clients.lookup(account.getId(), users);
        }
    }
}
