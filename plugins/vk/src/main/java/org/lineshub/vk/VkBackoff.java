package org.lineshub.vk;

import java.time.Duration;

/**
 * Waits between attempts against a failing VK: 1 s, doubling up to 30 s, back to 1 s after a success. Not
 * thread-safe: each polling thread has its own.
 */
final class VkBackoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);

    private Duration next = FIRST;

    /**
     * Sleeps for the current delay, or longer when VK's limit asks for it, and doubles the delay.
     *
     * @param atLeast how long to wait at least (a rate limit), or {@code null}
     * @throws InterruptedException when the thread is interrupted (the account stops)
     */
    void sleep(Duration atLeast) throws InterruptedException {
        Duration delay = atLeast != null && atLeast.compareTo(next) > 0 ? atLeast : next;
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
