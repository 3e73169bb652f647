package org.lineshub.hub.webhook;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lineshub.hub.event.EventTypes;

/**
 * The events a webhook subscription may ask for, and what the queue needs to know of an event's fields: its session
 * (deliveries of one session go out in order) and its lines (for a subscription's line filter). Fields are read from
 * the event as a map, the same map routes get, so a new event type about a session needs no change here.
 */
final class WebhookEvents {

    /** Every type a subscription may name, in the order the admin screen lists them. */
    static final List<String> TYPES = List.of(EventTypes.SESSION_CREATED, EventTypes.SESSION_ASSIGNED,
            EventTypes.SESSION_TRANSFERRED, EventTypes.SESSION_CLOSED, EventTypes.MESSAGE_CREATED,
            EventTypes.SLA_BREACHED);

    private WebhookEvents() {
    }

    /**
     * @param data the event's fields, as in the webhook's {@code data}
     * @return the session it is about, or {@code null}
     */
    static Long sessionId(Map<String, Object> data) {
        Object session = data.get("session");
        if (session instanceof Map<?, ?> s && s.get("id") instanceof Number id) {
            return id.longValue();
        }
        return data.get("sessionId") instanceof Number id ? id.longValue() : null;
    }

    /**
     * @param data the event's fields
     * @return the lines the event concerns: the session's line and, after a transfer, the line it came from
     */
    static Set<Long> lineIds(Map<String, Object> data) {
        Set<Long> lines = new LinkedHashSet<>();
        Object session = data.get("session");
        if (session instanceof Map<?, ?> s && s.get("lineId") instanceof Number line) {
            lines.add(line.longValue());
        }
        for (String field : List.of("lineId", "previousLineId")) {
            if (data.get(field) instanceof Number line) {
                lines.add(line.longValue());
            }
        }
        return lines;
    }
}
