package org.lineshub.hub.event;

import java.time.Instant;

/**
 * Something that happened in the hub, published after the change committed. Every feature subscribes through
 * {@link HubEventListener}; routes in {@code routes/} through the {@code hub-events:} Camel endpoint; operators'
 * browsers through the WebSocket. Events describe the state after the change.
 */
public sealed interface HubEvent permits SessionEvent, MessageEvent, OperatorStatusEvent,
        SlaBreachedEvent {

    /** @return the event type, e.g. {@code session.created}; see {@link EventTypes} */
    String type();

    /** @return when it happened */
    Instant at();
}
