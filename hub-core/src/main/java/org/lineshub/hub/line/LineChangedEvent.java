package org.lineshub.hub.line;

/**
 * A line's settings or groups changed: routing looks at its queue again.
 *
 * @param lineId the line
 */
public record LineChangedEvent(long lineId) {
}
