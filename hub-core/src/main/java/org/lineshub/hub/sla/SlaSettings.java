package org.lineshub.hub.sla;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.lineshub.hub.system.InvalidRequestException;

/**
 * A line's SLA: how long the first answer and the resolution of a session may take, and which time counts.
 *
 * @param firstResponseMinutes the first answer to a client who opened a session is due this long after the
 *                             session started; {@code null} for no deadline
 * @param resolutionMinutes    the session is to be closed this long after it started (or was reopened);
 *                             {@code null} for no deadline
 * @param clock                which time counts: AROUND_THE_CLOCK (default) or WORKING_HOURS
 * @param timeZone             the IANA zone of the working hours and holidays, e.g. {@code Europe/Moscow}; required
 *                             for WORKING_HOURS
 * @param week                 working hours per weekday ({@code MONDAY} ... {@code SUNDAY}), each a list of
 *                             intervals; days left out are days off; required for WORKING_HOURS
 * @param holidays             dates without working time, in the time zone
 */
@Schema(description = "A line's SLA deadlines and the working time they count")
public record SlaSettings(
        @Min(1) @Max(MAX_MINUTES) Integer firstResponseMinutes,
        @Min(1) @Max(MAX_MINUTES) Integer resolutionMinutes,
        SlaClock clock,
        @Size(max = 64) String timeZone,
        Map<DayOfWeek, List<Hours>> week,
        @Size(max = 1000) List<LocalDate> holidays) {

    /** The longest deadline: a year. */
    static final int MAX_MINUTES = 525_600;

    /**
     * One interval of working time.
     *
     * @param from its start, {@code HH:mm}
     * @param to   its end, {@code HH:mm}, {@code 24:00} for the end of the day; after {@code from}
     */
    public record Hours(String from, String to) {
    }

    /** @return whether the settings set any deadline */
    public boolean hasDeadlines() {
        return firstResponseMinutes != null || resolutionMinutes != null;
    }

    /** @return the clock, AROUND_THE_CLOCK when not given */
    public SlaClock effectiveClock() {
        return clock == null ? SlaClock.AROUND_THE_CLOCK : clock;
    }

    /**
     * Checks the settings and returns them in a normal form (the clock named, each day's intervals in order,
     * holidays sorted without repeats); {@code null} when they set no deadline, which removes a line's SLA.
     *
     * @throws InvalidRequestException naming the field ({@code sla.timeZone}, {@code sla.week}, ...) when they are
     *                                 not usable
     */
    public SlaSettings validated() {
        if (!hasDeadlines()) {
            return null;
        }
        SlaClock effective = effectiveClock();
        if (effective == SlaClock.WORKING_HOURS && timeZone == null) {
            throw new InvalidRequestException("sla.timeZone", "working hours need a time zone (an IANA name such as "
                    + "Europe/Moscow)");
        }
        if (timeZone != null) {
            zone();
        }
        Map<DayOfWeek, List<Hours>> normalWeek = new EnumMap<>(DayOfWeek.class);
        if (week != null) {
            week.forEach((day, hours) -> {
                if (day == null) {
                    throw new InvalidRequestException("sla.week", "days are MONDAY ... SUNDAY");
                }
                if (hours != null && !hours.isEmpty()) {
                    // every interval checked before sorting, so a missing one is refused, not a comparison's NPE
                    hours.forEach(h -> interval(day, h));
                    List<Hours> sorted = new ArrayList<>(hours);
                    sorted.sort((a, b) -> Integer.compare(interval(day, a).from(), interval(day, b).from()));
                    normalWeek.put(day, List.copyOf(sorted));
                }
            });
        }
        if (effective == SlaClock.WORKING_HOURS && normalWeek.isEmpty()) {
            throw new InvalidRequestException("sla.week", "working hours need at least one day with working time");
        }
        TreeSet<LocalDate> sortedHolidays = new TreeSet<>();
        for (LocalDate holiday : holidays == null ? List.<LocalDate>of() : holidays) {
            if (holiday == null) {
                throw new InvalidRequestException("sla.holidays", "holidays are dates (YYYY-MM-DD)");
            }
            sortedHolidays.add(holiday);
        }
        List<LocalDate> normalHolidays = List.copyOf(sortedHolidays);
        SlaSettings normal = new SlaSettings(firstResponseMinutes, resolutionMinutes, effective, timeZone,
                normalWeek, normalHolidays);
        if (!normalWeek.isEmpty()) {
            normal.schedule(); // rejects overlapping intervals
        }
        return normal;
    }

    /**
     * @param start   when the clock starts
     * @param minutes the deadline's length, or {@code null}
     * @return the deadline, or {@code null} when there is none
     */
    public Instant due(Instant start, Integer minutes) {
        if (minutes == null) {
            return null;
        }
        Duration length = Duration.ofMinutes(minutes);
        return effectiveClock() == SlaClock.WORKING_HOURS ? schedule().addBusinessTime(start, length)
                : start.plus(length);
    }

    /** @return the working hours as a schedule */
    WorkingHours schedule() {
        Map<DayOfWeek, List<WorkingHours.Interval>> intervals = new EnumMap<>(DayOfWeek.class);
        (week == null ? Map.<DayOfWeek, List<Hours>>of() : week).forEach((day, hours) -> intervals.put(day, hours.stream().map(h -> interval(day, h)).toList()));
        try {
            return new WorkingHours(zone(), intervals, holidays == null ? Set.of() : Set.copyOf(holidays));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("sla.week", e.getMessage());
        }
    }

    private ZoneId zone() {
        // region names only: a fixed offset would ignore the zone's daylight saving time
        if (timeZone == null || !ZoneId.getAvailableZoneIds().contains(timeZone)) {
            throw new InvalidRequestException("sla.timeZone", "time zone " + timeZone + " is not an IANA zone name "
                    + "such as Europe/Moscow");
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new InvalidRequestException("sla.timeZone", "time zone " + timeZone + " is unknown");
        }
    }

    private static WorkingHours.Interval interval(DayOfWeek day, Hours hours) {
        String field = "sla.week." + day;
        if (hours == null || hours.from() == null || hours.to() == null) {
            throw new InvalidRequestException(field, "each interval has a from and a to time (HH:mm)");
        }
        try {
            LocalTime from = LocalTime.parse(hours.from());
            LocalTime to = "24:00".equals(hours.to()) ? null : LocalTime.parse(hours.to());
            return WorkingHours.Interval.of(from, to);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "times are HH:mm, from 00:00 to 24:00");
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, hours.from() + "-" + hours.to() + ": " + e.getMessage()
                    + "; a night shift is two intervals, until 24:00 and from 00:00 the next day");
        }
    }
}
