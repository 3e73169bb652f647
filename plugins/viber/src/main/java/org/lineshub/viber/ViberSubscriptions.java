package org.lineshub.viber;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.api.ChannelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of one account who unsubscribed from the bot, so that replies to them are refused at once with the
 * reason instead of being sent. A user who writes again is subscribed again: "users' first message to the bot will
 * make them subscribed, but will not result in a Subscribed callback" (REST Bot API, "Get Started").
 *
 * <p>Kept in the account's durable state, one key per user ({@code unsubscribed:<user id>}), and read when the account
 * connects, so the refusal survives restarts of the account and of the hub. The state holds at most
 * {@link AccountState#MAX_KEYS} keys; users beyond that, and any the hub cannot write now, are kept in memory only.
 * That costs little: Viber refuses them too (status 6, "receiverNotSubscribed"), which ends the same way. Reads are
 * from memory; only a change of a user's subscription writes. Thread-safe.
 */
final class ViberSubscriptions {

    /** What operators read on a reply that cannot reach its client. */
    static final String NOT_SUBSCRIBED = "the client is not subscribed to the Viber bot (they unsubscribed or never "
            + "wrote to it): Viber delivers nothing to them until they write to the bot again";

    private static final Logger LOG = LoggerFactory.getLogger(ViberSubscriptions.class);
    private static final String PREFIX = "unsubscribed:";

    private final ChannelContext channel;
    private final Set<String> unsubscribed = ConcurrentHashMap.newKeySet();

    /**
     * Reads the users the account's state names as unsubscribed.
     *
     * @param channel the account
     */
    ViberSubscriptions(ChannelContext channel) {
        this.channel = channel;
        try {
            channel.state().all().keySet().stream().filter(key -> key.startsWith(PREFIX))
                    .forEach(key -> unsubscribed.add(key.substring(PREFIX.length())));
        } catch (RuntimeException e) {
            LOG.warn("Account {}: the unsubscribed users cannot be read ({}); Viber refuses replies to them",
                    channel.accountId(), e.getMessage());
        }
    }

    /** @param userId a Viber user id from an {@code unsubscribed} callback or a refusal with status 6 */
    synchronized void unsubscribed(String userId) {
        if (unsubscribed.add(userId)) {
            keep(userId, "1");
        }
    }

    /** @param userId a Viber user id from a {@code subscribed} callback or a message */
    void subscribed(String userId) {
        // every message of every user comes here: only one who had unsubscribed takes the lock
        if (unsubscribed.contains(userId)) {
            synchronized (this) {
                if (unsubscribed.remove(userId)) {
                    keep(userId, null);
                }
            }
        }
    }

    /**
     * @param userId a Viber user id
     * @return true when the user unsubscribed and has not written since
     */
    boolean isUnsubscribed(String userId) {
        return unsubscribed.contains(userId);
    }

    private void keep(String userId, String value) {
        try {
            channel.state().put(PREFIX + userId, value);
        } catch (RuntimeException e) {
            LOG.warn("Account {}: a change of a user's subscription is kept in memory only ({})",
                    channel.accountId(), e.getMessage());
        }
    }
}
