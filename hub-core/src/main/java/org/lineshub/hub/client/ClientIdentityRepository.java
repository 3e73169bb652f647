package org.lineshub.hub.client;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** Clients' identities on channel accounts. */
public interface ClientIdentityRepository extends JpaRepository<ClientIdentity, Long> {

    List<ClientIdentity> findByClientId(Long clientId);

    Optional<ClientIdentity> findFirstByClientIdAndAccountId(Long clientId, Long accountId);
}
