package org.lineshub.hub.line;

/**
 * One timer setting of a line, read without the line's groups: what routing's timers need.
 *
 * @param lineId the line
 * @param amount the setting's value, in the unit the query names (seconds, hours)
 */
public record LineTimer(long lineId, int amount) {
}
