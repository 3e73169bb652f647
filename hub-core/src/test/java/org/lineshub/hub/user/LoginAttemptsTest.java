package org.lineshub.hub.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.HubProperties;

class LoginAttemptsTest {

    /** A clock the test moves forward. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final TestClock clock = new TestClock();
    private final LoginAttempts attempts = new LoginAttempts(new HubProperties(Path.of("."), null, null, null, null,
            null, null, null, new HubProperties.Security(3, Duration.ofMinutes(10)), null, null), clock);

    @Test
    void locksAUserNameAtOneAddressAfterTooManyFailuresForAWhile() {
        attempts.failed("anna", "10.0.0.1");
        attempts.failed("anna", "10.0.0.1");
        assertThat(attempts.lockedFor("anna", "10.0.0.1")).isZero();

        attempts.failed("Anna", "10.0.0.1");

        assertThat(attempts.lockedFor("anna", "10.0.0.1")).isEqualTo(Duration.ofMinutes(10));
        assertThat(attempts.lockedFor("anna", "10.0.0.2")).as("another address").isZero();
        assertThat(attempts.lockedFor("boris", "10.0.0.1")).as("another user").isZero();
        clock.advance(Duration.ofMinutes(4));
        assertThat(attempts.lockedFor("anna", "10.0.0.1")).isEqualTo(Duration.ofMinutes(6));
        clock.advance(Duration.ofMinutes(7));
        assertThat(attempts.lockedFor("anna", "10.0.0.1")).isZero();
    }

    @Test
    void oldFailuresAndASuccessfulLoginResetTheCount() {
        attempts.failed("vera", "10.0.0.1");
        attempts.failed("vera", "10.0.0.1");
        clock.advance(Duration.ofMinutes(11));
        attempts.failed("vera", "10.0.0.1");
        assertThat(attempts.lockedFor("vera", "10.0.0.1")).isZero();

        attempts.failed("vera", "10.0.0.1");
        attempts.succeeded("vera", "10.0.0.1");
        attempts.failed("vera", "10.0.0.1");
        assertThat(attempts.lockedFor("vera", "10.0.0.1")).isZero();
    }
}
