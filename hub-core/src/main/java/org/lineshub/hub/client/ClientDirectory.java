package org.lineshub.hub.client;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.lineshub.plugin.api.SenderProfile;
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

    ClientDirectory(ClientRepository clients, ClientIdentityRepository identities) {
        this.clients = clients;
        this.identities = identities;
    }

    /**
     * Loads the identities of a batch's senders in two queries, so that resolving each message needs none.
     *
     * @param accountId       the channel account the senders wrote to
     * @param externalUserIds the senders
     * @return a lookup for the batch
     */
    public Lookup lookup(long accountId, Collection<String> externalUserIds) {
        Map<String, ClientIdentity> known = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        if (!externalUserIds.isEmpty()) {
            identities.findByAccountIdAndExternalUserIdIn(accountId, externalUserIds)
                    .forEach(i -> known.put(i.getExternalUserId(), i));
            clients.findAllById(known.values().stream().map(ClientIdentity::getClientId).toList())
                    .forEach(c -> names.put(c.getId(), c.getDisplayName()));
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
