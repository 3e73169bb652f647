package org.lineshub.hub.event;

import java.time.Instant;

/**
 * A session as it is after an event: what subscribers need to show it and to decide who may see it.
 *
 * @param id             the session
 * @param lineId         its line
 * @param accountId      the channel account
 * @param channelType    the channel type of the account
 * @param clientId       the client
 * @param clientName     the client's display name
 * @param status         QUEUED, ASSIGNED, CLOSED or SPAM
 * @param operatorId     the operator, or {@code null}
 * @param createdAt      when it was created
 * @param lastMessageAt  time of the last message
 * @param waitingSince   since when the client waits for an answer, or {@code null}
 */
public record SessionSnapshot(long id, long lineId, long accountId, String channelType, long clientId,
                              String clientName, String status, Long operatorId, Instant createdAt,
                              Instant lastMessageAt, Instant waitingSince) {
}
