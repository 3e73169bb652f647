package org.lineshub.hub.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.system.InvalidRequestException;

class SlaSettingsTest {

    private static final Map<DayOfWeek, List<SlaSettings.Hours>> MONDAY = Map.of(DayOfWeek.MONDAY,
            List.of(new SlaSettings.Hours("14:00", "24:00"), new SlaSettings.Hours("09:00", "13:00")));

    @Test
    void normalisesValidSettings() {
        SlaSettings sla = new SlaSettings(30, null, SlaClock.WORKING_HOURS, "Europe/Moscow", MONDAY,
                List.of(LocalDate.parse("2025-06-12"), LocalDate.parse("2025-01-01"), LocalDate.parse("2025-06-12")))
                .validated();

        assertThat(sla.week().get(DayOfWeek.MONDAY)).extracting(SlaSettings.Hours::from).containsExactly("09:00", "14:00");
        assertThat(sla.holidays()).containsExactly(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-06-12"));
        assertThat(new SlaSettings(null, 60, null, null, null, null).validated().clock())
                .isEqualTo(SlaClock.AROUND_THE_CLOCK);
    }

    @Test
    void settingsWithoutDeadlinesRemoveTheSla() {
        assertThat(new SlaSettings(null, null, SlaClock.WORKING_HOURS, null, null, null).validated()).isNull();
    }

    @Test
    void namesTheFieldThatIsNotUsable() {
        assertThatThrownBy(() -> new SlaSettings(30, null, SlaClock.WORKING_HOURS, null, MONDAY, null).validated())
                .isInstanceOf(InvalidRequestException.class).extracting("field").isEqualTo("sla.timeZone");
        assertThatThrownBy(() -> new SlaSettings(30, null, SlaClock.WORKING_HOURS, "+03:00", MONDAY, null).validated())
                .as("a fixed offset knows no daylight saving time").extracting("field").isEqualTo("sla.timeZone");
        assertThatThrownBy(() -> new SlaSettings(30, null, SlaClock.WORKING_HOURS, "Mars/Olympus", MONDAY, null)
                .validated()).extracting("field").isEqualTo("sla.timeZone");
        assertThatThrownBy(() -> new SlaSettings(30, null, SlaClock.WORKING_HOURS, "Europe/Moscow", Map.of(), null)
                .validated()).extracting("field").isEqualTo("sla.week");
        assertThatThrownBy(() -> new SlaSettings(30, null, SlaClock.WORKING_HOURS, "Europe/Moscow",
                Map.of(DayOfWeek.FRIDAY, List.of(new SlaSettings.Hours("22:00", "06:00"))), null).validated())
                .extracting("field").isEqualTo("sla.week.FRIDAY");
        assertThatThrownBy(() -> new SlaSettings(30, null, SlaClock.WORKING_HOURS, "Europe/Moscow",
                Map.of(DayOfWeek.FRIDAY, List.of(new SlaSettings.Hours("9am", "18:00"))), null).validated())
                .extracting("field").isEqualTo("sla.week.FRIDAY");
        assertThatThrownBy(() -> new SlaSettings(30, null, SlaClock.WORKING_HOURS, "Europe/Moscow",
                Map.of(DayOfWeek.FRIDAY, List.of(new SlaSettings.Hours("09:00", "13:00"),
                        new SlaSettings.Hours("12:00", "18:00"))), null).validated())
                .extracting("field").isEqualTo("sla.week");
    }

    @Test
    void countsDeadlinesByItsClock() {
        Instant saturdayNoonMoscow = Instant.parse("2025-06-07T09:00:00Z");

        assertThat(new SlaSettings(30, null, null, null, null, null).validated()
                .due(saturdayNoonMoscow, 30)).isEqualTo(Instant.parse("2025-06-07T09:30:00Z"));
        assertThat(new SlaSettings(30, null, SlaClock.WORKING_HOURS, "Europe/Moscow", MONDAY, null).validated()
                .due(saturdayNoonMoscow, 30)).as("Monday 09:30 in Moscow").isEqualTo(Instant.parse("2025-06-09T06:30:00Z"));
        assertThat(new SlaSettings(30, null, null, null, null, null).due(saturdayNoonMoscow, null)).isNull();
    }
}
