package org.lineshub.hub.event;

import java.time.Instant;

/**
 * A session missed a deadline of its line's SLA: no first answer, or not closed, by the time it was due. Raised once
 * per deadline of a session (a reopened session's new resolution deadline may be breached again), by one node.
 *
 * @param type     {@code sla.breached}
 * @param at       when the hub found the deadline missed (at most one sweep interval after it)
 * @param session  the session as it is now
 * @param deadline FIRST_RESPONSE or RESOLUTION
 * @param dueAt    when it was due
 */
public record SlaBreachedEvent(String type, Instant at, SessionSnapshot session, String deadline, Instant dueAt)
        implements HubEvent {
}
