package org.lineshub.hub.blacklist;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.lineshub.plugin.api.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Answers intake's question "which senders of this batch are blocked?" from the rules held in memory, so the common
 * case costs no query. The rules are loaded again when they changed: at once after a change committed on this node
 * (an application event after the commit), and, for changes made on other nodes, when the version row read at most
 * once a second differs from the one loaded. A rule's expiry needs no reload: it is compared with the clock.
 */
@Component
public class Blacklist {

    /** Changes made on other nodes are noticed within this time. */
    static final long VERSION_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Published inside the transaction that changed the rules; acted on after its commit. */
    record Changed() {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Blacklist.class);

    private final BlacklistStore store;
    private final Clock clock;
    /** Counts local changes committed; a snapshot loaded before the latest one is stale. */
    private final AtomicLong localChanges = new AtomicLong();
    private final AtomicLong lastVersionCheck = new AtomicLong(System.nanoTime());
    private volatile Snapshot snapshot;

    private record Snapshot(BlockRules rules, long version, long localChanges) {
    }

    Blacklist(BlacklistStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @param accountId   the account the batch came to
     * @param channelType its channel type
     * @param batch       the messages
     * @return the external user ids of the batch's senders that a rule blocks now; empty in the common case
     */
    public Set<String> blockedSenders(long accountId, String channelType, List<InboundMessage> batch) {
        BlockRules rules = current();
        if (rules.isEmpty()) {
            return Set.of();
        }
        Instant now = clock.instant();
        Set<String> blocked = new HashSet<>();
        for (InboundMessage m : batch) {
            if (rules.match(channelType, accountId, m.sender(), now) != null) {
                blocked.add(m.sender().externalUserId());
            }
        }
        return blocked;
    }

    @TransactionalEventListener
    void changed(Changed event) {
        localChanges.incrementAndGet();
    }

    /** The rules, loaded again when they changed here or on another node. */
    BlockRules current() {
        Snapshot s = snapshot;
        if (s == null || s.localChanges() != localChanges.get()) {
            return reload();
        }
        long last = lastVersionCheck.get();
        long now = System.nanoTime();
        // one caller a second reads the version; the others go on with the rules they have
        if (now - last >= VERSION_CHECK_NANOS && lastVersionCheck.compareAndSet(last, now)
                && store.version() != s.version()) {
            return reload();
        }
        return s.rules();
    }

    private synchronized BlockRules reload() {
        Snapshot s = snapshot;
        long changes = localChanges.get();
        if (s != null && s.localChanges() == changes && store.version() == s.version()) {
            return s.rules();
        }
        // the version first: a change committed while the rules are read makes the next check load them again
        long version = store.version();
        BlockRules rules = new BlockRules(store.activeAt(clock.instant()));
        snapshot = new Snapshot(rules, version, changes);
        lastVersionCheck.set(System.nanoTime());
        LOG.debug("Blacklist loaded: {} rules, version {}", rules.size(), version);
        return rules;
    }
}
