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

import org.lineshub.hub.channel.ChannelAccount;
import org.lineshub.hub.channel.ChannelAccountRepository;
import org.lineshub.hub.client.ClientDirectory;
import org.lineshub.hub.client.ClientIdentity;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.MessageEvent;
import org.lineshub.hub.event.SessionEvent;
import org.lineshub.hub.event.SessionSnapshot;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores inbound messages exactly once: a message whose (account, external id) is already stored is dropped;
 * otherwise its client and identity are found or created, the chat's open session found or a new one opened, and
 * the message stored, all in one transaction per batch. Events follow the commit.
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
    private final MessageAttachmentRepository attachments;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final EntityManager entityManager;

    InboundRecorder(ChannelAccountRepository accounts, ClientDirectory clients, SessionRepository sessions,
                    MessageRepository messages, MessageAttachmentRepository attachments,
                    ApplicationEventPublisher events, Clock clock, EntityManager entityManager) {
        this.accounts = accounts;
        this.clients = clients;
        this.sessions = sessions;
        this.messages = messages;
        this.attachments = attachments;
        this.events = events;
        this.clock = clock;
        this.entityManager = entityManager;
    }

    /**
     * Stores a batch in one transaction. A unique-key race with a concurrent delivery of the same message or a
     * concurrent first message of the same chat fails the whole batch with a
     * {@link org.springframework.dao.DataIntegrityViolationException}; calling again then finds what the other
     * transaction stored.
     *
     * @param batch messages, in the order the platform delivered them
     * @return counts of what happened
     * @throws UnknownAccountException when a message names an account that does not exist
     */
    @Transactional
    public Result record(List<InboundMessage> batch) {
        // every lookup happens up front, so nothing needs Hibernate to flush (and check every loaded entity for
        // changes) before a query; new rows are inserted at once anyway (database-generated ids)
        entityManager.setFlushMode(FlushModeType.COMMIT);
        Instant now = clock.instant();
        Map<Long, AccountBatch> byAccount = new LinkedHashMap<>();
        for (InboundMessage in : batch) {
            byAccount.computeIfAbsent(in.accountId(), id -> new AccountBatch()).messages.add(in);
        }
        for (ChannelAccount account : accounts.findAllById(byAccount.keySet())) {
            byAccount.get(account.getId()).prepare(account);
        }
        int stored = 0;
        int duplicates = 0;
        int opened = 0;
        for (InboundMessage in : batch) {
            AccountBatch work = byAccount.get(in.accountId());
            if (work.account == null) {
                throw new UnknownAccountException(in.accountId());
            }
            ChannelAccount account = work.account;
            if (!work.known.add(in.externalMessageId())) {
                duplicates++;
                LOG.debug("Dropped duplicate message {} of account {}", in.externalMessageId(), account.getId());
                continue;
            }
            ClientDirectory.Resolved sender = work.clients.resolve(account.getType(), in.sender(),
                    in.externalChatId(), now);
            ClientIdentity identity = sender.identity();
            Session session = work.open.get(in.externalChatId());
            boolean created = session == null;
            if (created) {
                session = sessions.save(new Session(account.getLineId(), identity.getClientId(), account.getId(),
                        in.externalChatId(), SessionStatus.QUEUED, now));
                work.open.put(in.externalChatId(), session);
                opened++;
            }
            Message message = messages.save(Message.inbound(session.getId(), account.getId(),
                    in.externalMessageId(), in.text(), identity.getDisplayName(), in.replyToExternalId(),
                    in.providerTime(), in.rawPayload(), now));
            int position = 0;
            for (Attachment a : in.attachments()) {
                attachments.save(new MessageAttachment(message.getId(), position++, a));
            }
            session.clientWrote(now);
            stored++;
            SessionSnapshot snapshot = Snapshots.of(session, account.getType(), sender.clientName());
            if (created) {
                events.publishEvent(new SessionEvent(EventTypes.SESSION_CREATED, now, snapshot, null, null, null,
                        null));
            }
            events.publishEvent(new MessageEvent(EventTypes.MESSAGE_CREATED, now, snapshot,
                    Snapshots.of(message, in.attachments().size())));
            LOG.debug("Stored message {} of account {} in session {}", message.getId(), account.getId(),
                    session.getId());
        }
        return new Result(stored, duplicates, opened);
    }

    /** What one batch needs to know about one account's messages, read in a few queries before any is stored. */
    private final class AccountBatch {
        final List<InboundMessage> messages = new ArrayList<>();
        ChannelAccount account;
        Set<String> known;
        Map<String, Session> open;
        ClientDirectory.Lookup clients;

        void prepare(ChannelAccount found) {
            account = found;
            Set<String> ids = new HashSet<>();
            Set<String> users = new HashSet<>();
            Set<String> chats = new HashSet<>();
            for (InboundMessage m : messages) {
                ids.add(m.externalMessageId());
                users.add(m.sender().externalUserId());
                chats.add(m.externalChatId());
            }
            known = new HashSet<>(InboundRecorder.this.messages.findExternalIds(found.getId(), ids));
            open = new HashMap<>();
            sessions.findOpenIn(found.getId(), chats).forEach(s -> open.put(s.getExternalChatId(), s));
            clients = InboundRecorder.this.clients.lookup(found.getId(), users);
        }
    }
}
