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
     * @param accountId   the channel account the sender wrote to
     * @param channelType the account's channel type
     * @param sender      what the platform says about the sender
     * @param chatId      the conversation the sender wrote in
     * @param now         the current time
     * @return the sender's identity, created or updated
     */
    public ClientIdentity resolve(long accountId, String channelType, SenderProfile sender, String chatId,
                                  Instant now) {
        Optional<ClientIdentity> known = identities.findByAccountIdAndExternalUserId(accountId,
                sender.externalUserId());
        if (known.isPresent()) {
            ClientIdentity identity = known.get();
            identity.update(sender, chatId, now);
            return identity;
        }
        Client client = new Client(sender.displayName(), now);
        client.setEmail(sender.email());
        client.setPhone(sender.phone());
        clients.save(client);
        return identities.save(new ClientIdentity(client.getId(), accountId, channelType, sender, chatId, now));
    }
}
