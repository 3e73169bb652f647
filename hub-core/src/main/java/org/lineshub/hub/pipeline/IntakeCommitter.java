package org.lineshub.hub.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.lineshub.hub.HubProperties;
import org.lineshub.hub.session.Conflicts;
import org.lineshub.hub.session.InboundRecorder;
import org.lineshub.plugin.api.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The group commit of intake. Callers (webhook requests, pollers, mailboxes) hand their batch in and wait; a few
 * writer lanes each take whatever has queued up since their last commit and store it in one transaction, then
 * release every caller of the group at once. A caller therefore returns, and its plugin acknowledges the platform,
 * only after the commit that holds its own messages, while the database pays one commit for many of them.
 *
 * <p>Each message goes to the lane of its conversation (account and chat), so the messages of one chat are stored
 * one group after the other in the order they arrived, and two lanes rarely meet on the same rows. When they do (a
 * client writing in two chats, an operator working on a session) the database's lock conflict or unique key makes
 * the group's transaction fail; the lane then tries the group again, which finds what the other transaction did. Conflicts are thus settled inside the hub and never reach the platform as an error.
 *
 * <p>A group that fails for a reason that lies with the messages (the database refuses a value) is stored again
 * batch by batch, so one caller's bad message never fails another caller's; that caller then gets the failure and
 * stores or parks message by message ({@link IntakeProcessor}). A failure that lies with the hub right now (the
 * database unreachable) fails every caller of the group, whose platforms deliver again later.
 */
@Component
class IntakeCommitter implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeCommitter.class);
    private static final int ATTEMPTS = 4;

    private final InboundRecorder recorder;
    private final PipelineMetrics metrics;
    private final int maxGroup;
    private final List<Lane> lanes = new ArrayList<>();
    private volatile boolean running;

    IntakeCommitter(InboundRecorder recorder, PipelineMetrics metrics, HubProperties properties) {
        this.recorder = recorder;
        this.metrics = metrics;
        HubProperties.Intake intake = properties.intake();
        this.maxGroup = intake.maxGroup();
        for (int i = 0; i < intake.writers(); i++) {
            lanes.add(new Lane(i));
        }
    }

    /**
     * Stores one caller's batch in the next group commits of its chats' lanes and waits for those commits. A batch of
     * several chats (a poll's answer) is shared out among the lanes by chat, each share keeping the platform's order,
     * so its commits run side by side rather than one lane storing all of it while the others idle. The caller learns
     * of success only when every share is stored. When a share fails, the others may be stored already; the caller
     * then stores the batch again message by message or leaves it to the platform to deliver again, and the stored
     * ones are found to be duplicates.
     *
     * @param accountId the account the messages came to
     * @param messages  the messages, in the platform's order, fitted to the columns; not empty
     * @param blocked   the batch's senders a blacklist rule blocks
     * @return what the batch did
     * @throws InterruptedException when the caller is interrupted while waiting; its messages may still be stored,
     *                              and are then duplicates when the platform delivers them again
     */
    InboundRecorder.Result record(long accountId, List<InboundMessage> messages, Set<String> blocked)
            throws InterruptedException {
        if (!running) {
            throw new IllegalStateException("intake is not running");
        }
        Map<Lane, List<InboundMessage>> shares = new LinkedHashMap<>();
        for (InboundMessage m : messages) {
            shares.computeIfAbsent(laneOf(accountId, m.externalChatId()), lane -> new ArrayList<>()).add(m);
        }
        List<Pending> pending = new ArrayList<>(shares.size());
        shares.forEach((lane, share) -> {
            Pending p = new Pending(new InboundRecorder.Part(accountId, share, blocked));
            pending.add(p);
            lane.queue.add(p);
        });
        int stored = 0;
        int duplicates = 0;
        int sessions = 0;
        RuntimeException failure = null;
        for (Pending p : pending) {
            try {
                InboundRecorder.Result r = p.done.get();
                stored += r.stored();
                duplicates += r.duplicates();
                sessions += r.sessions();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new InboundRecorder.Result(stored, duplicates, sessions);
    }

    /** The lane of a conversation: always the same one, so that a chat's messages are stored in arrival order. */
    private Lane laneOf(long accountId, String chatId) {
        return lanes.get(Math.floorMod(Objects.hash(accountId, chatId), lanes.size()));
    }

    @Override
    public void start() {
        running = true;
        lanes.forEach(Lane::start);
    }

    @Override
    public void stop() {
        running = false;
        for (Lane lane : lanes) {
            lane.thread.interrupt();
        }
        for (Lane lane : lanes) {
            try {
                lane.thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            // whoever still waits gets an answer: not stored, so the platform delivers again
            for (Pending p = lane.queue.poll(); p != null; p = lane.queue.poll()) {
                p.done.completeExceptionally(new IllegalStateException("the hub is stopping"));
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops among the last, after the web server and the plugins, so that whoever hands in a batch is answered. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    /** One caller's batch and the caller's wait for its commit. */
    private static final class Pending {
        final InboundRecorder.Part part;
        final CompletableFuture<InboundRecorder.Result> done = new CompletableFuture<>();

        Pending(InboundRecorder.Part part) {
            this.part = part;
        }
    }

    /** A writer: one thread that commits the batches queued for it, group after group. */
    private final class Lane implements Runnable {
        final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
        final Thread thread;

        Lane(int index) {
            thread = new Thread(this, "hub-intake-" + index);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            List<Pending> group = new ArrayList<>();
            while (running) {
                try {
                    Pending first = queue.take();
                    group.add(first);
                    int messages = first.part.messages().size();
                    for (Pending next = queue.peek(); next != null && messages + next.part.messages().size()
                            <= maxGroup; next = queue.peek()) {
                        group.add(queue.poll());
                        messages += next.part.messages().size();
                    }
                    metrics.intakeGroup(group.size(), messages);
                    commit(group);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail(group, new IllegalStateException("the hub is stopping"));
                    return;
                } catch (RuntimeException | Error e) {
                    // never leave a caller waiting, whatever went wrong
                    LOG.error("Intake writer failed", e);
                    fail(group, e instanceof RuntimeException r ? r : new IllegalStateException(e));
                } finally {
                    group.clear();
                }
            }
        }

        private void commit(List<Pending> group) throws InterruptedException {
            RuntimeException failure = attempt(group);
            if (failure == null) {
                return;
            }
            if (group.size() == 1 || StoreFailures.notTheMessages(failure) && !Conflicts.isLockConflict(failure)) {
                fail(group, failure);
                return;
            }
            LOG.info("A group of {} intake batches could not be stored together ({}); storing them one by one",
                    group.size(), Conflicts.describe(failure));
            for (Pending p : group) {
                RuntimeException alone = attempt(List.of(p));
                if (alone != null) {
                    p.done.completeExceptionally(alone);
                }
            }
        }

        /** Records the group in one transaction, again while it meets concurrent transactions; null on success. */
        private RuntimeException attempt(List<Pending> group) throws InterruptedException {
            List<InboundRecorder.Part> parts = group.stream().map(p -> p.part).toList();
            for (int attempt = 1; ; attempt++) {
                try {
                    List<InboundRecorder.Result> results = recorder.recordAll(parts);
                    for (int i = 0; i < group.size(); i++) {
                        group.get(i).done.complete(results.get(i));
                    }
                    return null;
                } catch (RuntimeException e) {
                    if (attempt == ATTEMPTS || !Conflicts.isLockConflict(e) && !Conflicts.isDuplicateKey(e)) {
                        return e;
                    }
                    LOG.debug("Intake attempt {} met a concurrent change, retrying: {}", attempt,
                            Conflicts.describe(e));
                    Thread.sleep(5L * attempt);
                }
            }
        }

        private void fail(List<Pending> group, RuntimeException e) {
            group.forEach(p -> p.done.completeExceptionally(e));
        }
    }
}
