package org.lineshub.hub.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unexpected exceptions a plugin's code threw for one running account since the last call that went well. A
 * plugin that throws on every message would otherwise answer each webhook with an error and have each reply retried
 * until it fails, while the account looks as if it ran: once it failed on {@value #FAILURES_TO_STOP} different
 * inputs in a row within {@link #WINDOW}, the account is stopped as failed, with the reason, until an admin restarts
 * it. One input the plugin cannot handle (a poison update the platform delivers again and again, a reply the outbox
 * retries) counts once, so it never stops an account that works for everything else.
 *
 * <p>Reasons and log lines carry the exception's class and message with the account's secret settings blanked out:
 * a plugin's message may quote what it was configured with. A new instance per start of the account.
 */
final class PluginFaults {

    /** How many different inputs in a row a plugin may fail on before its account is stopped. */
    static final int FAILURES_TO_STOP = 5;
    /** Failures longer ago than this no longer count. */
    static final Duration WINDOW = Duration.ofMinutes(10);

    private static final int MIN_SECRET_LENGTH = 6;
    private static final int MAX_DETAIL = 300;

    private final List<String> secrets;
    /** The inputs failed on since the last success, with when; guarded by this. */
    private final Map<String, Instant> streak = new LinkedHashMap<>();
    private String problem;
    private boolean stopping;

    /** @param secrets the values of the account's secret settings */
    PluginFaults(List<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_SECRET_LENGTH).toList();
    }

    /**
     * A call into the plugin returned normally: the streak ends.
     *
     * @return the problem this streak reported, to be cleared, or {@code null}
     */
    synchronized String succeeded() {
        if (streak.isEmpty()) {
            return null;
        }
        streak.clear();
        String reported = problem;
        problem = null;
        return reported;
    }

    /**
     * The plugin threw on an input.
     *
     * @param input what the plugin failed on (the same key for the same input delivered again)
     * @param now   the time
     * @return how many different inputs in a row it failed on within the window, this one included
     */
    synchronized int failed(String input, Instant now) {
        Instant oldest = now.minus(WINDOW);
        for (Iterator<Instant> times = streak.values().iterator(); times.hasNext(); ) {
            if (times.next().isBefore(oldest)) {
                times.remove();
            }
        }
        streak.put(input, now);
        return streak.size();
    }

    /** Remembers the problem reported for the streak, so only that one is cleared when it ends. */
    synchronized void reported(String reported) {
        problem = reported;
    }

    /** @return true the first time only: the account is stopped once */
    synchronized boolean stop() {
        if (stopping) {
            return false;
        }
        stopping = true;
        return true;
    }

    /** @return the exception's class and message, without the account's secrets, cut to a readable length */
    String describe(Throwable error) {
        String message = error.getMessage() == null ? "" : ": " + scrub(error.getMessage());
        String detail = error.getClass().getSimpleName() + message;
        return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
    }

    /** @return a copy of the exception for the log: its stack, its class and message without the secrets */
    Throwable forLog(Throwable error) {
        PluginFailureException copy = new PluginFailureException(error.getClass().getName()
                + (error.getMessage() == null ? "" : ": " + scrub(error.getMessage())));
        copy.setStackTrace(error.getStackTrace());
        return copy;
    }

    private String scrub(String text) {
        String scrubbed = text;
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, "***");
        }
        return scrubbed;
    }
}
