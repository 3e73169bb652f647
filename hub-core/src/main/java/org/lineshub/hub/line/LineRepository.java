package org.lineshub.hub.line;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Lines. */
public interface LineRepository extends JpaRepository<Line, Long> {

    /**
     * @param name a line name
     * @return whether a line has it
     */
    boolean existsByName(String name);

    /**
     * @param id a line
     * @return its routing mode, when it exists
     */
    @Query("select l.routingMode from Line l where l.id = :id")
    Optional<RoutingMode> findRoutingMode(long id);

    /** @return the ids of lines whose sessions routing assigns */
    @Query("select l.id from Line l where l.routingMode <> org.lineshub.hub.line.RoutingMode.MANUAL order by l.id")
    List<Long> findRoutedIds();

    /** @return the offer timeout of every routed line that has one, in seconds */
    @Query("select new org.lineshub.hub.line.LineTimer(l.id, l.offerTimeoutSeconds) from Line l"
            + " where l.offerTimeoutSeconds is not null"
            + " and l.routingMode <> org.lineshub.hub.line.RoutingMode.MANUAL order by l.id")
    List<LineTimer> findOfferTimeouts();

    /** @return the auto-close time of every line that has one, in hours */
    @Query("select new org.lineshub.hub.line.LineTimer(l.id, l.autoCloseHours) from Line l"
            + " where l.autoCloseHours is not null order by l.id")
    List<LineTimer> findAutoCloseHours();
}
