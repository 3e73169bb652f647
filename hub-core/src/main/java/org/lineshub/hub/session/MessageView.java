package org.lineshub.hub.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message as the API shows it.
 *
 * @param id                the message
 * @param sessionId         its session
 * @param direction         INBOUND, OUTBOUND, INTERNAL or SYSTEM
 * @param authorUserId      the hub user who wrote it, or {@code null}
 * @param authorName        the author's name
 * @param subject           the subject (email), or {@code null}
 * @param text              the text, or {@code null}
 * @param html              the same content as sanitised HTML, or {@code null}
 * @param extras            channel extras by key; empty when none
 * @param attachments       its files
 * @param externalId        the platform's id, or {@code null}
 * @param replyToExternalId the platform's id of the message it answers, or {@code null}
 * @param deliveryStatus    PENDING, SENT, DELIVERED, READ or FAILED for outbound messages
 * @param deliveryError     why delivery failed (or is being retried), or {@code null}
 * @param attempts          delivery attempts so far
 * @param providerTime      when the platform says it was sent, or {@code null}
 * @param sortTime          its place in the session: the platform's time when it gave one, else when the hub stored
 *                          it
 * @param sortSeq           its place among messages of the same {@code sortTime}: the platform's number of the
 *                          message in its chat (Telegram's {@code message_id}, VK's {@code conversation_message_id}),
 *                          0 when it gives none; a session's order is ({@code sortTime}, {@code sortSeq}, {@code id})
 * @param createdAt         when the hub stored it
 * @param sentAt            when the platform accepted it, or {@code null}
 * @param deliveredAt       when the platform reported it delivered, or {@code null}
 * @param readAt            when the platform reported it read, or {@code null}
 * @param editedAt          when the client last edited it, or {@code null}; earlier versions are in its history
 * @param deletedAt         when the client deleted it, or {@code null}; its text is kept for the operators
 */
public record MessageView(long id, long sessionId, String direction, Long authorUserId, String authorName,
                          String subject, String text, String html, Map<String, String> extras,
                          List<AttachmentView> attachments, String externalId, String replyToExternalId,
                          String deliveryStatus, String deliveryError, int attempts, Instant providerTime,
                          Instant sortTime, long sortSeq, Instant createdAt, Instant sentAt, Instant deliveredAt, Instant readAt,
                          Instant editedAt, Instant deletedAt) {

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
        return of(m, files, Map.of());
    }

    static MessageView of(Message m, List<MessageAttachment> files, Map<String, String> extras) {
        List<AttachmentView> views = files.stream().map(a -> new AttachmentView(a.getId(), a.getKind().name(),
                a.getFileName(), a.getMimeType(), a.getSizeBytes(), a.getWidth(), a.getHeight(),
                "/api/v1/messages/" + m.getId() + "/attachments/" + a.getId())).toList();
        return new MessageView(m.getId(), m.getSessionId(), m.getDirection().name(), m.getAuthorUserId(),
                m.getAuthorName(), m.getSubject(), m.getText(), m.getHtml(), extras, views, m.getExternalId(),
                m.getReplyToExternalId(), m.getDeliveryStatus() == null ? null : m.getDeliveryStatus().name(),
                m.getDeliveryError(), m.getAttempts(), m.getProviderTime(), m.getSortTime(), m.getSortSeq(),
                m.getCreatedAt(), m.getSentAt(), m.getDeliveredAt(), m.getReadAt(), m.getEditedAt(), m.getDeletedAt());
    }
}
