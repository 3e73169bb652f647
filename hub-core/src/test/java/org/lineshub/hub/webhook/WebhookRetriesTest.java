package org.lineshub.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.HubProperties;

class WebhookRetriesTest {

    private static final HubProperties.Webhooks DEFAULTS = new HubProperties.Webhooks(Duration.ofSeconds(10),
            Duration.ofHours(1), Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofSeconds(10), 4,
            Duration.ofSeconds(1), Duration.ofDays(30));

    @Test
    void waitsTenSecondsDoublingUpToAnHour() {
        Instant queued = Instant.parse("2025-06-02T09:00:00Z");
        List<Duration> waits = new ArrayList<>();
        Instant now = queued;
        for (int attempts = 1; attempts <= 12; attempts++) {
            Instant next = WebhookSender.nextAttempt(attempts, queued, now, DEFAULTS);
            waits.add(Duration.between(now, next));
            now = next;
        }
        assertThat(waits).startsWith(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofSeconds(80));
        assertThat(waits.get(11)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void triesAFailingDeliveryForAtLeastTheRetryPeriodThenGivesUp() {
        Instant queued = Instant.parse("2025-06-02T09:00:00Z");
        Instant now = queued;
        int attempts = 1;
        Instant next;
        while ((next = WebhookSender.nextAttempt(attempts, queued, now, DEFAULTS)) != null) {
            now = next;
            attempts++;
        }
        assertThat(Duration.between(queued, now)).isBetween(Duration.ofHours(24), Duration.ofHours(25));
        assertThat(attempts).as("about 12 attempts to reach the hourly wait, then one an hour").isBetween(30, 40);
    }
}
