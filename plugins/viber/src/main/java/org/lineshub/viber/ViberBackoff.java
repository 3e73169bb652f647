package org.lineshub.viber;

import java.time.Duration;

/**
 * Waits between attempts against a failing REST API: 1 s, doubling up to 60 s. Not thread-safe: each registration
 * thread has its own.
 */
final class ViberBackoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(60);

    private Duration next = FIRST;

    /**
     * Sleeps for the current delay and doubles it.
     *
     * @throws InterruptedException when the thread is interrupted (the account stops)
     */
    void sleep() throws InterruptedException {
        Duration delay = next;
        next = next.multipliedBy(2).compareTo(MAX) > 0 ? MAX : next.multipliedBy(2);
        Thread.sleep(delay.toMillis());
    }

    /** @return the delay the next {@link #sleep} waits */
    Duration peek() {
        return next;
    }
}
