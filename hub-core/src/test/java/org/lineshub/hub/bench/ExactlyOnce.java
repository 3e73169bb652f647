package org.lineshub.hub.bench;

/**
 * Whether every message a scenario sent was stored exactly once: the stored messages are read back (from the hub's
 * REST API, or the baseline's table, or the replies the fake platform received) and matched to what was sent by the
 * number their text carries. A message counts as sent once a delivery of it started, even when it was delivered again
 * after an error; messages dropped unsent by an overloaded open loop are not expected.
 */
final class ExactlyOnce {

    private final Ledger ledger;
    private final long first;
    private final int[] seen;
    private long unexpected;

    /**
     * @param ledger the run's ledger
     * @param first  the scenario's first message number
     * @param end    after its last
     */
    ExactlyOnce(Ledger ledger, long first, long end) {
        this.ledger = ledger;
        this.first = first;
        this.seen = new int[Math.toIntExact(end - first)];
    }

    /** A stored client message's text. */
    void found(String text) {
        found(Ledger.seqOf(text));
    }

    /** A stored message's number, or -1 for a message that carries none. */
    void found(long seq) {
        if (seq >= first && seq < first + seen.length && ledger.sent(seq) != 0) {
            seen[(int) (seq - first)]++;
        } else {
            unexpected++;
        }
    }

    Result result() {
        long stored = 0;
        long missing = 0;
        long duplicated = 0;
        for (int i = 0; i < seen.length; i++) {
            if (ledger.sent(first + i) == 0) {
                continue;
            }
            if (seen[i] == 0) {
                missing++;
            } else if (seen[i] == 1) {
                stored++;
            } else {
                duplicated++;
            }
        }
        return new Result(stored, missing, duplicated, unexpected);
    }

    /**
     * What the stored messages say.
     *
     * @param stored     messages found stored exactly once
     * @param missing    messages not found
     * @param duplicated messages found more than once
     * @param unexpected stored client messages that match none sent (or whose text does not)
     */
    record Result(long stored, long missing, long duplicated, long unexpected) {

        boolean ok() {
            return missing == 0 && duplicated == 0 && unexpected == 0 && stored > 0;
        }

        String summary() {
            return stored + " stored exactly once, " + missing + " missing, " + duplicated + " duplicated, "
                    + unexpected + " unexpected";
        }
    }
}
