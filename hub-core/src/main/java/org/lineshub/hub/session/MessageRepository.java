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

    @Query("select m.externalId from Message m where m.accountId = :accountId and m.externalId in :externalIds")
    List<String> findExternalIds(Long accountId, Collection<String> externalIds);

    @Query("select m from Message m where m.sessionId = :sessionId and m.id > :afterId order by m.sortTime, m.id")
    List<Message> findPage(Long sessionId, long afterId, Pageable page);

    @Query("select m from Message m where m.sessionId = :sessionId"
            + " and m.direction <> org.lineshub.hub.session.MessageDirection.INTERNAL and m.id > :afterId"
            + " order by m.sortTime, m.id")
    List<Message> findPublicPage(Long sessionId, long afterId, Pageable page);

    @Query("select max(m.id) from Message m where m.sessionId = :sessionId")
    Long findLastId(Long sessionId);

    /**
     * Replies due for sending: pending, due, not claimed by a live sender, and the oldest pending reply of their
     * session, so that replies reach the client in the order operators wrote them.
     */
    @Query("select m.id from Message m where m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.PENDING"
            + " and m.nextAttemptAt <= :now and (m.claimedUntil is null or m.claimedUntil < :now)"
            + " and not exists (select e.id from Message e where e.sessionId = m.sessionId"
            + " and e.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.PENDING and e.id < m.id)"
            + " order by m.id")
    List<Long> findDue(Instant now, Pageable page);

    /** @return 1 when this node now owns the reply until {@code until}, 0 when another sender has it */
    @Modifying
    @Query("update Message m set m.claimedUntil = :until where m.id = :id"
            + " and m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.PENDING"
            + " and (m.claimedUntil is null or m.claimedUntil < :now)")
    int claim(Long id, Instant now, Instant until);

    @Modifying
    @Query("update Message m set m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.SENT,"
            + " m.externalId = :externalId, m.providerTime = :providerTime, m.sentAt = :now,"
            + " m.attempts = m.attempts + 1, m.claimedUntil = null, m.nextAttemptAt = null,"
            + " m.deliveryError = null where m.id = :id")
    int markSent(Long id, String externalId, Instant providerTime, Instant now);

    @Modifying
    @Query("update Message m set m.attempts = m.attempts + 1, m.deliveryError = :error,"
            + " m.nextAttemptAt = :nextAttemptAt, m.claimedUntil = null where m.id = :id")
    int markRetry(Long id, String error, Instant nextAttemptAt);

    @Modifying
    @Query("update Message m set m.deliveryStatus = org.lineshub.hub.session.DeliveryStatus.FAILED,"
            + " m.attempts = m.attempts + 1, m.deliveryError = :error, m.claimedUntil = null,"
            + " m.nextAttemptAt = null where m.id = :id")
    int markFailed(Long id, String error);

    @Modifying
    @Query("update Message m set m.deliveryError = :error, m.nextAttemptAt = :nextAttemptAt, m.claimedUntil = null"
            + " where m.id = :id")
    int postpone(Long id, String error, Instant nextAttemptAt);

    long countByDeliveryStatus(DeliveryStatus status);

    /** Locks the message of an account with a platform id: a receipt or a client's change is about to apply. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from Message m where m.accountId = :accountId and m.externalId = :externalId")
    Optional<Message> lockByExternalId(Long accountId, String externalId);

    /** @return the platform ids of a session's messages that crossed the channel, newest first */
    @Query("select m.externalId from Message m where m.sessionId = :sessionId and m.externalId is not null"
            + " order by m.sortTime desc, m.id desc")
    List<String> findLatestExternalIds(Long sessionId, Pageable page);
}
