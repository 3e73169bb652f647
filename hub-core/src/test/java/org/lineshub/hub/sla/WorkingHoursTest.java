package org.lineshub.hub.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Working-time arithmetic in Berlin (CET/CEST); 2025-06-06 is a Friday. */
class WorkingHoursTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final WorkingHours OFFICE = weekdays(List.of(hours("09:00", "18:00")), Set.of());

    @Test
    void countsWithinOneWorkingDay() {
        assertThat(OFFICE.addBusinessTime(berlin("2025-06-03T10:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2025-06-03T12:00"));
    }

    @Test
    void carriesOverNightToTheNextMorning() {
        assertThat(OFFICE.addBusinessTime(berlin("2025-06-03T17:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2025-06-04T10:00"));
    }

    @Test
    void skipsTheWeekend() {
        assertThat(OFFICE.addBusinessTime(berlin("2025-06-06T17:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2025-06-09T10:00"));
    }

    @Test
    void skipsHolidays() {
        WorkingHours withHoliday = weekdays(List.of(hours("09:00", "18:00")), Set.of(LocalDate.parse("2025-06-09")));

        assertThat(withHoliday.addBusinessTime(berlin("2025-06-06T17:00"), Duration.ofHours(2)))
                .as("Monday is a holiday").isEqualTo(berlin("2025-06-10T10:00"));
        assertThat(withHoliday.addBusinessTime(berlin("2025-06-09T11:00"), Duration.ofMinutes(30)))
                .as("starting on the holiday").isEqualTo(berlin("2025-06-10T09:30"));
    }

    @Test
    void startsCountingAtTheNextWorkingMomentWhenStartedOutsideHours() {
        assertThat(OFFICE.addBusinessTime(berlin("2025-06-03T07:15"), Duration.ofHours(1)))
                .as("before opening").isEqualTo(berlin("2025-06-03T10:00"));
        assertThat(OFFICE.addBusinessTime(berlin("2025-06-03T20:00"), Duration.ofHours(1)))
                .as("after closing").isEqualTo(berlin("2025-06-04T10:00"));
        assertThat(OFFICE.addBusinessTime(berlin("2025-06-07T12:00"), Duration.ofHours(1)))
                .as("on Saturday").isEqualTo(berlin("2025-06-09T10:00"));
        assertThat(OFFICE.addBusinessTime(berlin("2025-06-03T18:00"), Duration.ofMinutes(1)))
                .as("right at closing").isEqualTo(berlin("2025-06-04T09:01"));
    }

    @Test
    void skipsBreaksBetweenIntervalsOfADay() {
        WorkingHours withLunch = weekdays(List.of(hours("14:00", "18:00"), hours("09:00", "13:00")), Set.of());

        assertThat(withLunch.addBusinessTime(berlin("2025-06-03T12:30"), Duration.ofHours(1)))
                .isEqualTo(berlin("2025-06-03T14:30"));
        assertThat(withLunch.addBusinessTime(berlin("2025-06-03T13:20"), Duration.ofMinutes(10)))
                .as("started in the break").isEqualTo(berlin("2025-06-03T14:10"));
    }

    @Test
    void endsExactlyAtClosingWhenTheTimeFitsTheDay() {
        assertThat(OFFICE.addBusinessTime(berlin("2025-06-02T09:00"), Duration.ofHours(45)))
                .as("a whole working week").isEqualTo(berlin("2025-06-06T18:00"));
    }

    @Test
    void keepsLocalHoursAcrossTheSpringDaylightSavingChange() {
        WorkingHours everyDay = everyDay(List.of(hours("09:00", "18:00")));

        // Saturday 17:00 CET (16:00 UTC); the clocks go forward on Sunday night; Sunday 10:00 is CEST
        assertThat(everyDay.addBusinessTime(berlin("2025-03-29T17:00"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2025-03-30T08:00:00Z"));
    }

    @Test
    void keepsLocalHoursAcrossTheAutumnDaylightSavingChange() {
        WorkingHours everyDay = everyDay(List.of(hours("09:00", "18:00")));

        assertThat(everyDay.addBusinessTime(berlin("2025-10-25T17:00"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2025-10-26T09:00:00Z"));
    }

    @Test
    void countsTheRealLengthOfADayWithADaylightSavingChange() {
        WorkingHours allDay = everyDay(List.of(new WorkingHours.Interval(0, WorkingHours.DAY)));

        // 2025-03-30 has 23 hours in Berlin, 2025-10-26 has 25
        assertThat(allDay.addBusinessTime(berlin("2025-03-30T00:00"), Duration.ofHours(24)))
                .isEqualTo(berlin("2025-03-31T01:00"));
        assertThat(allDay.addBusinessTime(berlin("2025-10-26T00:00"), Duration.ofHours(24)))
                .isEqualTo(berlin("2025-10-26T23:00"));
    }

    @Test
    void countsAnIntervalUntilMidnight() {
        WorkingHours evenings = weekdays(List.of(hours("18:00", null)), Set.of());

        assertThat(evenings.addBusinessTime(berlin("2025-06-03T23:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2025-06-04T19:00"));
    }

    @Test
    void addsNothingForZero() {
        assertThat(OFFICE.addBusinessTime(berlin("2025-06-07T12:00"), Duration.ZERO))
                .isEqualTo(berlin("2025-06-07T12:00"));
        assertThatThrownBy(() -> OFFICE.addBusinessTime(berlin("2025-06-07T12:00"), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesSchedulesWithoutWorkingTimeOrWithOverlaps() {
        assertThatThrownBy(() -> new WorkingHours(BERLIN, Map.of(), Set.of()))
                .hasMessageContaining("at least one day");
        assertThatThrownBy(() -> weekdays(List.of(hours("09:00", "13:00"), hours("12:00", "18:00")), Set.of()))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> hours("18:00", "09:00")).isInstanceOf(IllegalArgumentException.class);
    }

    private static WorkingHours weekdays(List<WorkingHours.Interval> day, Set<LocalDate> holidays) {
        Map<DayOfWeek, List<WorkingHours.Interval>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.put(d, day);
        }
        return new WorkingHours(BERLIN, week, holidays);
    }

    private static WorkingHours everyDay(List<WorkingHours.Interval> day) {
        Map<DayOfWeek, List<WorkingHours.Interval>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            week.put(d, day);
        }
        return new WorkingHours(BERLIN, week, Set.of());
    }

    private static WorkingHours.Interval hours(String from, String to) {
        return WorkingHours.Interval.of(LocalTime.parse(from), to == null ? null : LocalTime.parse(to));
    }

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }
}
