package org.lineshub.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The token buckets, on a clock the test turns. */
class WebchatRateLimitTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final WebchatRateLimit limit = new WebchatRateLimit("messages", 3, 6, now::get);

    @Test
    void letsABurstThroughThenRefillsAtTheRate() {
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isFalse();
        assertThat(limit.tryAcquire("b")).as("another key").isTrue();

        now.addAndGet(TimeUnit.SECONDS.toNanos(9));
        assertThat(limit.tryAcquire("a")).as("6 a minute: none back after 9 s").isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(limit.tryAcquire("a")).as("one back after 10 s").isTrue();
        assertThat(limit.tryAcquire("a")).isFalse();

        now.addAndGet(TimeUnit.MINUTES.toNanos(10));
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).isTrue();
        assertThat(limit.tryAcquire("a")).as("never more than the capacity").isFalse();
        assertThat(limit.reason()).isEqualTo("too many messages; wait a minute");
    }

    @Test
    void forgetsKeysWhoseBucketsAreFullAgain() {
        limit.tryAcquire("a");
        limit.tryAcquire("b");
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        limit.tryAcquire("b");
        now.addAndGet(TimeUnit.SECONDS.toNanos(6));

        limit.evictIdle();

        assertThat(limit.size()).as("a is full again, b not yet").isEqualTo(1);
        now.addAndGet(TimeUnit.MINUTES.toNanos(1));
        limit.evictIdle();
        assertThat(limit.size()).isZero();
    }
}
