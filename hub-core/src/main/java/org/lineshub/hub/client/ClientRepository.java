package org.lineshub.hub.client;

import org.springframework.data.jpa.repository.JpaRepository;

/** Clients. */
public interface ClientRepository extends JpaRepository<Client, Long> {
}
