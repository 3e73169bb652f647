package org.lineshub.hub.session;

import java.time.Duration;
import java.time.Instant;

/**
 * Makes what a platform reports about the messages the hub sent (its answer to a send, delivery receipts) fit the
 * hub's columns, so that recording a message the platform accepted never fails on the platform's values: times no
 * clock shows are dropped, over-long strings cut. (What clients send is fitted by {@link InboundLimits}.)
 */
public final class PlatformValues {

    /** The earliest time a platform may report: before it, the value is a mistake (0, or seconds taken as days). */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** How far ahead of the hub's clock a platform's clock may run. */
    static final Duration LATEST_AHEAD = Duration.ofDays(1);

    private PlatformValues() {
    }

    /**
     * @param time a time the platform reported, or {@code null}
     * @param now  the hub's clock
     * @return the time, or {@code null} when it is before 2000 or more than a day ahead of {@code now}
     */
    public static Instant plausibleTime(Instant time, Instant now) {
        if (time == null || time.isBefore(EARLIEST) || time.isAfter(now.plus(LATEST_AHEAD))) {
            return null;
        }
        return time;
    }

    /**
     * @param value a string the platform sent, or {@code null}
     * @param max   the column's length, in characters ({@code VARCHAR(n)} of utf8mb4 holds n code points)
     * @return the value, cut to {@code max} characters; a pair of surrogates is never split
     */
    public static String cut(String value, int max) {
        if (value == null || value.length() <= max || value.codePointCount(0, value.length()) <= max) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, max));
    }
}
