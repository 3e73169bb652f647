package org.lineshub.hub.client;

import org.springframework.data.jpa.repository.JpaRepository;

/** Clients. */
public interface ClientRepository extends JpaRepository<Client, Long> {

    /** @return the oldest client whose card has this address (compared without regard to case) */
    java.util.Optional<Client> findFirstByEmailOrderByIdAsc(String email);
}
