package org.lineshub.hub.channel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The channel type of each account, for metric tags and event snapshots; an account's type never changes, so it is
 * looked up once.
 */
@Component
public class ChannelTypes {

    private final ChannelAccountRepository accounts;
    private final Map<Long, String> types = new ConcurrentHashMap<>();

    ChannelTypes(ChannelAccountRepository accounts) {
        this.accounts = accounts;
    }

    /**
     * @param accountId a channel account, or {@code null}
     * @return its channel type, or "unknown" when there is no such account
     */
    public String of(Long accountId) {
        if (accountId == null) {
            return "unknown";
        }
        String known = types.get(accountId);
        if (known != null) {
            return known;
        }
        return accounts.findById(accountId).map(a -> {
            types.put(accountId, a.getType());
            return a.getType();
        }).orElse("unknown");
    }
}
