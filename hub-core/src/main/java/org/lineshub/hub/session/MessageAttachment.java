package org.lineshub.hub.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;

/** A file of a message: metadata only; the content stays on the platform or in the hub's file store. */
@Entity
@Table(name = "message_attachment")
public class MessageAttachment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "message_id", nullable = false, updatable = false)
    private Long messageId;

    @Column(nullable = false)
    private int position;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private AttachmentKind kind;

    @Column(name = "file_name", length = 500)
    private String fileName;

    @Column(name = "mime_type", length = 255)
    private String mimeType;

    @Column(name = "size_bytes")
    private Long sizeBytes;

    @Column(name = "external_ref", length = 1000)
    private String externalRef;

    @Column(name = "local_ref", length = 200)
    private String localRef;

    private Integer width;

    private Integer height;

    @Column(name = "duration_seconds")
    private Integer durationSeconds;

    protected MessageAttachment() {
    }

    MessageAttachment(Long messageId, int position, Attachment a) {
        this.messageId = messageId;
        this.position = position;
        this.kind = a.kind();
        this.fileName = a.fileName() == null || a.fileName().length() <= 500 ? a.fileName()
                : a.fileName().substring(0, 500);
        this.mimeType = a.mimeType();
        this.sizeBytes = a.size();
        this.externalRef = a.externalRef();
        this.localRef = a.localRef();
        this.width = a.width();
        this.height = a.height();
        this.durationSeconds = a.durationSeconds();
    }

    /** @return the attachment as the SPI describes it */
    public Attachment toSpi() {
        return new Attachment(kind, fileName, mimeType, sizeBytes, externalRef, localRef, width, height,
                durationSeconds);
    }

    public Long getId() {
        return id;
    }

    public Long getMessageId() {
        return messageId;
    }

    public int getPosition() {
        return position;
    }

    public AttachmentKind getKind() {
        return kind;
    }

    public String getFileName() {
        return fileName;
    }

    public String getMimeType() {
        return mimeType;
    }

    public Long getSizeBytes() {
        return sizeBytes;
    }

    public String getExternalRef() {
        return externalRef;
    }

    public String getLocalRef() {
        return localRef;
    }

    public Integer getWidth() {
        return width;
    }

    public Integer getHeight() {
        return height;
    }

    public Integer getDurationSeconds() {
        return durationSeconds;
    }
}
