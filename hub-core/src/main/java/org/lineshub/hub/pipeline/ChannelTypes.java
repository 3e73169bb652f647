package org.lineshub.hub.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.lineshub.hub.channel.ChannelAccountRepository;
import org.springframework.stereotype.Component;

/** The channel type of each account, for metric tags; an account's type never changes, so it is looked up once. */
@Component
class ChannelTypes {

    private final ChannelAccountRepository accounts;
    private final Map<Long, String> types = new ConcurrentHashMap<>();

    ChannelTypes(ChannelAccountRepository accounts) {
        this.accounts = accounts;
    }

    String of(Long accountId) {
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
