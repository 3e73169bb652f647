package org.lineshub.hub.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A weekly schedule of working time in a time zone, with holidays: which stretches of time count towards an SLA
 * deadline. Pure arithmetic on instants, so the same schedule gives the same deadline on every node. Local times
 * are read in the zone of the schedule on each date, so a working day keeps its local hours across a DST change;
 * a local time the change skips counts from the first valid instant after it.
 */
public final class WorkingHours {

    /** Minutes of a whole day: an interval may end at 24:00. */
    static final int DAY = 24 * 60;

    /**
     * One stretch of working time within a day.
     *
     * @param from start, in minutes after midnight (inclusive)
     * @param to   end, in minutes after midnight (exclusive), at most {@value #DAY} (24:00)
     */
    public record Interval(int from, int to) {

        /** @throws IllegalArgumentException when it does not lie within one day or is empty */
        public Interval {
            if (from < 0 || to > DAY || from >= to) {
                throw new IllegalArgumentException("an interval starts before it ends, within one day (00:00-24:00)");
            }
        }

        /** @return the interval between two local times; {@code to} {@code null} means 24:00 */
        public static Interval of(LocalTime from, LocalTime to) {
            return new Interval(from.toSecondOfDay() / 60, to == null ? DAY : to.toSecondOfDay() / 60);
        }
    }

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Interval>> week = new EnumMap<>(DayOfWeek.class);
    private final Set<LocalDate> holidays;

    /**
     * @param zone     the zone the schedule's local times and dates are in
     * @param week     working intervals per weekday; days without any are days off
     * @param holidays dates with no working time at all
     * @throws IllegalArgumentException when no day has working time, or a day's intervals overlap
     */
    public WorkingHours(ZoneId zone, Map<DayOfWeek, List<Interval>> week, Set<LocalDate> holidays) {
        this.zone = zone;
        this.holidays = Set.copyOf(holidays);
        week.forEach((day, intervals) -> {
            List<Interval> sorted = new ArrayList<>(intervals);
            sorted.sort(Comparator.comparingInt(Interval::from));
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).from() < sorted.get(i - 1).to()) {
                    throw new IllegalArgumentException("the working hours of " + day + " overlap");
                }
            }
            if (!sorted.isEmpty()) {
                this.week.put(day, List.copyOf(sorted));
            }
        });
        if (this.week.isEmpty()) {
            throw new IllegalArgumentException("working hours need at least one day with working time");
        }
    }

    /**
     * The instant at which {@code amount} of working time has passed since {@code start}. Time outside the
     * schedule, on days off and on holidays does not count; a start outside working time counts from the next
     * working moment.
     *
     * @param start  when the clock starts
     * @param amount working time to add, zero or more
     * @return when that much working time has passed; {@code start} itself for zero
     */
    public Instant addBusinessTime(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        if (amount.isZero()) {
            return start;
        }
        Duration left = amount;
        // a schedule has working time every week, and holidays are finite, so the walk ends
        for (LocalDate date = start.atZone(zone).toLocalDate(); ; date = date.plusDays(1)) {
            if (holidays.contains(date)) {
                continue;
            }
            for (Interval interval : week.getOrDefault(date.getDayOfWeek(), List.of())) {
                Instant from = at(date, interval.from());
                Instant to = at(date, interval.to());
                if (!to.isAfter(start)) {
                    continue;
                }
                Instant counted = from.isBefore(start) ? start : from;
                Duration available = Duration.between(counted, to);
                if (left.compareTo(available) <= 0) {
                    return counted.plus(left);
                }
                left = left.minus(available);
            }
        }
    }

    /** The instant of a local time on a date in the schedule's zone; 24:00 is the next day's start. */
    private Instant at(LocalDate date, int minute) {
        if (minute == DAY) {
            return date.plusDays(1).atStartOfDay(zone).toInstant();
        }
        return ZonedDateTime.of(date, LocalTime.ofSecondOfDay(minute * 60L), zone).toInstant();
    }
}
