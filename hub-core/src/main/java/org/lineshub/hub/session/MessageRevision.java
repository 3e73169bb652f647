package org.lineshub.hub.session;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What a message said before the client edited or deleted it. Written once, never changed. */
@Entity
@Table(name = "message_revision")
public class MessageRevision {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "message_id", nullable = false, updatable = false)
    private Long messageId;

    /** {@code EDITED} or {@code DELETED}: what the change was. */
    @Column(nullable = false, length = 16, updatable = false)
    private String kind;

    @Column(columnDefinition = "MEDIUMTEXT", updatable = false)
    private String text;

    @Column(columnDefinition = "MEDIUMTEXT", updatable = false)
    private String html;

    @Column(name = "changed_at", nullable = false, updatable = false)
    private Instant changedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected MessageRevision() {
    }

    MessageRevision(Message before, String kind, Instant changedAt, Instant now) {
        this.messageId = before.getId();
        this.kind = kind;
        this.text = before.getText();
        this.html = before.getHtml();
        this.changedAt = changedAt;
        this.createdAt = now;
    }

    public Long getId() {
        return id;
    }

    public Long getMessageId() {
        return messageId;
    }

    public String getKind() {
        return kind;
    }

    public String getText() {
        return text;
    }

    public String getHtml() {
        return html;
    }

    public Instant getChangedAt() {
        return changedAt;
    }
}
