package org.lineshub.hub.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A way messages come in, as the load generator sees it: it opens one {@link Sender} per sending thread and hands
 * each a message to deliver. Where the answer to a delivery means "stored" (webhooks: the hub answers 200 only after
 * the commit) the generator times the answer; otherwise the intake reports stored messages to the {@link Ledger}
 * itself, from a watcher of its own or from the operator's events.
 */
interface Intake extends AutoCloseable {

    /** @return the scenario's name, e.g. {@code telegram-webhook} */
    String name();

    /** @return whether a 2xx answer to {@link Sender#send} means the message was stored */
    boolean storedOnAnswer();

    /** @return whether non-2xx answers are HTTP statuses (they are counted as such) */
    default boolean http() {
        return storedOnAnswer();
    }

    /**
     * @param load the load being offered
     * @return how many sending threads (each with its own sender) to run
     */
    int senders(BenchOptions.Load load);

    /**
     * @param load the load being offered
     * @return closed loop: how many messages may be on their way at once
     */
    int window(BenchOptions.Load load);

    /** @return a sender for one thread */
    Sender openSender() throws IOException;

    /**
     * @param ledger the run's ledger
     * @param seq    a message
     * @return when the message was received, the start of its latencies ({@link System#nanoTime})
     */
    default long receivedAt(Ledger ledger, long seq) {
        return ledger.due(seq);
    }

    /**
     * @return the groups of threads that take and store this intake's messages, for the CPU figures: a label to a
     *     part of the threads' names
     */
    Map<String, String> storingThreads();

    /** The hub's threads every intake goes through: the writer lanes of the group commit. */
    static Map<String, String> hubThreads(String label, String names) {
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put(label, names);
        groups.put("hub intake lanes", "hub-intake-");
        return groups;
    }

    /** @return a fact about the load just measured, for the report (called once after each load), or null */
    default String note() {
        return null;
    }

    /** @return what the latency columns measure, for the report */
    String timing();

    /** Frees what the intake holds (accounts, servers, watcher threads). */
    @Override
    default void close() {
    }

    /**
     * A message to deliver.
     *
     * @param seq  its number (its text carries it)
     * @param chat the chat, 0-based, of the scenario's chats
     * @param nth  its number within the chat, from 1
     */
    record Job(long seq, int chat, long nth) {
    }

    /** Delivers messages from one thread. */
    interface Sender extends AutoCloseable {

        /**
         * @param job the message
         * @return the HTTP status, or 200 when a non-HTTP delivery was accepted
         * @throws IOException when the delivery failed on the way (it is retried)
         */
        int send(Job job) throws IOException;

        @Override
        default void close() {
        }
    }
}
