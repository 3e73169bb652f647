package org.lineshub.hub.bench;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.lineshub.telegram.fake.FakeBot;

/**
 * Telegram's long polling: messages are queued as updates in the fake Bot API ({@code FakeBot}) and the hub's
 * account fetches them with {@code getUpdates}, up to 100 an answer. An update is <i>received</i> when getUpdates
 * handed it out ({@link FakeBot#deliveredAt}); it is <i>stored</i> when the hub confirmed it with the offset of its
 * next getUpdates call, which the hub sends only after the transaction committed. A watcher thread samples the
 * fake's count of unconfirmed updates every 0.25 ms to time that: the fake confirms in update order, so the confirmed
 * updates are always the first {@code queued - pending}. The time from queueing (when Telegram has the message) is
 * reported too.
 */
final class TelegramPollingIntake implements Intake {

    private static final long WATCH_INTERVAL_NANOS = 250_000;
    private static final int MAX_UPDATES = 1 << 20;

    private final FakeBot bot;
    private final Ledger ledger;
    private final BenchOptions options;
    private final Runnable onClose;
    private final long nanosMinusEpochNanos;
    /** Message numbers in the order they were queued, the first {@link #queued} of them valid. */
    private final AtomicLongArray order = new AtomicLongArray(MAX_UPDATES);
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread watcher;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private int callsBefore;
    private int queuedBefore;

    /**
     * @param bot     the fake bot the hub's polling account reads
     * @param ledger  the run's ledger
     * @param options the options
     * @param onClose what closing the intake frees
     */
    TelegramPollingIntake(FakeBot bot, Ledger ledger, BenchOptions options, Runnable onClose) {
        this.bot = bot;
        this.ledger = ledger;
        this.options = options;
        this.onClose = onClose;
        Instant now = Instant.now();
        this.nanosMinusEpochNanos = System.nanoTime() - (now.getEpochSecond() * 1_000_000_000L + now.getNano());
        this.watcher = new Thread(this::watch, "bench-confirmations");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public String name() {
        return BenchOptions.POLLING;
    }

    @Override
    public boolean storedOnAnswer() {
        return false;
    }

    @Override
    public int senders(BenchOptions.Load load) {
        // queueing in the fake takes microseconds; one thread keeps the update order the watcher relies on
        return 1;
    }

    @Override
    public int window(BenchOptions.Load load) {
        return options.pollWindow();
    }

    @Override
    public Sender openSender() {
        return job -> {
            if (failure != null) {
                throw failure;
            }
            long chat = TelegramWebhookIntake.FIRST_CHAT + job.chat();
            long updateId = bot.enqueueText(chat, chat, "Bench" + chat, Ledger.text(job.seq()));
            ledger.aux(job.seq(), updateId);
            int i = queued.get();
            if (i == MAX_UPDATES) {
                throw new IllegalStateException("more than " + MAX_UPDATES + " updates in one run");
            }
            order.set(i, job.seq());
            queued.set(i + 1);
            return 200;
        };
    }

    /** Marks updates stored as the hub confirms them. */
    private void watch() {
        int confirmed = 0;
        try {
            while (running) {
                int before = queued.get();
                int pending = bot.pendingUpdateCount();
                int after = queued.get();
                long now = System.nanoTime();
                // reading the queued count before and after the pending count, and using only samples where both
                // agree, never credits an update too early
                int nowConfirmed = before == after ? before - pending : confirmed;
                for (; confirmed < nowConfirmed; confirmed++) {
                    ledger.stored(order.get(confirmed), now);
                }
                LockSupport.parkNanos(WATCH_INTERVAL_NANOS);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    @Override
    public long receivedAt(Ledger ledger, long seq) {
        Instant delivered = bot.deliveredAt(ledger.aux(seq));
        if (delivered == null) {
            return ledger.due(seq);
        }
        return delivered.getEpochSecond() * 1_000_000_000L + delivered.getNano() + nanosMinusEpochNanos;
    }

    @Override
    public Map<String, String> storingThreads() {
        return Intake.hubThreads("hub poller", "telegram-polling-");
    }

    @Override
    public String timing() {
        return "getUpdates handed the update out -> the hub confirmed it (next offset, after the commit)";
    }

    @Override
    public String note() {
        int calls = bot.getUpdatesCalls() - callsBefore;
        int updates = queued.get() - queuedBefore;
        callsBefore += calls;
        queuedBefore += updates;
        return String.format(Locale.ROOT, "getUpdates calls: %d, %.1f updates per answer", calls,
                (double) updates / Math.max(1, calls));
    }

    @Override
    public void close() {
        running = false;
        try {
            watcher.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onClose.run();
    }
}
