package org.lineshub.hub.session;

import org.lineshub.hub.channel.ChannelAccountRepository;
import org.lineshub.hub.client.ClientRepository;
import org.lineshub.hub.event.SessionSnapshot;
import org.springframework.stereotype.Component;

/** Builds event snapshots of sessions outside the intake path, looking up the channel type and client name. */
@Component
class SessionSnapshots {

    private final ChannelAccountRepository accounts;
    private final ClientRepository clients;

    SessionSnapshots(ChannelAccountRepository accounts, ClientRepository clients) {
        this.accounts = accounts;
        this.clients = clients;
    }

    SessionSnapshot of(Session s) {
        String type = accounts.findById(s.getAccountId()).map(a -> a.getType()).orElse("unknown");
        String client = clients.findById(s.getClientId()).map(c -> c.getDisplayName()).orElse("");
        return Snapshots.of(s, type, client);
    }
}
