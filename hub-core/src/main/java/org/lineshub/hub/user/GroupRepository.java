package org.lineshub.hub.user;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Groups. */
public interface GroupRepository extends JpaRepository<Group, Long> {

    boolean existsByName(String name);

    @Query("select g.id from Group g join g.memberIds m where m = :userId order by g.id")
    List<Long> findIdsByMember(Long userId);
}
