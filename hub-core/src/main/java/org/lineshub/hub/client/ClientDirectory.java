package org.lineshub.hub.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.EntityManager;

import org.lineshub.plugin.api.SenderProfile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Finds the client behind a sender, creating client and identity the first time the sender writes. Runs inside
 * the caller's transaction; two first messages of one sender at once make one of them fail on the unique key
 * (account, external user id), and the caller retries, then finds the identity.
 */
@Service
public class ClientDirectory {

    /**
     * An identity and the name of its client, which sessions show.
     *
     * @param identity   the identity
     * @param clientName the client's display name
     */
    public record Resolved(ClientIdentity identity, String clientName) {
    }

    private final ClientRepository clients;
    private final ClientIdentityRepository identities;
    private final EntityManager entityManager;
    private final JdbcClient jdbc;

    ClientDirectory(ClientRepository clients, ClientIdentityRepository identities, EntityManager entityManager,
                    JdbcClient jdbc) {
        this.clients = clients;
        this.identities = identities;
        this.entityManager = entityManager;
        this.jdbc = jdbc;
    }

    /**
     * Loads the identities of a batch's senders in a few queries, so that resolving each message needs none. The
     * keys are found in SQL and the identities loaded by id: a query over a list of values is translated anew for
     * every length of the list, which cost the intake more than the database's work.
     *
     * @param accountId       the channel account the senders wrote to
     * @param externalUserIds the senders
     * @return a lookup for the batch
     */
    public Lookup lookup(long accountId, Collection<String> externalUserIds) {
        Map<String, ClientIdentity> known = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        if (!externalUserIds.isEmpty()) {
            // the identities' ids and their clients' names in one statement, then the identities by id
            List<Long> ids = new ArrayList<>();
            jdbc.sql("SELECT i.id, c.id, c.display_name FROM client_identity i JOIN client c ON c.id = i.client_id"
                            + " WHERE i.account_id = :account AND i.external_user_id IN (:users)")
                    .param("account", accountId).param("users", externalUserIds).query(rs -> {
                        ids.add(rs.getLong(1));
                        names.put(rs.getLong(2), rs.getString(3));
                    });
            if (!ids.isEmpty()) {
                entityManager.unwrap(org.hibernate.Session.class).byMultipleIds(ClientIdentity.class)
                        .multiLoad(ids).stream().filter(Objects::nonNull)
                        .forEach(i -> known.put(i.getExternalUserId(), i));
            }
        }
        return new Lookup(accountId, known, names);
    }

    /**
     * A new sender whose address is on a client's card is that client, on whichever channel they wrote before: the
     * address is what email identifies a person by.
     */
    private java.util.Optional<Client> existingByEmail(String email) {
        return email == null || email.isBlank() ? java.util.Optional.empty()
                : clients.findFirstByEmailOrderByIdAsc(email.trim());
    }

    /** The identities of one batch's senders on one account, created as needed. */
    public final class Lookup {
        private final long accountId;
        private final Map<String, ClientIdentity> known;
        private final Map<Long, String> names;

        private Lookup(long accountId, Map<String, ClientIdentity> known, Map<Long, String> names) {
            this.accountId = accountId;
            this.known = known;
            this.names = names;
        }

        /**
         * @param channelType the account's channel type
         * @param sender      what the platform says about the sender, fitted to the columns
         * @param chatId      the conversation the sender wrote in
         * @param now         the current time
         * @return the sender's identity, created or updated, with its client's name
         */
        public Resolved resolve(String channelType, SenderProfile sender, String chatId, Instant now) {
            ClientIdentity identity = known.get(sender.externalUserId());
            if (identity != null) {
                identity.update(sender, chatId, now);
                return new Resolved(identity, names.getOrDefault(identity.getClientId(), identity.getDisplayName()));
            }
            Client client = existingByEmail(sender.email()).orElse(null);
            if (client == null) {
                client = new Client(sender.displayName(), now);
                client.setEmail(sender.email());
                client.setPhone(sender.phone());
                clients.save(client);
            }
            identity = identities.save(new ClientIdentity(client.getId(), accountId, channelType, sender, chatId,
                    now));
            known.put(sender.externalUserId(), identity);
            names.put(client.getId(), client.getDisplayName());
            return new Resolved(identity, client.getDisplayName());
        }
    }
}
