package org.lineshub.hub.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happened to every message the benchmark sent, by its number ({@code seq}): when it was due, when it went out,
 * when its request was answered, when it was stored (a reply: delivered to the platform) and when the operator's
 * screen heard of it, all as {@link System#nanoTime}. Numbers are unique
 * over the whole run and each message's text carries its number, which is how events and stored messages are matched
 * to what was sent: the hub's events name no external id.
 *
 * <p>Slots are written by different threads (senders, the confirmation watcher, the WebSocket listener) and read by
 * others, so they are atomic; a slot once set keeps its first value.
 */
final class Ledger {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MAX_CHUNKS = 512;
    private static final String PREFIX = "bench m";
    private static final Pattern TEXT = Pattern.compile("bench m(\\d+)");

    private final Column due = new Column();
    private final Column sent = new Column();
    private final Column answered = new Column();
    private final Column stored = new Column();
    private final Column pushed = new Column();
    private final Column aux = new Column();
    private final AtomicLong next = new AtomicLong(1);
    private final AtomicLong duplicatePushes = new AtomicLong();
    private volatile LongConsumer onStored = seq -> { };
    private volatile LongConsumer onPushed = seq -> { };
    private volatile boolean pushMeansStored;

    /** @return the text of a message */
    static String text(long seq) {
        return PREFIX + seq;
    }

    /** @return the number a message's text carries, or -1 when it is no benchmark text */
    static long seqOf(String text) {
        if (text == null) {
            return -1;
        }
        Matcher m = TEXT.matcher(text.strip());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * @param dueNanos when the message is due (open loop: its place in the schedule; closed loop: when it was let go)
     * @return a new message's number
     */
    long allocate(long dueNanos) {
        long seq = next.getAndIncrement();
        due.set(seq, dueNanos);
        return seq;
    }

    /** @return the number the next message gets */
    long nextSeq() {
        return next.get();
    }

    /** Calls a listener with every message number as it is first stored. */
    void onStored(LongConsumer listener) {
        this.onStored = listener;
    }

    /** Calls a listener with every message number as its first event arrives. */
    void onPushed(LongConsumer listener) {
        this.onPushed = listener;
    }

    /** Whether the WebSocket event is the only sign of a message being stored (mail). */
    void pushMeansStored(boolean value) {
        this.pushMeansStored = value;
    }

    void sent(long seq, long nanos) {
        sent.setFirst(seq, nanos);
    }

    void answered(long seq, long nanos) {
        answered.setFirst(seq, nanos);
    }

    void stored(long seq, long nanos) {
        if (stored.setFirst(seq, nanos)) {
            onStored.accept(seq);
        }
    }

    void pushed(long seq, long nanos) {
        if (seq <= 0 || seq >= next.get()) {
            return;
        }
        if (!pushed.setFirst(seq, nanos)) {
            duplicatePushes.incrementAndGet();
            return;
        }
        onPushed.accept(seq);
        if (pushMeansStored) {
            stored(seq, nanos);
        }
    }

    void aux(long seq, long value) {
        aux.set(seq, value);
    }

    long due(long seq) {
        return due.get(seq);
    }

    long sent(long seq) {
        return sent.get(seq);
    }

    long answered(long seq) {
        return answered.get(seq);
    }

    long stored(long seq) {
        return stored.get(seq);
    }

    long pushed(long seq) {
        return pushed.get(seq);
    }

    long aux(long seq) {
        return aux.get(seq);
    }

    /** @return events about a message that was already announced: a message stored twice shows here first */
    long duplicatePushes() {
        return duplicatePushes.get();
    }

    /** One time per message, in chunks allocated as the numbers grow. */
    private static final class Column {
        private final AtomicLongArray[] chunks = new AtomicLongArray[MAX_CHUNKS];

        private AtomicLongArray chunk(long seq, boolean create) {
            int c = (int) (seq >>> CHUNK_BITS);
            if (c >= MAX_CHUNKS) {
                throw new IllegalStateException("more than " + ((long) MAX_CHUNKS * CHUNK) + " messages in one run");
            }
            AtomicLongArray chunk = chunks[c];
            if (chunk == null && create) {
                synchronized (this) {
                    chunk = chunks[c];
                    if (chunk == null) {
                        chunk = new AtomicLongArray(CHUNK);
                        chunks[c] = chunk;
                    }
                }
            }
            return chunk;
        }

        void set(long seq, long value) {
            chunk(seq, true).set((int) (seq & (CHUNK - 1)), value);
        }

        boolean setFirst(long seq, long value) {
            return chunk(seq, true).compareAndSet((int) (seq & (CHUNK - 1)), 0, value == 0 ? 1 : value);
        }

        long get(long seq) {
            AtomicLongArray chunk = chunk(seq, false);
            if (chunk == null) {
                synchronized (this) {
                    chunk = chunks[(int) (seq >>> CHUNK_BITS)];
                }
            }
            return chunk == null ? 0 : chunk.get((int) (seq & (CHUNK - 1)));
        }
    }
}
