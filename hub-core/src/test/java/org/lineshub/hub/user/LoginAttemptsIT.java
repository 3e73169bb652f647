package org.lineshub.hub.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The login throttle's counting rules, on the hub's database: each instance is a fresh component (as after a restart,
 * or on another node) that finds the counters another instance left.
 */
class LoginAttemptsIT extends HubIT {

    /** A clock the test moves forward. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

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

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private UserRepository users;

    @Test
    void locksAUserAtOneAddressAfterTooManyFailuresForAWhile() {
        String anna = "anna" + Fixtures.unique();
        String boris = "boris" + Fixtures.unique();
        attempts().failed(anna, "127.0.0.11");
        attempts().failed(anna, "127.0.0.11");
        assertThat(attempts().lockedFor(anna, "127.0.0.11")).isZero();

        attempts().failed(anna.toUpperCase(), "127.0.0.11");

        assertThat(attempts().lockedFor(anna, "127.0.0.11")).isEqualTo(Duration.ofMinutes(10));
        assertThat(attempts().lockedFor(" " + anna + " ", "127.0.0.11")).isEqualTo(Duration.ofMinutes(10));
        assertThat(attempts().lockedFor(anna, "127.0.0.12")).as("another address").isZero();
        assertThat(attempts().lockedFor(boris, "127.0.0.11")).as("another user").isZero();
        clock.advance(Duration.ofMinutes(4));
        assertThat(attempts().lockedFor(anna, "127.0.0.11")).isEqualTo(Duration.ofMinutes(6));
        clock.advance(Duration.ofMinutes(7));
        assertThat(attempts().lockedFor(anna, "127.0.0.11")).isZero();
    }

    @Test
    void oldFailuresAndASuccessfulLoginResetTheCount() {
        Fixtures.User vera = fixtures().user("Vera");
        attempts().failed(vera.username(), "127.0.0.13");
        attempts().failed(vera.username(), "127.0.0.13");
        clock.advance(Duration.ofMinutes(11));
        attempts().failed(vera.username(), "127.0.0.13");
        assertThat(attempts().lockedFor(vera.username(), "127.0.0.13")).isZero();

        attempts().failed(vera.username(), "127.0.0.13");
        attempts().succeeded(vera.id(), "127.0.0.13");
        attempts().failed(vera.username(), "127.0.0.13");
        assertThat(attempts().lockedFor(vera.username(), "127.0.0.13")).isZero();
    }

    @Test
    void failuresCountAgainstTheUserTheNameFindsWhateverItsSpelling() {
        Fixtures.User olga = fixtures().user("Olga");
        String name = olga.username();

        attempts().failed(name + " ", "127.0.0.14");
        attempts().failed(name.replaceFirst("o", "\u00f3"), "127.0.0.14");
        attempts().failed(name.toUpperCase(), "127.0.0.14");

        assertThat(attempts().lockedFor(name, "127.0.0.14")).isEqualTo(Duration.ofMinutes(10));
    }

    /** @return a new throttle on the hub's database: 3 failures lock for 10 minutes */
    private LoginAttempts attempts() {
        return new LoginAttempts(jdbc, users, new HubProperties(Path.of("."), null, null, null, null,
                null, null, null, new HubProperties.Security(3, Duration.ofMinutes(10)), null, null, null, null), clock);
    }
}
