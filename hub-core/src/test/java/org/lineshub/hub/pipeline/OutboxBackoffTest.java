package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class OutboxBackoffTest {

    @Test
    void waitsDoubleFromTheInitialOneUpToTheMaximum() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofMinutes(5);
        assertThat(OutboxDispatcher.backoff(1, initial, max)).isEqualTo(Duration.ofSeconds(1));
        assertThat(OutboxDispatcher.backoff(2, initial, max)).isEqualTo(Duration.ofSeconds(2));
        assertThat(OutboxDispatcher.backoff(5, initial, max)).isEqualTo(Duration.ofSeconds(16));
        assertThat(OutboxDispatcher.backoff(9, initial, max)).isEqualTo(Duration.ofMinutes(4).plusSeconds(16));
        assertThat(OutboxDispatcher.backoff(10, initial, max)).isEqualTo(max);
        assertThat(OutboxDispatcher.backoff(1000, initial, max)).as("no overflow").isEqualTo(max);
    }
}
