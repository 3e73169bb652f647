package org.lineshub.hub.session;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Messages, and the outbox view of outbound ones. */
public interface MessageRepository extends JpaRepository<Message, Long> {

    /**
     * A page of a session's messages in their order (sort time, sort sequence, id): from the start, or after the
     * message with the key (afterTime, afterSeq, afterId).
     */
    @Query("select m from Message m where m.sessionId = :sessionId and (:fromStart = true"
            + " or m.sortTime > :afterTime or (m.sortTime = :afterTime and (m.sortSeq > :afterSeq"
            + " or (m.sortSeq = :afterSeq and m.id > :afterId))))"
            + " order by m.sortTime, m.sortSeq, m.id")
    List<Message> findPage(Long sessionId, boolean fromStart, Instant afterTime, long afterSeq, long afterId,
                           Pageable page);

    /** Like {@link #findPage}, without internal comments. */
    @Query("select m from Message m where m.sessionId = :sessionId"
            + " and m.direction <> org.lineshub.hub.session.MessageDirection.INTERNAL and (:fromStart = true"
            + " or m.sortTime > :afterTime or (m.sortTime = :afterTime and (m.sortSeq > :afterSeq"
            + " or (m.sortSeq = :afterSeq and m.id > :afterId))))"
            + " order by m.sortTime, m.sortSeq, m.id")
    List<Message> findPublicPage(Long sessionId, boolean fromStart, Instant afterTime, long afterSeq, long afterId,
                                 Pageable page);

    /**
     * @return the key a message of the session is ordered by, for paging after it; empty when not the session's
     */
    @Query("select new org.lineshub.hub.session.MessageRepository$SortKey(m.sortTime, m.sortSeq) from Message m"
            + " where m.id = :id and m.sessionId = :sessionId")
    Optional<SortKey> findSortKey(Long sessionId, long id);

    /**
     * Where a message stands in its session, besides its id.
     *
     * @param time its sort time
     * @param seq  its sort sequence
     */
    record SortKey(Instant time, long seq) {
    }

    @Query("select max(m.id) from Message m where m.sessionId = :sessionId")
    Long findLastId(Long sessionId);

    /** @return how many parts of a reply the platform accepted on earlier attempts */
    @Query("select m.partsSent from Message m where m.id = :id")
    Optional<Integer> findPartsSent(Long id);

    /** @return 1 when {@code owner} now holds the reply until {@code until}, 0 when another sender has it */
    @Modifying
    @Query("update Message m set m.claimedUntil = :until, m.claimedBy = :owner where m.id = :id"
            + " and m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.PENDING"
            + " and (m.claimedUntil is null or m.claimedUntil < :now)")
    int claim(Long id, String owner, Instant now, Instant until);

    /** @return 1 when {@code owner} still holds the pending reply, now until {@code until}; else 0 */
    @Modifying
    @Query("update Message m set m.claimedUntil = :until where m.id = :id and m.claimedBy = :owner"
            + " and m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.PENDING")
    int renew(Long id, String owner, Instant until);

    /** @return 1 when recorded, 0 when {@code owner} does not hold the pending reply */
    @Modifying
    @Query("update Message m set m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.SENT,"
            + " m.externalId = :externalId, m.providerTime = :providerTime, m.sentAt = :now,"
            + " m.attempts = m.attempts + 1, m.claimedUntil = null, m.claimedBy = null, m.nextAttemptAt = null,"
            + " m.deliveryError = null where m.id = :id and m.claimedBy = :owner"
            + " and m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.PENDING")
    int markSent(Long id, String owner, String externalId, Instant providerTime, Instant now);

    /** @return 1 when recorded, 0 when {@code owner} does not hold the pending reply */
    @Modifying
    @Query("update Message m set m.attempts = m.attempts + 1, m.deliveryError = :error,"
            + " m.partsSent = case when m.partsSent < :partsSent then :partsSent else m.partsSent end,"
            + " m.nextAttemptAt = :nextAttemptAt, m.claimedUntil = null, m.claimedBy = null"
            + " where m.id = :id and m.claimedBy = :owner"
            + " and m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.PENDING")
    int markRetry(Long id, String owner, String error, Instant nextAttemptAt, int partsSent);

    /** @return 1 when recorded, 0 when {@code owner} does not hold the pending reply */
    @Modifying
    @Query("update Message m set m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.FAILED,"
            + " m.attempts = m.attempts + 1, m.deliveryError = :error, m.partsSent = :partsSent,"
            + " m.claimedUntil = null, m.claimedBy = null, m.nextAttemptAt = null where m.id = :id"
            + " and m.claimedBy = :owner and m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.PENDING")
    int markFailed(Long id, String owner, String error, int partsSent);

    /** @return 1 when recorded, 0 when {@code owner} does not hold the pending reply */
    @Modifying
    @Query("update Message m set m.deliveryError = :error, m.nextAttemptAt = :nextAttemptAt, m.claimedUntil = null,"
            + " m.claimedBy = null where m.id = :id and m.claimedBy = :owner"
            + " and m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.PENDING")
    int postpone(Long id, String owner, String error, Instant nextAttemptAt);

    long countByDeliveryStatus(DeliveryStatus status);

    /** @return the session of a message; a message never moves to another session */
    @Query("select m.sessionId from Message m where m.id = :id")
    Optional<Long> findSessionId(Long id);

    /**
     * Puts a failed reply back into the outbox as a new reply would be: pending, due now, no attempts, no claim, no
     * failure reason, nothing the platform answered. The parts of a reply sent in parts that the platform accepted
     * earlier stay counted, so they are not sent twice. The persistence context is cleared, so that the message is
     * read again as it is now.
     *
     * @return 1 when the reply was failed and is pending now, 0 when it was not a failed reply
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Message m set m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.PENDING,"
            + " m.attempts = 0, m.deliveryError = null, m.nextAttemptAt = :now, m.claimedUntil = null,"
            + " m.claimedBy = null, m.externalId = null, m.sentAt = null where m.id = :id"
            + " and m.direction = org.lineshub.hub.session.MessageDirection.OUTBOUND"
            + " and m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.FAILED")
    int requeueFailed(Long id, Instant now);

    /**
     * What the client and the operators wrote in some sessions (not the system's entries) whose text matches a LIKE
     * pattern (escape character {@code !}), newest first. The column's collation (utf8mb4_unicode_ci) makes the match
     * case-insensitive in every alphabet.
     *
     * @param sessionIds   the sessions to look in; never empty
     * @param withInternal those of them whose internal comments the caller sees; never empty (pass an id no session
     *                     has)
     */
    @Query("select m from Message m where m.sessionId in :sessionIds and m.text like :pattern escape '!'"
            + " and m.direction <> org.lineshub.hub.session.MessageDirection.SYSTEM"
            + " and (m.direction <> org.lineshub.hub.session.MessageDirection.INTERNAL"
            + " or m.sessionId in :withInternal) order by m.sortTime desc, m.sortSeq desc, m.id desc")
    List<Message> search(Collection<Long> sessionIds, Collection<Long> withInternal, String pattern, Pageable page);

    /** Locks the message of an account with a platform id: a receipt or a client's change is about to apply. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from Message m where m.accountId = :accountId and m.externalId = :externalId")
    Optional<Message> lockByExternalId(Long accountId, String externalId);
}
