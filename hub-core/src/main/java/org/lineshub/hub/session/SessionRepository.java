package org.lineshub.hub.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Sessions. */
public interface SessionRepository extends JpaRepository<Session, Long> {

    /**
     * @return the open (not closed) session of a chat, outside any thread, on an account; there is at most one
     */
    @Query("select s from Session s where s.accountId = :accountId and s.externalChatId = :chatId"
            + " and s.threadKey is null and s.status <> org.lineshub.hub.session.SessionStatus.CLOSED")
    Optional<Session> findOpen(Long accountId, String chatId);

    /** Locks a session's row for the rest of the transaction. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Session s where s.id = :id")
    Optional<Session> lockById(Long id);

    long countByOperatorIdAndLineIdAndStatus(Long operatorId, Long lineId, SessionStatus status);

    /** Ids only, so that the caller locks the row before the session is loaded (a loaded entity is not refreshed). */
    @Query("select s.id from Session s where s.lineId = :lineId"
            + " and s.status = org.lineshub.hub.session.SessionStatus.QUEUED order by s.createdAt, s.id")
    List<Long> findQueuedIds(Long lineId, org.springframework.data.domain.Pageable page);

    @Query("select s.operatorId, count(s) from Session s where s.lineId = :lineId"
            + " and s.status = org.lineshub.hub.session.SessionStatus.ASSIGNED group by s.operatorId")
    List<Object[]> countAssignedByOperator(Long lineId);

    /** Open sessions of lines that close automatically and had no message since the given time. */
    @Query("select s.id from Session s where s.lineId = :lineId"
            + " and s.status in (org.lineshub.hub.session.SessionStatus.QUEUED,"
            + " org.lineshub.hub.session.SessionStatus.ASSIGNED) and s.lastMessageAt < :before")
    List<Long> findIdleIds(Long lineId, Instant before);

    /** Sessions routing assigned that nobody answered since, for offering them to the next operator. */
    @Query("select s.id from Session s where s.lineId = :lineId"
            + " and s.status = org.lineshub.hub.session.SessionStatus.ASSIGNED"
            + " and s.assignedBy = org.lineshub.hub.session.AssignedBy.ROUTING and s.assignedAt < :before"
            + " and s.waitingSince is not null and (s.lastReplyAt is null or s.lastReplyAt < s.assignedAt)")
    List<Long> findUnansweredOffers(Long lineId, Instant before);
}
