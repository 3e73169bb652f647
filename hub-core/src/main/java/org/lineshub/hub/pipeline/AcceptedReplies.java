package org.lineshub.hub.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.lineshub.hub.session.OutboxStore;

/**
 * Records replies the platforms accepted as SENT several at a time: senders hand their replies over and go on, and
 * one thread records all the replies handed over meanwhile in one transaction (a group commit, as intake has for
 * messages). Groups are recorded in the order they were handed over, so a reply is never recorded before one of its
 * session that went out earlier. When a group cannot be recorded, its replies are tried one by one, so that one
 * reply the database refuses does not take the others with it.
 */
final class AcceptedReplies {

    /** At most this many replies in one transaction. */
    static final int MAX_GROUP = 200;
    private static final long STOP_WAIT_MILLIS = 5_000;

    private record Handed(OutboxStore.Accepted reply, CompletableFuture<Boolean> outcome) {
    }

    private final BlockingQueue<Handed> queue = new LinkedBlockingQueue<>();
    private final Function<List<OutboxStore.Accepted>, Set<Long>> store;
    private final Runnable afterGroup;
    private final Thread recorder;
    private volatile boolean running = true;

    /**
     * @param store      records a group of replies, returning those recorded (the others' claims were not held)
     * @param afterGroup runs after each group, recorded or not
     * @param threads    makes the recording thread
     */
    AcceptedReplies(Function<List<OutboxStore.Accepted>, Set<Long>> store, Runnable afterGroup,
                    ThreadFactory threads) {
        this.store = store;
        this.afterGroup = afterGroup;
        this.recorder = threads.newThread(this::run);
        recorder.start();
    }

    /**
     * Hands a reply over to be recorded as SENT with the others handed over at about the same time.
     *
     * @return completes, on the recording thread, with false when its owner did not hold the pending reply (nothing
     *         changed), or exceptionally when it could not be recorded
     */
    CompletableFuture<Boolean> record(OutboxStore.Accepted reply) {
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        queue.add(new Handed(reply, outcome));
        if (!running && !recorder.isAlive()) {
            // stopped meanwhile: nobody looks at the queue again
            fail();
        }
        return outcome;
    }

    private void run() {
        List<Handed> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Handed first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            try {
                recordGroup(group);
            } finally {
                group.clear();
            }
            afterGroup.run();
        }
        fail();
    }

    private void recordGroup(List<Handed> group) {
        try {
            Set<Long> recorded = store.apply(group.stream().map(Handed::reply).toList());
            group.forEach(h -> h.outcome().complete(recorded.contains(h.reply().id())));
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).outcome().completeExceptionally(e);
                return;
            }
            for (Handed h : group) {
                try {
                    h.outcome().complete(store.apply(List.of(h.reply())).contains(h.reply().id()));
                } catch (RuntimeException one) {
                    h.outcome().completeExceptionally(one);
                }
            }
        }
    }

    private void fail() {
        for (Handed h; (h = queue.poll()) != null; ) {
            h.outcome().completeExceptionally(new IllegalStateException("the outbox stopped"));
        }
    }

    /** Records what was handed over before (waiting a few seconds at most), then stops. */
    void stop() throws InterruptedException {
        running = false;
        recorder.join(STOP_WAIT_MILLIS);
        recorder.interrupt();
        recorder.join(STOP_WAIT_MILLIS);
        fail();
    }
}
