package org.lineshub.hub.system;

import java.time.Duration;

/** Exponential backoff between attempts, shared by everything the hub retries. */
public final class Backoff {

    private Backoff() {
    }

    /**
     * @param attempts failed attempts so far, at least 1
     * @param initial  the wait after the first
     * @param max      the longest wait
     * @return the wait before the next attempt: initial, doubling with each attempt, capped at max
     */
    public static Duration exponential(int attempts, Duration initial, Duration max) {
        long millis = initial.toMillis() << Math.min(20, Math.max(0, attempts - 1));
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
