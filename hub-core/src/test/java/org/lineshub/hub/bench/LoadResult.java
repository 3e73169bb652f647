package org.lineshub.hub.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one load of one scenario.
 *
 * @param scenario    the scenario, e.g. {@code telegram-webhook}
 * @param target      {@code hub} or {@code baseline}
 * @param load        the load offered
 * @param messages    messages sent and stored
 * @param elapsedNanos first message due to last one stored
 * @param storedNanos when each message was stored, after the first one was due, in storing order
 * @param stored      receipt-to-stored latency of each message
 * @param pushed      receipt-to-event latency of each message whose event came, or {@code null} without events
 * @param missingPushes stored messages whose event never came
 * @param fromDue     latency from the message being due, where the latencies start later (polling: from the
 *                    update being queued at the fake; replies: from their place in the open loop's schedule), or
 *                    {@code null}
 * @param answered    replies: latency of the REST API's answer from the request's start, or {@code null} where the
 *                    answer means stored
 * @param non2xx      non-2xx answers (each one retried)
 * @param status5xx   of these, 5xx answers
 * @param ioErrors    requests that failed on the way (connection closed, reset, timed out; retried)
 * @param overloaded  whether the open loop stopped early because messages waited longer than {@code bench.maxLag}
 * @param cancelled   messages never sent because the load stopped early
 * @param notes       more facts: CPU, intake specifics
 */
record LoadResult(String scenario, String target, BenchOptions.Load load, int messages, long elapsedNanos,
                  long[] storedNanos, long[] stored, long[] pushed, int missingPushes, long[] fromDue,
                  long[] answered, int non2xx, int status5xx, int ioErrors, boolean overloaded, int cancelled,
                  List<String> notes) {

    double throughput() {
        return elapsedNanos <= 0 ? 0 : messages / (elapsedNanos / 1e9);
    }

    /** @return messages per second within each quarter of the messages, in the order they were stored */
    String quarters() {
        if (storedNanos.length < 4) {
            return "-";
        }
        long[] sorted = storedNanos.clone();
        Arrays.sort(sorted);
        List<String> rates = new ArrayList<>();
        long start = 0;
        for (int q = 1; q <= 4; q++) {
            int from = sorted.length * (q - 1) / 4;
            int to = sorted.length * q / 4;
            long end = sorted[Math.max(0, to - 1)];
            rates.add(end > start ? String.format(Locale.ROOT, "%.0f", (to - from) / ((end - start) / 1e9)) : "-");
            start = end;
        }
        return String.join(" / ", rates);
    }

    /** Nearest-rank percentiles of latencies. */
    static final class Percentiles {
        private final long[] sorted;

        Percentiles(long[] values) {
            this.sorted = values == null ? new long[0] : values.clone();
            Arrays.sort(this.sorted);
        }

        boolean empty() {
            return sorted.length == 0;
        }

        /** @return the percentile in nanoseconds, or -1 without values */
        long at(double p) {
            if (sorted.length == 0) {
                return -1;
            }
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        long max() {
            return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
        }

        /** @return milliseconds with one decimal, or a dash */
        static String ms(long nanos) {
            if (nanos < 0) {
                return "-";
            }
            double ms = nanos / 1e6;
            return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
        }

        String summary() {
            return empty() ? "n/a" : "p50 " + ms(at(50)) + "  p99 " + ms(at(99)) + "  p99.9 " + ms(at(99.9))
                    + "  max " + ms(max()) + " ms";
        }
    }
}
