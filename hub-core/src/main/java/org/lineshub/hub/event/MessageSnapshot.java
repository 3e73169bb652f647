package org.lineshub.hub.event;

import java.time.Instant;

/**
 * A message as it is after an event.
 *
 * @param id             the message
 * @param sessionId      its session
 * @param direction      INBOUND, OUTBOUND, INTERNAL or SYSTEM
 * @param authorUserId   the hub user who wrote it, or {@code null}
 * @param authorName     the name shown as author, or {@code null}
 * @param text           the text, or {@code null}
 * @param attachments    how many attachments it has
 * @param deliveryStatus PENDING, SENT or FAILED for outbound messages, else {@code null}
 * @param deliveryError  why delivery failed, or {@code null}
 * @param sortTime       its place in the session
 * @param sortSeq        its place among messages of the same {@code sortTime}: the platform's number of the message
 *                       in its chat, 0 when it gives none; a session's order is (sortTime, sortSeq, id)
 */
public record MessageSnapshot(long id, long sessionId, String direction, Long authorUserId, String authorName,
                              String text, int attachments, String deliveryStatus, String deliveryError,
                              Instant sortTime, long sortSeq) {
}
