package org.lineshub.plugin.api;

import java.util.Objects;

/**
 * A file or media item of a message. Inbound attachments carry the platform's reference ({@link #externalRef()});
 * the hub asks the plugin for the content when someone opens it. Outbound attachments carry the hub's reference
 * ({@link #localRef()}); the plugin reads them through {@link ChannelContext#openAttachment(Attachment)}.
 *
 * @param kind            what it is
 * @param fileName        the file name, or {@code null}
 * @param mimeType        the media type, or {@code null} when unknown
 * @param size            the size in bytes, or {@code null} when unknown
 * @param externalRef     the platform's reference (e.g. a Telegram {@code file_id}), or {@code null}
 * @param localRef        the hub's reference to stored content, or {@code null}
 * @param width           width in pixels of an image or video, or {@code null}
 * @param height          height in pixels of an image or video, or {@code null}
 * @param durationSeconds length of audio or video in seconds, or {@code null}
 */
public record Attachment(AttachmentKind kind, String fileName, String mimeType, Long size, String externalRef,
                         String localRef, Integer width, Integer height, Integer durationSeconds) {

    /** Checks that the kind is set and that the content can be found somewhere. */
    public Attachment {
        Objects.requireNonNull(kind, "kind");
        if (externalRef == null && localRef == null) {
            throw new IllegalArgumentException("an attachment needs an externalRef or a localRef");
        }
    }

    /**
     * @param kind        what it is
     * @param externalRef the platform's reference
     * @return a builder for a received attachment
     */
    public static Builder external(AttachmentKind kind, String externalRef) {
        return new Builder(kind).externalRef(externalRef);
    }

    /** Builds an {@link Attachment}. */
    public static final class Builder {
        private final AttachmentKind kind;
        private String fileName;
        private String mimeType;
        private Long size;
        private String externalRef;
        private String localRef;
        private Integer width;
        private Integer height;
        private Integer durationSeconds;

        private Builder(AttachmentKind kind) {
            this.kind = kind;
        }

        /** @param v the file name @return this builder */
        public Builder fileName(String v) {
            this.fileName = v;
            return this;
        }

        /** @param v the media type @return this builder */
        public Builder mimeType(String v) {
            this.mimeType = v;
            return this;
        }

        /** @param v the size in bytes @return this builder */
        public Builder size(Long v) {
            this.size = v;
            return this;
        }

        /** @param v the platform's reference @return this builder */
        public Builder externalRef(String v) {
            this.externalRef = v;
            return this;
        }

        /** @param v the hub's reference @return this builder */
        public Builder localRef(String v) {
            this.localRef = v;
            return this;
        }

        /** @param w width in pixels @param h height in pixels @return this builder */
        public Builder dimensions(Integer w, Integer h) {
            this.width = w;
            this.height = h;
            return this;
        }

        /** @param v length in seconds @return this builder */
        public Builder durationSeconds(Integer v) {
            this.durationSeconds = v;
            return this;
        }

        /** @return the attachment */
        public Attachment build() {
            return new Attachment(kind, fileName, mimeType, size, externalRef, localRef, width, height,
                    durationSeconds);
        }
    }
}
