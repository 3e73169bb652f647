package org.lineshub.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.line.Line;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.StandaloneHubIT;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Routing's timers read what they need of every line in one query: no line is loaded with its groups, however many
 * lines there are.
 */
class RoutingTimersIT extends StandaloneHubIT {

    private final Fixtures fixtures = fixtures();

    @Autowired
    private RoutingService routing;

    @Autowired
    private EntityManagerFactory entityManagers;

    @Test
    void theTimersLoadNoLineWithItsGroups() {
        Fixtures.User operator = fixtures.user("Tim Timer");
        for (int i = 0; i < 20; i++) {
            fixtures.staffedLine("Timed " + i, Map.of("routingMode", i % 2 == 0 ? "MANUAL" : "ROUND_ROBIN",
                    "offerTimeoutSeconds", 600, "autoCloseHours", 48), List.of(operator), List.of(operator));
        }
        Statistics statistics = entityManagers.unwrap(SessionFactory.class).getStatistics();
        statistics.clear();

        routing.reofferUnanswered();
        routing.autoClose();

        assertThat(lineLoads(statistics)).as("lines loaded by the offer and auto-close timers").isZero();
        assertThat(groupLoads(statistics)).as("lines' groups loaded by the offer and auto-close timers").isZero();

        routing.sweep();

        // the sweep hands each routed line to the routing thread, which reads the line, never its groups
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> groupLoads(statistics) == 0);
    }

    private static long lineLoads(Statistics statistics) {
        return statistics.getEntityStatistics(Line.class.getName()).getLoadCount();
    }

    private static long groupLoads(Statistics statistics) {
        return statistics.getCollectionStatistics(Line.class.getName() + ".grants").getFetchCount();
    }
}
