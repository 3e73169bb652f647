package org.lineshub.telegram;

import java.time.Duration;

/**
 * Waits between attempts against a failing Bot API: 1 s, doubling up to 30 s, back to 1 s after a success. Not
 * thread-safe: each polling or registration thread has its own.
 */
final class TelegramBackoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);

    private Duration next = FIRST;

    /**
     * Sleeps for the current delay, or longer when Telegram asked for it, and doubles the delay.
     *
     * @param retryAfter how long Telegram asked to wait (HTTP 429), or {@code null}
     * @throws InterruptedException when the thread is interrupted (the account stops)
     */
    void sleep(Duration retryAfter) throws InterruptedException {
        Duration delay = retryAfter != null && retryAfter.compareTo(next) > 0 ? retryAfter : next;
        next = next.multipliedBy(2).compareTo(MAX) > 0 ? MAX : next.multipliedBy(2);
        Thread.sleep(delay.toMillis());
    }

    /** @return the delay the next {@link #sleep} waits at least */
    Duration peek() {
        return next;
    }

    /** Starts again from the first delay after a success. */
    void reset() {
        next = FIRST;
    }
}
