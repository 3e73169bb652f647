package org.lineshub.hub.event;

import java.time.Instant;

/**
 * A session was created, assigned, transferred, closed or reopened.
 *
 * @param type           one of the {@code session.*} {@link EventTypes}
 * @param at             when
 * @param session        the session after the change
 * @param previousLineId the line before a transfer to another line, or {@code null}
 * @param previousOperatorId the operator before the change, or {@code null}
 * @param actorUserId    who did it, or {@code null} for the hub itself (routing, auto-close, a client message)
 * @param reason         the reason given for a transfer or close, or {@code null}
 */
public record SessionEvent(String type, Instant at, SessionSnapshot session, Long previousLineId,
                           Long previousOperatorId, Long actorUserId, String reason) implements HubEvent {
}
