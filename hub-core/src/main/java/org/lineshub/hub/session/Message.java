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

/** One entry in a session: a client message, a reply, an internal comment or a system event. */
@Entity
@Table(name = "message")
public class Message {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "session_id", nullable = false, updatable = false)
    private Long sessionId;

    @Column(name = "account_id", updatable = false)
    private Long accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16, updatable = false)
    private MessageDirection direction;

    @Column(name = "author_user_id", updatable = false)
    private Long authorUserId;

    @Column(name = "author_name", length = 300)
    private String authorName;

    @Column(columnDefinition = "MEDIUMTEXT")
    private String text;

    @Column(name = "external_id", length = 191)
    private String externalId;

    @Column(name = "reply_to_external_id", length = 191)
    private String replyToExternalId;

    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_status", length = 16)
    private DeliveryStatus deliveryStatus;

    @Column(name = "delivery_error", length = 1000)
    private String deliveryError;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "claimed_until")
    private Instant claimedUntil;

    @Column(name = "provider_time")
    private Instant providerTime;

    @Column(name = "sort_time", nullable = false)
    private Instant sortTime;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "raw_payload", columnDefinition = "MEDIUMTEXT", updatable = false)
    private String rawPayload;

    protected Message() {
    }

    private Message(Long sessionId, MessageDirection direction, String text, Instant now) {
        this.sessionId = sessionId;
        this.direction = direction;
        this.text = text;
        this.createdAt = now;
        this.sortTime = now;
    }

    static Message inbound(Long sessionId, Long accountId, String externalId, String text, String authorName,
                           String replyTo, Instant providerTime, String rawPayload, Instant now) {
        Message m = new Message(sessionId, MessageDirection.INBOUND, text, now);
        m.accountId = accountId;
        m.externalId = externalId;
        m.authorName = authorName;
        m.replyToExternalId = replyTo;
        m.providerTime = providerTime;
        m.sortTime = providerTime == null ? now : providerTime;
        m.rawPayload = rawPayload;
        return m;
    }

    static Message outbound(Long sessionId, Long accountId, Long authorUserId, String authorName, String text,
                            String replyTo, Instant now) {
        Message m = new Message(sessionId, MessageDirection.OUTBOUND, text, now);
        m.accountId = accountId;
        m.authorUserId = authorUserId;
        m.authorName = authorName;
        m.replyToExternalId = replyTo;
        m.deliveryStatus = DeliveryStatus.PENDING;
        m.nextAttemptAt = now;
        return m;
    }

    static Message internal(Long sessionId, Long authorUserId, String authorName, String text, Instant now) {
        Message m = new Message(sessionId, MessageDirection.INTERNAL, text, now);
        m.authorUserId = authorUserId;
        m.authorName = authorName;
        return m;
    }

    static Message system(Long sessionId, Long authorUserId, String text, Instant now) {
        Message m = new Message(sessionId, MessageDirection.SYSTEM, text, now);
        m.authorUserId = authorUserId;
        return m;
    }

    public Long getId() {
        return id;
    }

    public Long getSessionId() {
        return sessionId;
    }

    public Long getAccountId() {
        return accountId;
    }

    public MessageDirection getDirection() {
        return direction;
    }

    public Long getAuthorUserId() {
        return authorUserId;
    }

    public String getAuthorName() {
        return authorName;
    }

    public String getText() {
        return text;
    }

    public String getExternalId() {
        return externalId;
    }

    public String getReplyToExternalId() {
        return replyToExternalId;
    }

    public DeliveryStatus getDeliveryStatus() {
        return deliveryStatus;
    }

    public String getDeliveryError() {
        return deliveryError;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant getProviderTime() {
        return providerTime;
    }

    public Instant getSortTime() {
        return sortTime;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }
}
