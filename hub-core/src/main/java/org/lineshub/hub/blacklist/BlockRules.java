package org.lineshub.hub.blacklist;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.lineshub.plugin.api.SenderProfile;

/**
 * The rules indexed for the question intake asks of every message, "is this sender blocked?", answered with a few
 * hash lookups and no query. Immutable: a change of the rules builds a new index.
 */
final class BlockRules {

    static final BlockRules NONE = new BlockRules(List.of());

    private final Map<String, List<BlockRule>> byKey = new HashMap<>();
    private final Map<String, List<BlockRule>> domains = new HashMap<>();
    private final int size;

    BlockRules(Collection<BlockRule> rules) {
        for (BlockRule r : rules) {
            Map<String, List<BlockRule>> index = r.kind() == RuleKind.DOMAIN ? domains : byKey;
            index.computeIfAbsent(key(r.kind(), r.channelType(), r.value()), k -> new ArrayList<>(1)).add(r);
        }
        size = rules.size();
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * @param channelType the channel type of the account the sender wrote to
     * @param accountId   that account
     * @param sender      what the channel says about the sender
     * @param now         the time, for expiry
     * @return the first rule that blocks the sender now, or {@code null}
     */
    BlockRule match(String channelType, long accountId, SenderProfile sender, Instant now) {
        if (size == 0) {
            return null;
        }
        for (BlockRule r : byKey.getOrDefault(key(RuleKind.IDENTITY, channelType, sender.externalUserId()), List.of())) {
            if ((r.accountId() == null || r.accountId() == accountId) && r.activeAt(now)) {
                return r;
            }
        }
        String email = RuleKind.email(sender.email());
        if (email != null) {
            BlockRule r = active(byKey.get(key(RuleKind.EMAIL, null, email)), now);
            if (r != null) {
                return r;
            }
            // the domain and each parent domain: mail.example.com is blocked by example.com too
            for (String d = email.substring(email.indexOf('@') + 1); ; d = d.substring(d.indexOf('.') + 1)) {
                r = active(domains.get(key(RuleKind.DOMAIN, null, d)), now);
                if (r != null) {
                    return r;
                }
                if (d.indexOf('.') < 0) {
                    break;
                }
            }
        }
        String phone = RuleKind.phone(sender.phone());
        return phone == null ? null : active(byKey.get(key(RuleKind.PHONE, null, phone)), now);
    }

    private static BlockRule active(List<BlockRule> rules, Instant now) {
        if (rules != null) {
            for (BlockRule r : rules) {
                if (r.activeAt(now)) {
                    return r;
                }
            }
        }
        return null;
    }

    private static String key(RuleKind kind, String channelType, String value) {
        return kind == RuleKind.IDENTITY ? "I\u0000" + channelType + "\u0000" + value : kind.name() + "\u0000" + value;
    }
}
