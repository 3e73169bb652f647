package org.lineshub.hub.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator: offers messages to an {@link Intake} and times them in the {@link Ledger}. The same code drives
 * the hub and the baseline.
 *
 * <ul>
 *   <li><b>Open loop</b> (a rate): bursts are due on a fixed schedule, whatever the hub does; a sending thread takes
 *   each message as soon as one is free. Latency counts from the time the message was <i>due</i>, so a hub that
 *   falls behind shows it in its latencies instead of slowing the generator down (no coordinated omission). When a
 *   message has waited longer than {@code bench.maxLag}, or the messages on their way would take longer than that
 *   at the rate the hub has stored so far, the hub cannot take the rate: offering stops, messages not yet sent are
 *   dropped and the load is marked overloaded (what was sent is still waited for, so a hub that buffers, like a
 *   mailbox or Telegram's queue, takes a while to catch up).</li>
 *   <li><b>Closed loop</b> ({@code max}): a fixed number of messages is on its way at any time; a new burst goes as
 *   soon as there is room for it. Latency counts from the time a message was let go.</li>
 * </ul>
 *
 * <p>A delivery answered with anything but 2xx, or failing on the way, is counted and sent again after a short
 * pause (as the platforms deliver again), up to a minute.
 */
final class LoadDriver {

    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PUSH_GRACE = Duration.ofSeconds(10);
    private static final long RETRY_PAUSE_NANOS = Duration.ofMillis(50).toNanos();
    private static final Intake.Job POISON = new Intake.Job(-1, -1, -1);

    private final BenchOptions options;
    private final Ledger ledger;
    private final boolean events;

    /**
     * @param options the options
     * @param ledger  the run's ledger
     * @param events  whether an {@link EventWatcher} times the events of these messages
     */
    LoadDriver(BenchOptions options, Ledger ledger, boolean events) {
        this.options = options;
        this.ledger = ledger;
        this.events = events;
    }

    /**
     * Offers one load and waits until everything sent was stored.
     *
     * @param intake   the way in
     * @param plan     the scenario's chats
     * @param target   {@code hub} or {@code baseline}
     * @param load     the load
     * @param duration how long to offer
     * @param messages when positive, how many messages to offer instead
     * @param cpuGroups thread groups the CPU line shows, label to name part
     * @return the figures
     */
    LoadResult run(Intake intake, ChatPlan plan, String target, BenchOptions.Load load, Duration duration,
                   int messages, Map<String, String> cpuGroups) throws Exception {
        Phase phase = new Phase(intake, load);
        ledger.onStored(phase::stored);
        ledger.onPushed(phase::pushed);
        int senders = intake.senders(load);
        ExecutorService pool = Executors.newFixedThreadPool(senders, new Named("bench-sender-"));
        List<Future<?>> running = new ArrayList<>();
        String cpuLine;
        try {
            for (int i = 0; i < senders; i++) {
                Intake.Sender sender = intake.openSender();
                running.add(pool.submit(() -> phase.send(sender)));
            }
            CpuMeter cpu = new CpuMeter(cpuGroups);
            if (load.closed()) {
                phase.closedLoop(plan, duration, messages, intake.window(load));
            } else {
                phase.openLoop(plan, duration, messages);
            }
            phase.awaitStored(running);
            // while the sending threads still live: the CPU of threads that ended is not counted
            cpuLine = cpu.report(phase.completed.get());
        } catch (Exception | Error e) {
            phase.queue.clear();
            throw e;
        } finally {
            for (int i = 0; i < senders; i++) {
                phase.queue.add(POISON);
            }
            pool.shutdown();
        }
        for (Future<?> f : running) {
            f.get();
        }
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        ledger.onStored(seq -> { });
        ledger.onPushed(seq -> { });
        return phase.result(target, cpuLine);
    }

    /** One load's state, shared by the feeding thread, the sending threads and whoever reports stored messages. */
    private final class Phase {
        private final Intake intake;
        private final BenchOptions.Load load;
        private final long first = ledger.nextSeq();
        private final LinkedBlockingQueue<Intake.Job> queue = new LinkedBlockingQueue<>();
        private final AtomicLong completed = new AtomicLong();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong pushes = new AtomicLong();
        /** Messages handed to the queue whose delivery has not finished. */
        private final AtomicLong undelivered = new AtomicLong();
        private final AtomicInteger non2xx = new AtomicInteger();
        private final AtomicInteger status5xx = new AtomicInteger();
        private final AtomicInteger ioErrors = new AtomicInteger();
        private final Semaphore room = new Semaphore(0);
        private volatile boolean closedLoop;
        private long end;
        private boolean overloaded;
        private int cancelled;
        private long oldestOpen;

        Phase(Intake intake, BenchOptions.Load load) {
            this.intake = intake;
            this.load = load;
            this.oldestOpen = first;
        }

        /** A message of this load was stored (called by whoever sees it). */
        void stored(long seq) {
            if (seq >= first) {
                completed.incrementAndGet();
                if (closedLoop) {
                    room.release();
                }
            }
        }

        /** The event of a message of this load arrived. */
        void pushed(long seq) {
            if (seq >= first) {
                pushes.incrementAndGet();
            }
        }

        void openLoop(ChatPlan plan, Duration duration, int messages) {
            long start = System.nanoTime() + Duration.ofMillis(20).toNanos();
            long stop = start + duration.toNanos();
            double nanosPerMessage = 1e9 / load.rate();
            long offered = 0;
            while (messages <= 0 || offered < messages) {
                long due = start + Math.round(offered * nanosPerMessage);
                if (messages <= 0 && due >= stop) {
                    break;
                }
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (lagging(System.nanoTime(), start, offered)) {
                    overloaded = true;
                    break;
                }
                int chat = plan.nextChat();
                for (int k = plan.burst(); k > 0 && (messages <= 0 || offered < messages); k--) {
                    undelivered.incrementAndGet();
                    queue.add(new Intake.Job(ledger.allocate(due), chat, plan.nextNth(chat)));
                    offered++;
                }
            }
            end = System.nanoTime();
            if (overloaded) {
                List<Intake.Job> unsent = new ArrayList<>();
                queue.drainTo(unsent);
                cancelled = unsent.size();
                undelivered.addAndGet(-cancelled);
            }
        }

        /**
         * @return whether the oldest message not stored yet waited longer than allowed, or, after the first second,
         *     the messages not stored yet would take longer than that at the rate the hub has stored so far
         */
        private boolean lagging(long now, long start, long offered) {
            long next = ledger.nextSeq();
            while (oldestOpen < next && ledger.stored(oldestOpen) != 0) {
                oldestOpen++;
            }
            long maxLag = options.maxLag().toNanos();
            if (oldestOpen < next && now - ledger.due(oldestOpen) > maxLag) {
                return true;
            }
            long elapsed = now - start;
            long done = completed.get();
            long open = offered - done;
            // more open than half a second of the rate: a healthy hub has far fewer on their way
            return elapsed > 1_000_000_000L && done > 0 && open > Math.max(50, load.rate() / 2)
                    && open * (double) elapsed / done > maxLag;
        }

        void closedLoop(ChatPlan plan, Duration duration, int messages, int window) throws InterruptedException {
            closedLoop = true;
            room.release(window);
            long stop = System.nanoTime() + duration.toNanos();
            long offered = 0;
            long progress = System.nanoTime();
            long lastCompleted = 0;
            while (messages > 0 ? offered < messages : System.nanoTime() < stop) {
                int burst = plan.burst();
                if (messages > 0) {
                    burst = (int) Math.min(burst, messages - offered);
                }
                burst = Math.min(burst, window);
                if (!room.tryAcquire(burst, 50, TimeUnit.MILLISECONDS)) {
                    long now = System.nanoTime();
                    if (completed.get() != lastCompleted) {
                        lastCompleted = completed.get();
                        progress = now;
                    } else if (now - progress > STALL_TIMEOUT.toNanos()) {
                        throw new IllegalStateException(intake.name() + ": nothing was stored for "
                                + STALL_TIMEOUT.toSeconds() + " s");
                    }
                    continue;
                }
                long now = System.nanoTime();
                int chat = plan.nextChat();
                for (int k = 0; k < burst; k++) {
                    undelivered.incrementAndGet();
                    queue.add(new Intake.Job(ledger.allocate(now), chat, plan.nextNth(chat)));
                    offered++;
                }
            }
            end = System.nanoTime();
        }

        /** A sending thread: delivers messages until told to stop. */
        Void send(Intake.Sender sender) throws Exception {
            try (sender) {
                while (true) {
                    Intake.Job job = queue.take();
                    if (job == POISON) {
                        return null;
                    }
                    try {
                        deliver(sender, job);
                    } finally {
                        undelivered.decrementAndGet();
                    }
                }
            }
        }

        private void deliver(Intake.Sender sender, Intake.Job job) throws InterruptedException {
            long started = System.nanoTime();
            ledger.sent(job.seq(), started);
            sent.incrementAndGet();
            while (true) {
                int status;
                try {
                    status = sender.send(job);
                } catch (IOException e) {
                    ioErrors.incrementAndGet();
                    status = 0;
                }
                if (status >= 200 && status < 300) {
                    long now = System.nanoTime();
                    ledger.answered(job.seq(), now);
                    if (intake.storedOnAnswer()) {
                        ledger.stored(job.seq(), now);
                    }
                    return;
                }
                if (status != 0) {
                    non2xx.incrementAndGet();
                    if (status >= 500) {
                        status5xx.incrementAndGet();
                    }
                }
                if (System.nanoTime() - started > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException(intake.name() + ": a message was not accepted for "
                            + STALL_TIMEOUT.toSeconds() + " s; last answer " + (status == 0 ? "an I/O error"
                            : String.valueOf(status)));
                }
                Thread.sleep(RETRY_PAUSE_NANOS / 1_000_000);
            }
        }

        /** Waits until the queue is empty, no delivery is under way and every message sent was stored. */
        void awaitStored(List<Future<?>> senders) throws Exception {
            long progress = System.nanoTime();
            long last = -1;
            while (true) {
                for (Future<?> f : senders) {
                    if (f.isDone()) {
                        f.get();
                        throw new IllegalStateException("a sending thread stopped");
                    }
                }
                if (undelivered.get() == 0 && completed.get() >= sentCount()) {
                    break;
                }
                long now = System.nanoTime();
                if (completed.get() != last) {
                    last = completed.get();
                    progress = now;
                } else if (now - progress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException(intake.name() + ": nothing was stored for "
                            + STALL_TIMEOUT.toSeconds() + " s; " + completed.get() + " of " + sentCount()
                            + " messages of this load stored");
                }
                Thread.sleep(2);
            }
            if (events) {
                awaitPushes();
            }
        }

        private long sentCount() {
            return sent.get();
        }

        /** Events come after the commit: gives late ones a moment, as long as they keep coming. */
        private void awaitPushes() throws InterruptedException {
            long progress = System.nanoTime();
            long lastMissing = -1;
            while (true) {
                long missing = sent.get() - pushes.get();
                if (missing <= 0) {
                    return;
                }
                long now = System.nanoTime();
                if (missing != lastMissing) {
                    lastMissing = missing;
                    progress = now;
                } else if (now - progress > PUSH_GRACE.toNanos()) {
                    return;
                }
                Thread.sleep(20);
            }
        }

        LoadResult result(String target, String cpuLine) {
            long next = ledger.nextSeq();
            int n = 0;
            for (long seq = first; seq < next; seq++) {
                n += ledger.sent(seq) != 0 ? 1 : 0;
            }
            long[] storedAt = new long[n];
            long[] stored = new long[n];
            long[] pushed = new long[n];
            long[] fromDue = new long[n];
            // the answers are timed apart from storing where they do not mean stored: the REST API's replies
            long[] answered = intake.http() && !intake.storedOnAnswer() ? new long[n] : null;
            int pushes = 0;
            long firstDue = Long.MAX_VALUE;
            long lastStored = Long.MIN_VALUE;
            for (long seq = first; seq < next; seq++) {
                if (ledger.sent(seq) != 0) {
                    firstDue = Math.min(firstDue, ledger.due(seq));
                    lastStored = Math.max(lastStored, ledger.stored(seq));
                }
            }
            boolean separateReceipt = false;
            int i = 0;
            for (long seq = first; seq < next; seq++) {
                if (ledger.sent(seq) == 0) {
                    continue;
                }
                long received = intake.receivedAt(ledger, seq);
                separateReceipt |= received != ledger.due(seq);
                storedAt[i] = ledger.stored(seq) - firstDue;
                stored[i] = ledger.stored(seq) - received;
                fromDue[i] = ledger.stored(seq) - ledger.due(seq);
                if (answered != null) {
                    answered[i] = ledger.answered(seq) - ledger.sent(seq);
                }
                if (ledger.pushed(seq) != 0) {
                    pushed[pushes++] = ledger.pushed(seq) - received;
                }
                i++;
            }
            List<String> notes = new ArrayList<>();
            notes.add(String.format(Locale.ROOT, "offered %s for %.1f s: %d messages, %d sending threads%s", load.closed()
                    ? "closed loop, " + intake.window(load) + " in flight" : load.label() + "/s",
                    (end - firstDueOr(end, firstDue)) / 1e9, n, intake.senders(load),
                    overloaded ? String.format(Locale.ROOT, "; OVERLOADED: messages would wait over %s, "
                            + "offering stopped, %d unsent dropped", BenchOptions.seconds(options.maxLag()), cancelled)
                            : ""));
            notes.add(cpuLine);
            return new LoadResult(intake.name(), target, load, n, n == 0 ? 0 : lastStored - firstDue, storedAt,
                    stored, events ? Arrays.copyOf(pushed, pushes) : null, events ? n - pushes : 0,
                    separateReceipt ? fromDue : null, answered, non2xx.get(), status5xx.get(), ioErrors.get(),
                    overloaded, cancelled, notes);
        }

        private long firstDueOr(long fallback, long firstDue) {
            return firstDue == Long.MAX_VALUE ? fallback : firstDue;
        }
    }

    /** Names the generator's threads, so that the CPU figures can tell them apart. */
    static final class Named implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        Named(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
