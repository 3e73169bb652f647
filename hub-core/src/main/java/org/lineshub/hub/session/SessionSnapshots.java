package org.lineshub.hub.session;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.EntityManager;
import org.lineshub.hub.channel.ChannelTypes;
import org.lineshub.hub.client.Client;
import org.lineshub.hub.client.ClientRepository;
import org.lineshub.hub.event.SessionSnapshot;
import org.springframework.stereotype.Component;

/**
 * Builds event snapshots of sessions outside the intake path, with the channel type (known once per account) and
 * the client's name.
 */
@Component
class SessionSnapshots {

    private final ChannelTypes types;
    private final ClientRepository clients;
    private final EntityManager entityManager;

    SessionSnapshots(ChannelTypes types, ClientRepository clients, EntityManager entityManager) {
        this.types = types;
        this.clients = clients;
        this.entityManager = entityManager;
    }

    SessionSnapshot of(Session s) {
        String client = clients.findById(s.getClientId()).map(Client::getDisplayName).orElse("");
        return Snapshots.of(s, types.of(s.getAccountId()), client);
    }

    /**
     * @param sessions sessions, within a transaction
     * @return the snapshot of each, by the session's id; the clients' names are read in one statement
     */
    Map<Long, SessionSnapshot> of(Collection<Session> sessions) {
        List<Long> clientIds = sessions.stream().map(Session::getClientId).filter(Objects::nonNull).distinct()
                .sorted().toList();
        Map<Long, String> names = new HashMap<>();
        if (!clientIds.isEmpty()) {
            // by id, not by a query over the list, which would be translated anew for every length of it
            entityManager.unwrap(org.hibernate.Session.class).byMultipleIds(Client.class).multiLoad(clientIds)
                    .stream().filter(Objects::nonNull).forEach(c -> names.put(c.getId(), c.getDisplayName()));
        }
        Map<Long, SessionSnapshot> snapshots = new HashMap<>();
        for (Session s : sessions) {
            snapshots.put(s.getId(), Snapshots.of(s, types.of(s.getAccountId()),
                    names.getOrDefault(s.getClientId(), "")));
        }
        return snapshots;
    }
}
