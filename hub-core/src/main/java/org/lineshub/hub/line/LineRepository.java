package org.lineshub.hub.line;

import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Lines. */
public interface LineRepository extends JpaRepository<Line, Long> {

    /**
     * @param name a line name
     * @return whether a line has it
     */
    boolean existsByName(String name);

    /**
     * Locks a line's row for the rest of the transaction: routing and assignment on one line take this lock first,
     * so they never decide on a stale picture of the line's operators.
     *
     * @param id the line
     * @return the line, locked
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select l from Line l where l.id = :id")
    Optional<Line> lockById(Long id);
}
