package org.lineshub.hub.channel;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.lineshub.plugin.api.LiveEndpoint.LivePeer;
import org.springframework.stereotype.Component;

/**
 * The browsers connected to each running account's live endpoint, so that they are disconnected when the account
 * stops: a stopped account's plugin may be unloaded, and its listeners must not be called again.
 */
@Component
public class LiveConnections {

    private final Map<Long, Set<LivePeer>> byAccount = new ConcurrentHashMap<>();

    void add(long accountId, LivePeer peer) {
        byAccount.computeIfAbsent(accountId, id -> ConcurrentHashMap.newKeySet()).add(peer);
    }

    void remove(long accountId, LivePeer peer) {
        Set<LivePeer> peers = byAccount.get(accountId);
        if (peers != null) {
            peers.remove(peer);
        }
    }

    /** Disconnects every browser of the account. */
    void closeAll(long accountId, String reason) {
        Set<LivePeer> peers = byAccount.remove(accountId);
        if (peers != null) {
            peers.forEach(p -> p.close(reason));
        }
    }

    int count(long accountId) {
        Set<LivePeer> peers = byAccount.get(accountId);
        return peers == null ? 0 : peers.size();
    }
}
