package org.lineshub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleFromTheInitialOneUpToTheMaximum() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofMinutes(5);
        assertThat(Backoff.exponential(1, initial, max)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.exponential(2, initial, max)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.exponential(5, initial, max)).isEqualTo(Duration.ofSeconds(16));
        assertThat(Backoff.exponential(9, initial, max)).isEqualTo(Duration.ofMinutes(4).plusSeconds(16));
        assertThat(Backoff.exponential(10, initial, max)).isEqualTo(max);
        assertThat(Backoff.exponential(1000, initial, max)).as("no overflow").isEqualTo(max);
    }
}
