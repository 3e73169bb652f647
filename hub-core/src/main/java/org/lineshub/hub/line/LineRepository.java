package org.lineshub.hub.line;

import org.springframework.data.jpa.repository.JpaRepository;

/** Lines. */
public interface LineRepository extends JpaRepository<Line, Long> {

    /**
     * @param name a line name
     * @return whether a line has it
     */
    boolean existsByName(String name);
}
