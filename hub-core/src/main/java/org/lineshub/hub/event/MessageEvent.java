package org.lineshub.hub.event;

import java.time.Instant;

/**
 * A message was created in a session, or its delivery status changed.
 *
 * @param type    {@code message.created} or {@code message.updated}
 * @param at      when
 * @param session the session the message belongs to
 * @param message the message
 */
public record MessageEvent(String type, Instant at, SessionSnapshot session, MessageSnapshot message)
        implements HubEvent {
}
