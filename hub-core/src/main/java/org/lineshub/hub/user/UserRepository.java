package org.lineshub.hub.user;

import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Users. */
public interface UserRepository extends JpaRepository<User, Long> {

    Optional<User> findByUsername(String username);

    /**
     * @param username a normalised user name
     * @return the id of the user the database matches it to (its collation ignores case, accents and trailing
     *         spaces), if any
     */
    @Query("select u.id from User u where u.username = :username")
    Optional<Long> findIdByUsername(String username);

    boolean existsByUsername(String username);

    long countByAdminTrueAndEnabledTrue();

    /**
     * Locks a user's row for the rest of the transaction. Whatever changes how many sessions an operator holds or
     * whether they are online takes this lock first, so a per-operator limit can never be exceeded by a race.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from User u where u.id = :id")
    Optional<User> lockById(Long id);
}
