package org.lineshub.hub.session;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A conversation of one client on one line through one channel account. */
@Entity
@Table(name = "session")
public class Session {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "line_id", nullable = false)
    private Long lineId;

    @Column(name = "client_id", nullable = false, updatable = false)
    private Long clientId;

    @Column(name = "account_id", nullable = false, updatable = false)
    private Long accountId;

    @Column(name = "external_chat_id", nullable = false, length = 191, updatable = false)
    private String externalChatId;

    @Column(name = "thread_key", length = 191, updatable = false)
    private String threadKey;

    @Column(length = 998)
    private String subject;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private SessionStatus status;

    @Column(name = "operator_id")
    private Long operatorId;

    @Enumerated(EnumType.STRING)
    @Column(name = "assigned_by", length = 16)
    private AssignedBy assignedBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "assigned_at")
    private Instant assignedAt;

    @Column(name = "first_response_at")
    private Instant firstResponseAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "last_message_at", nullable = false)
    private Instant lastMessageAt;

    @Column(name = "last_reply_at")
    private Instant lastReplyAt;

    @Column(name = "waiting_since")
    private Instant waitingSince;

    @Column(name = "last_inbound_at")
    private Instant lastInboundAt;

    @Version
    private long version;

    protected Session() {
    }

    public Session(Long lineId, Long clientId, Long accountId, String externalChatId, String threadKey,
                   SessionStatus status, Instant now) {
        this.lineId = lineId;
        this.clientId = clientId;
        this.accountId = accountId;
        this.externalChatId = externalChatId;
        this.threadKey = threadKey;
        this.status = status;
        this.createdAt = now;
        this.lastMessageAt = now;
    }

    /** A client message arrived: the client now waits for an answer, unless they already did. */
    void clientWrote(Instant at, String messageSubject) {
        lastInboundAt = max(lastInboundAt, at);
        if (subject == null && messageSubject != null && !messageSubject.isBlank()) {
            subject = messageSubject.length() <= 998 ? messageSubject : messageSubject.substring(0, 998);
        }
        lastMessageAt = max(lastMessageAt, at);
        // nobody is meant to answer spam; unspam() sets the wait when the session leaves spam
        if (waitingSince == null && status != SessionStatus.SPAM) {
            waitingSince = at;
        }
    }

    /** An operator (or bot) answered the client. */
    void answered(Instant at) {
        lastMessageAt = max(lastMessageAt, at);
        lastReplyAt = at;
        waitingSince = null;
        if (firstResponseAt == null) {
            firstResponseAt = at;
        }
    }

    void assign(Long operator, AssignedBy by, Instant at) {
        status = SessionStatus.ASSIGNED;
        operatorId = operator;
        assignedBy = by;
        assignedAt = at;
    }

    void requeue() {
        status = SessionStatus.QUEUED;
        operatorId = null;
        assignedBy = null;
        assignedAt = null;
    }

    /** Blocked: out of the queue and away from its operator, and nobody waits on an answer. */
    void markSpam() {
        status = SessionStatus.SPAM;
        operatorId = null;
        assignedBy = null;
        assignedAt = null;
        waitingSince = null;
    }

    /** Out of spam into the queue; the client waits since their last message unless someone answered after it. */
    void unspam() {
        status = SessionStatus.QUEUED;
        if (lastInboundAt != null && (lastReplyAt == null || lastReplyAt.isBefore(lastInboundAt))) {
            waitingSince = lastInboundAt;
        }
    }

    void moveToLine(Long line) {
        lineId = line;
    }

    void close(Instant at) {
        status = SessionStatus.CLOSED;
        closedAt = at;
        waitingSince = null;
    }

    void reopen(Instant at) {
        status = operatorId == null ? SessionStatus.QUEUED : SessionStatus.ASSIGNED;
        closedAt = null;
        lastMessageAt = max(lastMessageAt, at);
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    public Long getId() {
        return id;
    }

    public Long getLineId() {
        return lineId;
    }

    public Long getClientId() {
        return clientId;
    }

    public Long getAccountId() {
        return accountId;
    }

    public String getExternalChatId() {
        return externalChatId;
    }

    public String getThreadKey() {
        return threadKey;
    }

    public String getSubject() {
        return subject;
    }

    public Instant getLastInboundAt() {
        return lastInboundAt;
    }

    public SessionStatus getStatus() {
        return status;
    }

    public Long getOperatorId() {
        return operatorId;
    }

    public AssignedBy getAssignedBy() {
        return assignedBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getAssignedAt() {
        return assignedAt;
    }

    public Instant getFirstResponseAt() {
        return firstResponseAt;
    }

    public Instant getClosedAt() {
        return closedAt;
    }

    public Instant getLastMessageAt() {
        return lastMessageAt;
    }

    public Instant getLastReplyAt() {
        return lastReplyAt;
    }

    public Instant getWaitingSince() {
        return waitingSince;
    }

    public long getVersion() {
        return version;
    }
}
