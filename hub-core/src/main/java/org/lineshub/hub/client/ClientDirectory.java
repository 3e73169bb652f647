package org.lineshub.hub.client;

import java.time.Instant;
import java.util.Optional;

import org.lineshub.plugin.api.SenderProfile;
import org.springframework.stereotype.Service;

/**
 * Finds the client behind a sender, creating client and identity the first time the sender writes. Runs inside
 * the caller's transaction; two first messages of one sender at once make one of them fail on the unique key
 * (account, external user id), and the caller retries, then finds the identity.
 */
@Service
public class ClientDirectory {

    private final ClientRepository clients;
    private final ClientIdentityRepository identities;

    ClientDirectory(ClientRepository clients, ClientIdentityRepository identities) {
        this.clients = clients;
        this.identities = identities;
    }

    /**
     * An identity and the name of its client, which sessions show.
     *
     * @param identity   the identity
     * @param clientName the client's display name
     */
    public record Resolved(ClientIdentity identity, String clientName) {
    }

    /**
     * @param accountId   the channel account the sender wrote to
     * @param channelType the account's channel type
     * @param sender      what the platform says about the sender
     * @param chatId      the conversation the sender wrote in
     * @param now         the current time
     * @return the sender's identity, created or updated, with its client's name
     */
    public Resolved resolve(long accountId, String channelType, SenderProfile sender, String chatId, Instant now) {
        Optional<ClientIdentity> known = identities.findByAccountIdAndExternalUserId(accountId,
                sender.externalUserId());
        if (known.isPresent()) {
            ClientIdentity identity = known.get();
            identity.update(sender, chatId, now);
            String name = clients.findById(identity.getClientId()).map(Client::getDisplayName)
                    .orElse(identity.getDisplayName());
            return new Resolved(identity, name);
        }
        Client client = new Client(sender.displayName(), now);
        client.setEmail(sender.email());
        client.setPhone(sender.phone());
        clients.save(client);
        ClientIdentity identity = identities.save(new ClientIdentity(client.getId(), accountId, channelType, sender,
                chatId, now));
        return new Resolved(identity, client.getDisplayName());
    }
}
