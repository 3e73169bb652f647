package org.lineshub.hub.event;

import java.time.Instant;

/**
 * An operator went online, away or offline.
 *
 * @param type   {@code operator.status}
 * @param at     when
 * @param userId the operator
 * @param name   the operator's display name
 * @param status ONLINE, AWAY or OFFLINE
 */
public record OperatorStatusEvent(String type, Instant at, long userId, String name, String status)
        implements HubEvent {
}
