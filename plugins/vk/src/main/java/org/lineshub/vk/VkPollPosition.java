package org.lineshub.vk;

import org.lineshub.plugin.api.ChannelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a community's long poll stopped, kept in the account's durable state ({@link ChannelContext#state()}), so
 * that a new poller, after the account or the hub restarted, goes on from there and fetches the events VK queued
 * meanwhile. One key per community, {@code longpoll:<group id>}: after an admin changed the account's community, the
 * poller starts afresh. The value is {@code <ts> <server>}: a {@code ts} numbers the events of one long-poll server,
 * so it is taken up again only when {@code groups.getLongPollServer} names the same server.
 *
 * <p>Keeping it is worth a write only when it moved, and a failure to keep it never stops polling: the position kept
 * then lags behind, and a restart fetches some events again, which the hub drops by their ids. Used by the polling
 * thread only.
 */
final class VkPollPosition {

    private static final Logger LOG = LoggerFactory.getLogger(VkPollPosition.class);

    private final ChannelContext channel;
    private final String key;
    /** The value last read or written, so an unchanged position is not written again. */
    private String kept;

    VkPollPosition(ChannelContext channel, long groupId) {
        this.channel = channel;
        this.key = "longpoll:" + groupId;
    }

    /**
     * @param server the long-poll server of the new session
     * @return the {@code ts} kept for that server, or {@code null} when none is kept (or it cannot be read)
     */
    String resume(String server) {
        String value;
        try {
            value = channel.state().get(key).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("Account {}: the kept long poll position cannot be read ({}); starting from VK's",
                    channel.accountId(), e.getMessage());
            return null;
        }
        int space = value == null ? -1 : value.indexOf(' ');
        if (space <= 0 || !value.substring(space + 1).equals(server)) {
            return null;
        }
        kept = value;
        return value.substring(0, space);
    }

    /**
     * Keeps the position: call it once the events before {@code ts} are stored (or known lost).
     *
     * @param server the session's long-poll server
     * @param ts     the next event wanted
     */
    void keep(String server, String ts) {
        String value = ts + " " + server;
        if (value.equals(kept)) {
            return;
        }
        try {
            channel.state().put(key, value);
            kept = value;
        } catch (RuntimeException e) {
            LOG.warn("Account {}: the long poll position {} was not kept ({}); after a restart some events may be "
                    + "fetched again", channel.accountId(), ts, e.getMessage());
        }
    }
}
