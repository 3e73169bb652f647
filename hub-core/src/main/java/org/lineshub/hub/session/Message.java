package org.lineshub.hub.session;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.lineshub.hub.system.Jdbc;
import org.lineshub.plugin.api.InboundMessage;

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

    @Column(length = 998)
    private String subject;

    @Column(columnDefinition = "MEDIUMTEXT")
    private String text;

    @Column(columnDefinition = "MEDIUMTEXT")
    private String html;

    /** Channel extras of an inbound message, a JSON object of strings. */
    @Column(columnDefinition = "TEXT", updatable = false)
    private String extras;

    /** A template or buttons of an outbound message, a JSON object ({@link OutboundOptions}). */
    @Column(name = "outbound_options", columnDefinition = "TEXT", updatable = false)
    private String outboundOptions;

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

    /** Leading parts of a reply sent in parts that the platform accepted on earlier attempts. */
    @Column(name = "parts_sent", nullable = false)
    private int partsSent;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "claimed_until")
    private Instant claimedUntil;

    /** The sender holding the claim; only it records the outcome. */
    @Column(name = "claimed_by", length = 64)
    private String claimedBy;

    @Column(name = "provider_time")
    private Instant providerTime;

    @Column(name = "sort_time", nullable = false)
    private Instant sortTime;

    /**
     * The platform's number of an inbound message within its chat ({@link InboundMessage#sequence()}), which orders
     * messages of the same {@link #sortTime} (platforms give whole seconds); 0 when it gave none and for every other
     * kind of message. A session's order is (sort time, sort sequence, id).
     */
    @Column(name = "sort_seq", nullable = false, updatable = false)
    private long sortSeq;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "read_at")
    private Instant readAt;

    @Column(name = "edited_at")
    private Instant editedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

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

    static Message inbound(Long sessionId, Long accountId, InboundMessage in, String extrasJson, String authorName,
                           Instant now) {
        Message m = new Message(sessionId, MessageDirection.INBOUND, in.text(), now);
        m.accountId = accountId;
        m.externalId = in.externalMessageId();
        m.authorName = authorName;
        m.subject = in.subject() == null || in.subject().length() <= 998 ? in.subject()
                : in.subject().substring(0, 998);
        m.html = in.html();
        m.extras = extrasJson;
        m.replyToExternalId = in.replyToExternalId();
        m.providerTime = in.providerTime();
        m.sortTime = in.providerTime() == null ? now : in.providerTime();
        m.sortSeq = in.sequence() == null ? 0 : in.sequence();
        m.rawPayload = in.rawPayload();
        return m;
    }

    /**
     * Adds the values of an inbound message's row, in the order of {@link SessionWriter}'s insert: session, account,
     * direction, author name, subject, text, HTML, extras, external id, reply-to id, provider time, sort time, sort
     * sequence, created, raw payload, attempts.
     */
    void inboundRow(List<Object> values) {
        values.add(sessionId);
        values.add(accountId);
        values.add(direction.name());
        values.add(authorName);
        values.add(subject);
        values.add(text);
        values.add(html);
        values.add(extras);
        values.add(externalId);
        values.add(replyToExternalId);
        values.add(Jdbc.utc(providerTime));
        values.add(Jdbc.utc(sortTime));
        values.add(sortSeq);
        values.add(Jdbc.utc(createdAt));
        values.add(rawPayload);
        values.add(attempts);
    }

    /** The id the database gave the row {@link #inboundRow} made. */
    void inserted(long newId) {
        this.id = newId;
    }

    static Message outbound(Long sessionId, Long accountId, Long authorUserId, String authorName, String text,
                            String outboundOptions, Instant now) {
        Message m = new Message(sessionId, MessageDirection.OUTBOUND, text, now);
        m.accountId = accountId;
        m.authorUserId = authorUserId;
        m.authorName = authorName;
        m.outboundOptions = outboundOptions;
        m.deliveryStatus = DeliveryStatus.PENDING;
        m.nextAttemptAt = now;
        return m;
    }

    /**
     * The client changed the message: the caller keeps the previous content as a {@link MessageRevision} first.
     *
     * @return whether anything changed (the same edit reported twice changes nothing)
     */
    boolean edit(String newText, String newHtml, Instant at) {
        if (java.util.Objects.equals(text, newText) && java.util.Objects.equals(html, newHtml)) {
            return false;
        }
        text = newText;
        html = newHtml;
        editedAt = at;
        return true;
    }

    /**
     * Applies the platform's receipt for this outbound message. Delivery only moves forward (sent, delivered, read);
     * a failure after the platform accepted the message is recorded unless the client already got it.
     *
     * @return whether anything changed
     */
    boolean receipt(DeliveryStatus reported, Instant at, String error) {
        // only a message the platform accepted has the external id a receipt names
        if (direction != MessageDirection.OUTBOUND || deliveryStatus == null || deliveryStatus == DeliveryStatus.PENDING
                || deliveryStatus == DeliveryStatus.FAILED) {
            return false;
        }
        if (reported == DeliveryStatus.FAILED) {
            if (deliveryStatus != DeliveryStatus.SENT) {
                return false;
            }
            deliveryStatus = DeliveryStatus.FAILED;
            deliveryError = error == null ? "the platform reports the message failed"
                    : error.length() <= 1000 ? error : error.substring(0, 997) + "...";
            return true;
        }
        if (reported.ordinal() <= deliveryStatus.ordinal()) {
            return false;
        }
        if (deliveredAt == null) {
            deliveredAt = at;
        }
        if (reported == DeliveryStatus.READ) {
            readAt = at;
        }
        deliveryStatus = reported;
        return true;
    }

    /** @return whether the message was not deleted before */
    boolean markDeleted(Instant at) {
        if (deletedAt != null) {
            return false;
        }
        deletedAt = at;
        return true;
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

    public String getSubject() {
        return subject;
    }

    public String getHtml() {
        return html;
    }

    public String getExtras() {
        return extras;
    }

    public String getOutboundOptions() {
        return outboundOptions;
    }

    public Instant getDeliveredAt() {
        return deliveredAt;
    }

    public Instant getReadAt() {
        return readAt;
    }

    public Instant getEditedAt() {
        return editedAt;
    }

    public Instant getDeletedAt() {
        return deletedAt;
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

    public int getPartsSent() {
        return partsSent;
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

    public long getSortSeq() {
        return sortSeq;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }
}
