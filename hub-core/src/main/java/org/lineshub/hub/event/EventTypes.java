package org.lineshub.hub.event;

/** The event type names, as they appear on the WebSocket and in {@code hub-events:} URIs. */
public final class EventTypes {

    public static final String SESSION_CREATED = "session.created";
    public static final String SESSION_ASSIGNED = "session.assigned";
    public static final String SESSION_TRANSFERRED = "session.transferred";
    public static final String SESSION_CLOSED = "session.closed";
    public static final String SESSION_REOPENED = "session.reopened";
    /** A session moved to spam: its client is blacklisted; it left the queue and its operator. */
    public static final String SESSION_BLOCKED = "session.blocked";
    /** A session left spam for the queue. */
    public static final String SESSION_UNBLOCKED = "session.unblocked";
    public static final String MESSAGE_CREATED = "message.created";
    public static final String MESSAGE_UPDATED = "message.updated";
    public static final String OPERATOR_STATUS = "operator.status";
    public static final String COUNTERS_CHANGED = "counters.changed";
    public static final String SLA_BREACHED = "sla.breached";

    private EventTypes() {
    }
}
