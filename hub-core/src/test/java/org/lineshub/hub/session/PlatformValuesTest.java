package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PlatformValuesTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void keepsTimesAClockCouldShowAndDropsTheOthers() {
        assertThat(PlatformValues.plausibleTime(NOW.minusSeconds(5), NOW)).isEqualTo(NOW.minusSeconds(5));
        assertThat(PlatformValues.plausibleTime(NOW.plus(Duration.ofHours(23)), NOW)).isNotNull();
        assertThat(PlatformValues.plausibleTime(Instant.ofEpochSecond(100_000_000_000_000L), NOW)).isNull();
        assertThat(PlatformValues.plausibleTime(NOW.plus(Duration.ofDays(2)), NOW)).isNull();
        assertThat(PlatformValues.plausibleTime(Instant.EPOCH, NOW)).as("a date of 0").isNull();
        assertThat(PlatformValues.plausibleTime(null, NOW)).isNull();
    }

    @Test
    void cutsToCharactersOfTheColumnNeverInsideASurrogatePair() {
        assertThat(PlatformValues.cut("abcdef", 4)).isEqualTo("abcd");
        assertThat(PlatformValues.cut("abc", 4)).isEqualTo("abc");
        assertThat(PlatformValues.cut("ab\uD83D\uDE00cd", 3)).isEqualTo("ab\uD83D\uDE00");
        assertThat(PlatformValues.cut("\uD83D\uDE00\uD83D\uDE00", 2)).as("two characters in four units")
                .isEqualTo("\uD83D\uDE00\uD83D\uDE00");
        assertThat(PlatformValues.cut(null, 4)).isNull();
    }
}
