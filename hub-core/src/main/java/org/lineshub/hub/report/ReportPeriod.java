package org.lineshub.hub.report;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;

import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.Jdbc;

/**
 * The time a report covers: from (included) to (excluded), and the time zone its days and hours are read in.
 *
 * @param from the first instant covered
 * @param to   the first instant no longer covered
 * @param zone where days and hours of the day are
 */
record ReportPeriod(Instant from, Instant to, ZoneId zone) {

    /** A report reads at most this long a period, so that one request cannot scan a line's whole history at once. */
    static final Duration LONGEST = Duration.ofDays(367);

    /**
     * Reads the request's values: {@code from} and {@code to} are days ({@code 2025-03-01}, both included, their
     * midnights taken in the zone) or instants ({@code 2025-03-01T09:00:00Z}, {@code to} excluded).
     *
     * @param from a day or an instant
     * @param to   a day or an instant
     * @param zone an IANA time zone, or {@code null} for UTC
     * @return the period
     * @throws InvalidRequestException naming the value that is missing or wrong
     */
    static ReportPeriod parse(String from, String to, String zone) {
        ZoneId zoneId = zone(zone);
        Instant start = instant("from", from, zoneId, false);
        Instant end = instant("to", to, zoneId, true);
        if (!end.isAfter(start)) {
            throw new InvalidRequestException("to", "to must be after from");
        }
        if (Duration.between(start, end).compareTo(LONGEST) > 0) {
            throw new InvalidRequestException("to", "a report covers at most 366 days");
        }
        return new ReportPeriod(start, end, zoneId);
    }

    private static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new InvalidRequestException("zone", "zone must be a time zone such as Europe/Moscow or UTC");
        }
    }

    private static Instant instant(String field, String value, ZoneId zone, boolean end) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, field + " is required: a day such as 2025-03-01 or an instant"
                    + " such as 2025-03-01T09:00:00Z");
        }
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                // a day named as the end is included: the period runs to the next midnight
                return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, field + " must be a day such as 2025-03-01 or an instant such"
                    + " as 2025-03-01T09:00:00Z");
        }
    }

    /** @return the start as the database stores times (UTC wall time) */
    LocalDateTime fromUtc() {
        return Jdbc.utc(from);
    }

    /** @return the end as the database stores times (UTC wall time) */
    LocalDateTime toUtc() {
        return Jdbc.utc(to);
    }

    /**
     * The zone's offsets within the period, so that SQL can turn UTC times into local ones without the database's
     * time zone tables (which an embedded or minimal MariaDB lacks): offset i holds before change i, the last one
     * after every change.
     *
     * @param changes     the UTC instants at which the offset changes, in order
     * @param offsetsSeconds one more offset than changes, in seconds east of UTC
     */
    record Offsets(List<LocalDateTime> changes, List<Integer> offsetsSeconds) {
    }

    /** @return the zone's offsets over the period */
    Offsets offsets() {
        List<LocalDateTime> changes = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        offsets.add(zone.getRules().getOffset(from).getTotalSeconds());
        ZoneOffsetTransition t = zone.getRules().nextTransition(from);
        while (t != null && t.getInstant().isBefore(to)) {
            changes.add(Jdbc.utc(t.getInstant()));
            offsets.add(t.getOffsetAfter().getTotalSeconds());
            t = zone.getRules().nextTransition(t.getInstant());
        }
        return new Offsets(changes, offsets);
    }
}
