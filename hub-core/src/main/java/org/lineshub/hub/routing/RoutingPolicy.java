package org.lineshub.hub.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.lineshub.hub.line.RoutingMode;

/**
 * Who gets the next session of a line: a pure function of the line's state, so every rule is tested without a
 * database. Only ONLINE operators below the line's limit are candidates.
 * <ul>
 *   <li>MANUAL: nobody; sessions wait in the queue to be taken.</li>
 *   <li>ROUND_ROBIN: the next candidate after the last operator routing chose, in id order, wrapping around.</li>
 *   <li>LEAST_BUSY: the candidate with the fewest open sessions; ties go round-robin.</li>
 * </ul>
 */
public final class RoutingPolicy {

    /**
     * An operator of the line.
     *
     * @param userId       the operator
     * @param status       ONLINE, AWAY or OFFLINE
     * @param openSessions sessions they hold on the line
     */
    public record Candidate(long userId, String status, long openSessions) {
    }

    /**
     * What routing knows about a line.
     *
     * @param mode                 the line's routing mode
     * @param maxPerOperator       the line's per-operator limit, or {@code null}
     * @param lastRoutedOperatorId the operator routing chose last time, or {@code null}
     * @param operators            the line's operators
     */
    public record LineState(RoutingMode mode, Integer maxPerOperator, Long lastRoutedOperatorId,
                            List<Candidate> operators) {
    }

    private RoutingPolicy() {
    }

    /**
     * @param line     the line's state
     * @param excluded operators not to choose
     * @return the operator to give the next session to, or empty when it stays in the queue
     */
    public static Optional<Long> choose(LineState line, Set<Long> excluded) {
        if (line.mode() == RoutingMode.MANUAL) {
            return Optional.empty();
        }
        List<Candidate> candidates = line.operators().stream()
                .filter(c -> "ONLINE".equals(c.status()))
                .filter(c -> !excluded.contains(c.userId()))
                .filter(c -> line.maxPerOperator() == null || c.openSessions() < line.maxPerOperator())
                .sorted(Comparator.comparingLong(Candidate::userId))
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (line.mode() == RoutingMode.LEAST_BUSY) {
            long fewest = candidates.stream().mapToLong(Candidate::openSessions).min().orElseThrow();
            candidates = candidates.stream().filter(c -> c.openSessions() == fewest).toList();
        }
        return Optional.of(nextAfter(candidates, line.lastRoutedOperatorId()));
    }

    /** @return the first candidate whose id follows {@code last}, wrapping to the first */
    private static long nextAfter(List<Candidate> sortedById, Long last) {
        if (last != null) {
            for (Candidate c : sortedById) {
                if (c.userId() > last) {
                    return c.userId();
                }
            }
        }
        return sortedById.get(0).userId();
    }
}
