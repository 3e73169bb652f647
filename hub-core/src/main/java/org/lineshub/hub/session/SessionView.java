package org.lineshub.hub.session;

import java.time.Instant;

/**
 * A session as the API shows it.
 *
 * @param id              the session
 * @param lineId          its line
 * @param accountId       the channel account
 * @param channelType     the account's channel type
 * @param clientId        the client
 * @param clientName      the client's name
 * @param status          QUEUED, ASSIGNED, CLOSED or SPAM
 * @param operatorId      the operator, or {@code null}
 * @param operatorName    the operator's name, or {@code null}
 * @param createdAt       when the client (or an operator) started it
 * @param assignedAt      when it was last assigned, or {@code null}
 * @param firstResponseAt when it was first answered, or {@code null}
 * @param closedAt        when it was closed, or {@code null}
 * @param lastMessageAt   time of its last message
 * @param lastReplyAt     time of the last answer, or {@code null}
 * @param waitingSince    since when the client waits for an answer, or {@code null}
 * @param unread          messages the caller has not read
 * @param sla             the session's SLA deadlines; its fields are absent when the line has no SLA
 */
public record SessionView(long id, long lineId, long accountId, String channelType, long clientId, String clientName,
                          String status, Long operatorId, String operatorName, Instant createdAt, Instant assignedAt,
                          Instant firstResponseAt, Instant closedAt, Instant lastMessageAt, Instant lastReplyAt,
                          Instant waitingSince, long unread, Sla sla) {

    /**
     * A session's SLA deadlines, stored when it started, was reopened or moved to another line.
     *
     * @param startedAt             when its clock started: creation or the last reopening; {@code null} when its
     *                              line had no SLA then
     * @param firstResponseDueAt    the first answer is due by then, or {@code null}
     * @param resolutionDueAt       it is to be closed by then, or {@code null}
     * @param firstResponseBreached whether the first-response deadline passed without an answer
     * @param resolutionBreached    whether the resolution deadline passed with the session open
     * @param slaBreached           whether either deadline was breached
     */
    public record Sla(Instant startedAt, Instant firstResponseDueAt, Instant resolutionDueAt,
                      boolean firstResponseBreached, boolean resolutionBreached, boolean slaBreached) {
    }

    SessionView withUnread(long count) {
        return new SessionView(id, lineId, accountId, channelType, clientId, clientName, status, operatorId,
                operatorName, createdAt, assignedAt, firstResponseAt, closedAt, lastMessageAt, lastReplyAt,
                waitingSince, count, sla);
    }
}
