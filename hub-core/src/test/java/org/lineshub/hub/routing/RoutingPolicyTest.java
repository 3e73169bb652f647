package org.lineshub.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.line.RoutingMode;
import org.lineshub.hub.routing.RoutingPolicy.Candidate;
import org.lineshub.hub.routing.RoutingPolicy.LineState;

class RoutingPolicyTest {

    private static final Candidate ANNA = new Candidate(1, "ONLINE", 0);
    private static final Candidate BORIS = new Candidate(2, "ONLINE", 0);
    private static final Candidate CLARA = new Candidate(3, "ONLINE", 0);

    @Test
    void manualLinesLeaveSessionsInTheQueue() {
        assertThat(RoutingPolicy.choose(line(RoutingMode.MANUAL, null, null, ANNA, BORIS), Set.of())).isEmpty();
    }

    @Test
    void roundRobinTakesTheNextOperatorAfterTheLastOneAndWraps() {
        assertThat(choose(RoutingMode.ROUND_ROBIN, null, null, ANNA, BORIS, CLARA)).contains(1L);
        assertThat(choose(RoutingMode.ROUND_ROBIN, null, 1L, ANNA, BORIS, CLARA)).contains(2L);
        assertThat(choose(RoutingMode.ROUND_ROBIN, null, 3L, ANNA, BORIS, CLARA)).contains(1L);
        assertThat(choose(RoutingMode.ROUND_ROBIN, null, 2L, CLARA, ANNA)).as("order is by id, not by list")
                .contains(3L);
    }

    @Test
    void onlyOnlineOperatorsAreChosen() {
        Candidate away = new Candidate(1, "AWAY", 0);
        Candidate offline = new Candidate(2, "OFFLINE", 0);
        assertThat(choose(RoutingMode.ROUND_ROBIN, null, null, away, offline)).isEmpty();
        assertThat(choose(RoutingMode.LEAST_BUSY, null, null, away, offline, CLARA)).contains(3L);
    }

    @Test
    void operatorsAtTheLimitAreSkipped() {
        Candidate full = new Candidate(1, "ONLINE", 3);
        Candidate room = new Candidate(2, "ONLINE", 2);
        assertThat(choose(RoutingMode.ROUND_ROBIN, 3, null, full, room)).contains(2L);
        assertThat(choose(RoutingMode.ROUND_ROBIN, 2, null, full, room)).isEmpty();
        assertThat(choose(RoutingMode.ROUND_ROBIN, null, null, full, room)).as("no limit").contains(1L);
    }

    @Test
    void leastBusyPrefersFewestOpenSessionsAndBreaksTiesInTurn() {
        Candidate busy = new Candidate(1, "ONLINE", 5);
        Candidate light = new Candidate(2, "ONLINE", 1);
        Candidate alsoLight = new Candidate(3, "ONLINE", 1);
        assertThat(choose(RoutingMode.LEAST_BUSY, null, null, busy, light, alsoLight)).contains(2L);
        assertThat(choose(RoutingMode.LEAST_BUSY, null, 2L, busy, light, alsoLight)).contains(3L);
        assertThat(choose(RoutingMode.LEAST_BUSY, null, 3L, busy, light, alsoLight)).contains(2L);
    }

    @Test
    void excludedOperatorsAreNotChosen() {
        assertThat(RoutingPolicy.choose(line(RoutingMode.ROUND_ROBIN, null, null, ANNA, BORIS), Set.of(1L)))
                .contains(2L);
        assertThat(RoutingPolicy.choose(line(RoutingMode.ROUND_ROBIN, null, null, ANNA), Set.of(1L))).isEmpty();
    }

    private static java.util.Optional<Long> choose(RoutingMode mode, Integer limit, Long last, Candidate... ops) {
        return RoutingPolicy.choose(line(mode, limit, last, ops), Set.of());
    }

    private static LineState line(RoutingMode mode, Integer limit, Long last, Candidate... operators) {
        return new LineState(mode, limit, last, List.of(operators));
    }
}
