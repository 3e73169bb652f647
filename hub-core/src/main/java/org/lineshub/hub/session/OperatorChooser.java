package org.lineshub.hub.session;

import java.util.Optional;
import java.util.Set;

import org.lineshub.hub.line.Line;

/**
 * Picks the operator a session of a line should go to, from the line's state as it is inside the calling
 * transaction (the line's row is locked). Implemented by routing.
 */
@FunctionalInterface
public interface OperatorChooser {

    /**
     * @param line     the line, locked
     * @param excluded operators not to choose (e.g. the one who did not answer)
     * @return the chosen operator, or empty when nobody can take a session now
     */
    Optional<Long> choose(Line line, Set<Long> excluded);
}
