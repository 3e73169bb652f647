package org.lineshub.hub.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import org.lineshub.hub.channel.ChannelAccount;
import org.lineshub.hub.event.SessionSnapshot;
import org.lineshub.hub.line.Line;
import org.lineshub.hub.system.Jdbc;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SentMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbox: outbound messages are stored as PENDING with the reply, and this store hands them to the sender,
 * claims them so two senders (or two hub nodes) never send one twice at once, and records the outcome. Claims are
 * fenced: each names its holder, the holder renews it while a send runs, and an outcome is recorded only by the
 * holder, so a sender whose claim was taken over changes nothing.
 */
@Service
public class OutboxStore {

    private final MessageRepository messages;
    private final MessageAttachmentRepository attachments;
    private final SessionWriter writer;
    private final SessionSnapshots snapshots;
    private final EntityManager entityManager;
    private final JdbcClient jdbc;
    private final Clock clock;

    OutboxStore(MessageRepository messages, MessageAttachmentRepository attachments, SessionWriter writer,
                SessionSnapshots snapshots, EntityManager entityManager, JdbcClient jdbc, Clock clock) {
        this.messages = messages;
        this.attachments = attachments;
        this.writer = writer;
        this.snapshots = snapshots;
        this.entityManager = entityManager;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Replies due for sending: pending, due, not claimed by a live sender, not of an account the caller leaves alone
     * for now, and the oldest pending reply of their session, so that replies reach the client in the order
     * operators wrote them. The oldest of each session is found by a loose scan of {@code ix_message_pending}, one
     * index entry per session, however many replies a session has queued.
     *
     * @param excludedAccounts accounts whose replies the caller leaves alone for now
     * @param limit            the most to return
     * @return replies due now, each the oldest pending one of its session, oldest first
     */
    @Transactional(readOnly = true)
    public List<Due> findDue(Collection<Long> excludedAccounts, int limit) {
        LocalDateTime now = Jdbc.utc(clock.instant());
        // NOT IN () is not SQL; no account has id 0
        Collection<Long> excluded = excludedAccounts.isEmpty() ? List.of(0L) : excludedAccounts;
        return jdbc.sql("SELECT m.id, m.account_id FROM message m"
                        + " JOIN (SELECT MIN(id) AS id FROM message WHERE delivery_status = 'PENDING'"
                        + " GROUP BY session_id) head ON head.id = m.id"
                        + " WHERE m.next_attempt_at <= :now AND (m.claimed_until IS NULL OR m.claimed_until < :now)"
                        + " AND (m.account_id IS NULL OR m.account_id NOT IN (:excluded))"
                        + " ORDER BY m.id LIMIT :limit")
                .param("now", now)
                .param("excluded", excluded)
                .param("limit", limit)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getObject(2, Long.class)))
                .list();
    }

    /**
     * A reply due for sending.
     *
     * @param id        the message
     * @param accountId the channel account it goes through
     */
    public record Due(long id, Long accountId) {
    }

    /**
     * Claims a pending reply for one sender. The claim is fenced: until it expires nobody else can claim the reply,
     * and only {@code owner} records its outcome, even after it expired.
     *
     * @param id    a pending reply
     * @param owner who claims it, unique per claim
     * @param lease how long the claim lasts unless renewed
     * @return true when {@code owner} now holds it
     */
    @Transactional
    public boolean claim(long id, String owner, Duration lease) {
        Instant now = clock.instant();
        return messages.claim(id, owner, now, now.plus(lease)) == 1;
    }

    /**
     * Claims several pending replies for one holder in one transaction, as {@link #claim} claims one.
     *
     * @param ids   pending replies
     * @param owner who claims them, unique per claim
     * @param lease how long the claims last unless renewed
     * @return the replies {@code owner} now holds
     */
    @Transactional
    public Set<Long> claimAll(Collection<Long> ids, String owner, Duration lease) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Instant now = clock.instant();
        // plain SQL: Hibernate would translate a query over a list anew for every length of it
        if (jdbc.sql("UPDATE message SET claimed_until = :until, claimed_by = :owner WHERE id IN (:ids)"
                        + " AND delivery_status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < :now)")
                .param("until", Jdbc.utc(now.plus(lease)))
                .param("owner", owner)
                .param("ids", ids)
                .param("now", Jdbc.utc(now))
                .update() == 0) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT id FROM message WHERE id IN (:ids) AND claimed_by = :owner")
                .param("ids", ids)
                .param("owner", owner)
                .query(Long.class)
                .list());
    }

    /**
     * The runs of replies that can go out one after another: for each given reply (the oldest pending one of its
     * session), it and the session's pending replies after it, in their order, up to the first that is not due or
     * that another sender holds.
     *
     * @param heads  the oldest pending reply of each session
     * @param longest the most replies in one run
     * @return a run for each head still pending and free, starting with it, in the order of the heads
     */
    @Transactional(readOnly = true)
    public List<List<Long>> findRuns(Collection<Long> heads, int longest) {
        if (heads.isEmpty()) {
            return List.of();
        }
        LocalDateTime now = Jdbc.utc(clock.instant());
        Set<Long> headIds = new HashSet<>(heads);
        // sessions whose oldest pending reply was read, and the runs still growing
        Set<Long> seen = new HashSet<>();
        Map<Long, List<Long>> growing = new HashMap<>();
        Map<Long, List<Long>> byHead = new HashMap<>();
        // ix_message_pending holds a session's pending replies in their order
        jdbc.sql("SELECT p.id, p.session_id, p.next_attempt_at <= :now"
                        + " AND (p.claimed_until IS NULL OR p.claimed_until < :now)"
                        + " FROM message p WHERE p.delivery_status = 'PENDING' AND p.session_id IN"
                        + " (SELECT h.session_id FROM message h WHERE h.id IN (:heads)) ORDER BY p.session_id, p.id")
                .param("now", now)
                .param("heads", heads)
                .query((rs, n) -> {
                    long id = rs.getLong(1);
                    long session = rs.getLong(2);
                    boolean free = rs.getBoolean(3);
                    if (seen.add(session)) {
                        // a run starts at the session's oldest pending reply, and only when that is still the head
                        if (headIds.contains(id) && free) {
                            List<Long> run = new ArrayList<>();
                            run.add(id);
                            growing.put(session, run);
                            byHead.put(id, run);
                        }
                    } else {
                        List<Long> run = growing.get(session);
                        if (run != null && free && run.size() < longest) {
                            run.add(id);
                        } else {
                            growing.remove(session);
                        }
                    }
                    return null;
                })
                .list();
        List<List<Long>> runs = new ArrayList<>();
        for (Long head : heads) {
            List<Long> run = byHead.get(head);
            if (run != null) {
                runs.add(run);
            }
        }
        return runs;
    }

    /**
     * Gives claimed replies back unsent, so that the next pass can claim them.
     *
     * @param ids   replies {@code owner} claimed
     * @param owner the claims' holder
     */
    @Transactional
    public void release(Collection<Long> ids, String owner) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE message SET claimed_until = NULL, claimed_by = NULL WHERE id IN (:ids) AND claimed_by = :owner"
                        + " AND delivery_status = 'PENDING'")
                .param("ids", ids)
                .param("owner", owner)
                .update();
    }

    /**
     * Extends a claim while its sender is still at work, so that a slow send is never taken over.
     *
     * @param id    a claimed reply
     * @param owner the claim's holder
     * @param lease how long from now
     * @return false when the reply is no longer pending or another sender holds it
     */
    @Transactional
    public boolean renew(long id, String owner, Duration lease) {
        return messages.renew(id, owner, clock.instant().plus(lease)) == 1;
    }

    /**
     * Assembles claimed replies for their channels, in one transaction and a handful of statements whatever their
     * number: the replies, their sessions, accounts, lines and files, and each session's latest platform id, are
     * each read at once.
     *
     * @param ids claimed replies
     * @return what to send, and which replies cannot go because their channel account was deleted; a reply that no
     *         longer exists is in neither
     */
    @Transactional(readOnly = true)
    public Assembled assembleAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return new Assembled(Map.of(), Map.of());
        }
        List<Message> found = load(Message.class, ids);
        if (found.isEmpty()) {
            return new Assembled(Map.of(), Map.of());
        }
        Map<Long, Session> sessionsById = byId(load(Session.class, distinct(found, Message::getSessionId)),
                Session::getId);
        Map<Long, ChannelAccount> accountsById = byId(load(ChannelAccount.class,
                distinct(sessionsById.values(), Session::getAccountId)), ChannelAccount::getId);
        Map<Long, Line> linesById = byId(load(Line.class, distinct(sessionsById.values(), Session::getLineId)),
                Line::getId);
        Map<Long, List<MessageAttachment>> files = new HashMap<>();
        attachments.findByMessageIdInOrderByMessageIdAscPositionAsc(found.stream().map(Message::getId).toList())
                .forEach(a -> files.computeIfAbsent(a.getMessageId(), k -> new ArrayList<>()).add(a));
        Map<Long, String> latest = latestExternalIds(sessionsById.keySet());
        Map<Long, Outgoing> ready = new LinkedHashMap<>();
        Map<Long, Long> gone = new LinkedHashMap<>();
        for (Message m : found) {
            Session session = sessionsById.get(m.getSessionId());
            ChannelAccount account = session == null ? null : accountsById.get(session.getAccountId());
            if (account == null) {
                continue;
            }
            if (account.getDeletedAt() != null) {
                gone.put(m.getId(), account.getId());
                continue;
            }
            Line line = linesById.get(session.getLineId());
            boolean showOperator = line != null && line.isShowOperatorName();
            OutboundOptions options = writer.outboundOptions(m.getOutboundOptions());
            ready.put(m.getId(), new Outgoing(account.getId(), OutboundMessage.builder(m.getId(), session.getId(),
                            session.getExternalChatId())
                    .threadKey(session.getThreadKey())
                    .subject(session.getSubject())
                    .text(m.getText())
                    .attachments(files.getOrDefault(m.getId(), List.of()).stream()
                            .map(MessageAttachment::toSpi).toList())
                    .buttons(options == null ? List.of() : options.buttons())
                    .template(options == null ? null : options.template())
                    .replyToExternalId(m.getReplyToExternalId())
                    .latestExternalId(latest.get(session.getId()))
                    .senderName(showOperator ? m.getAuthorName() : null)
                    .lineName(line == null ? null : line.getName())
                    .partsSent(m.getPartsSent())
                    .build()));
        }
        return new Assembled(ready, gone);
    }

    /**
     * Replies assembled for their channels.
     *
     * @param ready what to hand each channel plugin, by reply, in the order asked for
     * @param gone  replies whose channel account was deleted, with that account
     */
    public record Assembled(Map<Long, Outgoing> ready, Map<Long, Long> gone) {
    }

    /** @return the platform id of each session's latest message that crossed the channel, where it has one */
    private Map<Long, String> latestExternalIds(Collection<Long> sessionIds) {
        Map<Long, String> latest = new HashMap<>();
        if (sessionIds.isEmpty()) {
            return latest;
        }
        // the same order as the session's messages are shown in (index ix_message_session_order)
        jdbc.sql("SELECT s.id, (SELECT e.external_id FROM message e WHERE e.session_id = s.id"
                        + " AND e.external_id IS NOT NULL ORDER BY e.sort_time DESC, e.sort_seq DESC, e.id DESC LIMIT 1)"
                        + " FROM session s WHERE s.id IN (:ids)")
                .param("ids", sessionIds)
                .query((rs, n) -> {
                    String externalId = rs.getString(2);
                    if (externalId != null) {
                        latest.put(rs.getLong(1), externalId);
                    }
                    return null;
                })
                .list();
        return latest;
    }

    /** Loads rows by id: not by a query over the list, which Hibernate would translate anew for every length of it. */
    private <T> List<T> load(Class<T> type, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return entityManager.unwrap(org.hibernate.Session.class).byMultipleIds(type).multiLoad(List.copyOf(ids))
                .stream().filter(Objects::nonNull).toList();
    }

    private static <T> List<Long> distinct(Collection<T> rows, Function<T, Long> key) {
        return rows.stream().map(key).filter(Objects::nonNull).distinct().sorted().toList();
    }

    private static <T> Map<Long, T> byId(List<T> rows, Function<T, Long> id) {
        Map<Long, T> map = new HashMap<>();
        rows.forEach(r -> map.put(id.apply(r), r));
        return map;
    }

    /**
     * A reply ready for its channel.
     *
     * @param accountId the channel account to send it through
     * @param message   what the plugin gets
     */
    public record Outgoing(long accountId, OutboundMessage message) {
    }

    /**
     * Applies a platform's receipts for messages sent through an account; receipts for unknown messages are ignored.
     *
     * @param accountId the account that reported them
     * @param receipts  the receipts, in the platform's order
     * @return how many changed a message
     */
    @Transactional
    public int receipts(long accountId, List<DeliveryReceipt> receipts) {
        Instant now = clock.instant();
        int changed = 0;
        for (DeliveryReceipt r : receipts) {
            Message m = messages.lockByExternalId(accountId, r.externalMessageId()).orElse(null);
            Instant at = PlatformValues.plausibleTime(r.time(), now);
            if (m != null && m.receipt(DeliveryStatus.valueOf(r.status().name()), at == null ? now : at,
                    r.error())) {
                writer.publishUpdated(m, now);
                changed++;
            }
        }
        return changed;
    }

    /**
     * Records a reply the platform accepted, with what the platform answered made to fit: an id longer than the
     * column is cut, a time no clock shows is dropped.
     *
     * @param id     the reply
     * @param owner  the claim's holder
     * @param result what the platform answered, or {@code null}
     * @return false when {@code owner} does not hold the pending reply: nothing changed
     */
    @Transactional
    public boolean sent(long id, String owner, SentMessage result) {
        return sentAll(List.of(new Accepted(id, owner, result))).contains(id);
    }

    /**
     * A reply the platform accepted.
     *
     * @param id     the reply
     * @param owner  the claim's holder
     * @param result what the platform answered, or {@code null}
     */
    public record Accepted(long id, String owner, SentMessage result) {
    }

    /**
     * Records replies the platform accepted, as {@link #sent} records one, in one transaction; their
     * {@code message.updated} events are built from rows read once for all of them.
     *
     * @param replies replies the platform accepted
     * @return the replies recorded; the others' claims were not held by their owners, and nothing changed for them
     */
    @Transactional
    public Set<Long> sentAll(List<Accepted> replies) {
        Instant now = clock.instant();
        Set<Long> recorded = new HashSet<>();
        // in id order, like every writer of several messages
        for (Accepted reply : replies.stream().sorted(Comparator.comparingLong(Accepted::id)).toList()) {
            SentMessage result = reply.result();
            String externalId = result == null ? null
                    : PlatformValues.cut(result.externalMessageId(), InboundLimits.ID);
            Instant providerTime = result == null ? null : PlatformValues.plausibleTime(result.providerTime(), now);
            if (messages.markSent(reply.id(), reply.owner(), externalId, providerTime, now) == 1) {
                recorded.add(reply.id());
            }
        }
        publishUpdated(recorded, now);
        return recorded;
    }

    /** Publishes {@code message.updated} for messages just changed, reading their rows, sessions and files once. */
    private void publishUpdated(Collection<Long> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        List<Message> changed = load(Message.class, ids);
        Map<Long, SessionSnapshot> sessionsById = snapshots.of(load(Session.class,
                distinct(changed, Message::getSessionId)));
        Map<Long, Integer> files = new HashMap<>();
        jdbc.sql("SELECT message_id, COUNT(*) FROM message_attachment WHERE message_id IN (:ids) GROUP BY message_id")
                .param("ids", ids)
                .query((rs, n) -> files.put(rs.getLong(1), rs.getInt(2)))
                .list();
        for (Message m : changed) {
            SessionSnapshot session = sessionsById.get(m.getSessionId());
            if (session != null) {
                writer.publishUpdated(m, session, files.getOrDefault(m.getId(), 0), now);
            }
        }
    }

    /**
     * Records a reply the platform accepted without what the platform answered, when that cannot be stored: the
     * reply must never go out again.
     *
     * @return false when {@code owner} does not hold the pending reply: nothing changed
     */
    @Transactional
    public boolean sentWithoutDetails(long id, String owner) {
        return published(id, messages.markSent(id, owner, null, null, clock.instant()));
    }

    /**
     * Records a failed attempt that will be retried.
     *
     * @param id        the reply
     * @param owner     the claim's holder
     * @param error     why the attempt failed
     * @param wait      how long to wait before the next attempt
     * @param partsSent how many leading parts of the reply the platform accepted so far; the count never goes down
     * @return false when {@code owner} does not hold the pending reply: nothing changed
     */
    @Transactional
    public boolean retryLater(long id, String owner, String error, Duration wait, int partsSent) {
        return published(id, messages.markRetry(id, owner, cut(error), clock.instant().plus(wait), partsSent));
    }

    /**
     * Puts a reply back without counting an attempt: its channel account is not running right now.
     *
     * @param id    the reply
     * @param owner the claim's holder
     * @param error what the operator sees meanwhile
     * @param wait  how long to wait before looking again
     * @return false when {@code owner} does not hold the pending reply: nothing changed
     */
    @Transactional
    public boolean postpone(long id, String owner, String error, Duration wait) {
        return messages.postpone(id, owner, cut(error), clock.instant().plus(wait)) == 1;
    }

    /**
     * Records a reply that will not be delivered.
     *
     * @param id        the reply
     * @param owner     the claim's holder
     * @param error     why
     * @param partsSent how many leading parts of the reply the platform accepted before, as the plugin reported
     * @return false when {@code owner} does not hold the pending reply: nothing changed
     */
    @Transactional
    public boolean failed(long id, String owner, String error, int partsSent) {
        // a scalar query: an entity loaded here would be the stale one published after the update
        int parts = Math.max(partsSent, messages.findPartsSent(id).orElse(0));
        String reason = parts == 0 ? error : error + " (the client got the first " + parts
                + (parts == 1 ? " part" : " parts") + " of the message)";
        return published(id, messages.markFailed(id, owner, cut(reason), parts));
    }

    /** @return whether the reply still waits to be delivered */
    @Transactional(readOnly = true)
    public boolean isPending(long id) {
        return messages.findById(id).map(m -> m.getDeliveryStatus() == DeliveryStatus.PENDING).orElse(false);
    }

    /** @return the number of replies waiting to be delivered */
    @Transactional(readOnly = true)
    public long pendingCount() {
        return messages.countByDeliveryStatus(DeliveryStatus.PENDING);
    }

    /** @return how many attempts a reply has had */
    @Transactional(readOnly = true)
    public int attempts(long id) {
        return messages.findById(id).map(Message::getAttempts).orElse(0);
    }

    private boolean published(long id, int changed) {
        if (changed == 1) {
            publishUpdated(List.of(id), clock.instant());
        }
        return changed == 1;
    }

    private static String cut(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= 1000 ? error : error.substring(0, 997) + "...";
    }
}
