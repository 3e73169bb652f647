package org.lineshub.hub.session;

import java.time.Instant;
import java.util.List;

/**
 * A message as the API shows it.
 *
 * @param id                the message
 * @param sessionId         its session
 * @param direction         INBOUND, OUTBOUND, INTERNAL or SYSTEM
 * @param authorUserId      the hub user who wrote it, or {@code null}
 * @param authorName        the author's name
 * @param text              the text, or {@code null}
 * @param attachments       its files
 * @param externalId        the platform's id, or {@code null}
 * @param replyToExternalId the platform's id of the message it answers, or {@code null}
 * @param deliveryStatus    PENDING, SENT or FAILED for outbound messages
 * @param deliveryError     why delivery failed (or is being retried), or {@code null}
 * @param attempts          delivery attempts so far
 * @param providerTime      when the platform says it was sent, or {@code null}
 * @param sortTime          its place in the session
 * @param createdAt         when the hub stored it
 * @param sentAt            when the platform accepted it, or {@code null}
 */
public record MessageView(long id, long sessionId, String direction, Long authorUserId, String authorName,
                          String text, List<AttachmentView> attachments, String externalId, String replyToExternalId,
                          String deliveryStatus, String deliveryError, int attempts, Instant providerTime,
                          Instant sortTime, Instant createdAt, Instant sentAt) {

    /**
     * A file of a message.
     *
     * @param id       the attachment
     * @param kind     IMAGE, DOCUMENT, ...
     * @param fileName its file name, or {@code null}
     * @param mimeType its media type, or {@code null}
     * @param size     its size in bytes, or {@code null}
     * @param width    width in pixels, or {@code null}
     * @param height   height in pixels, or {@code null}
     * @param url      where to download it through the hub
     */
    public record AttachmentView(long id, String kind, String fileName, String mimeType, Long size, Integer width,
                                 Integer height, String url) {
    }

    static MessageView of(Message m, List<MessageAttachment> files) {
        List<AttachmentView> views = files.stream().map(a -> new AttachmentView(a.getId(), a.getKind().name(),
                a.getFileName(), a.getMimeType(), a.getSizeBytes(), a.getWidth(), a.getHeight(),
                "/api/v1/messages/" + m.getId() + "/attachments/" + a.getId())).toList();
        return new MessageView(m.getId(), m.getSessionId(), m.getDirection().name(), m.getAuthorUserId(),
                m.getAuthorName(), m.getText(), views, m.getExternalId(), m.getReplyToExternalId(),
                m.getDeliveryStatus() == null ? null : m.getDeliveryStatus().name(), m.getDeliveryError(),
                m.getAttempts(), m.getProviderTime(), m.getSortTime(), m.getCreatedAt(), m.getSentAt());
    }
}
