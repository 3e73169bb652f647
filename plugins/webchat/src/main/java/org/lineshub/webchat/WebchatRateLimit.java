package org.lineshub.webchat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (an address, a chat), in memory: each key may spend {@code capacity} at once and gets
 * {@code perMinute} back per minute. The web chat is open to anyone on the internet; these keep one visitor, or one
 * script, from filling the inbox. Buckets that have filled up again are dropped by {@link #evictIdle()}, so the map
 * holds only keys active within the last minutes.
 */
final class WebchatRateLimit {

    private final String name;
    private final int capacity;
    private final double perNano;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** One key's bucket; guarded by itself. */
    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    /**
     * @param name      what is limited, for the visitor's error reason, e.g. {@code messages}
     * @param capacity  how many may be spent at once
     * @param perMinute how many come back per minute
     * @param nanoClock the time, {@link System#nanoTime()} outside tests
     */
    WebchatRateLimit(String name, int capacity, int perMinute, LongSupplier nanoClock) {
        this.name = name;
        this.capacity = capacity;
        this.perNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
        this.nanoClock = nanoClock;
    }

    WebchatRateLimit(String name, int capacity, int perMinute) {
        this(name, capacity, perMinute, System::nanoTime);
    }

    /** @return whether the key may do one more; spends one when it may */
    boolean tryAcquire(String key) {
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    private void refill(Bucket bucket, long now) {
        bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perNano);
        bucket.at = now;
    }

    /** Drops the buckets that are full again: they behave exactly like new ones. */
    void evictIdle() {
        long now = nanoClock.getAsLong();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                refill(e.getValue(), now);
                return e.getValue().tokens >= capacity;
            }
        });
    }

    /** @return how many keys have a bucket */
    int size() {
        return buckets.size();
    }

    /** @return why a visitor over this limit is refused, for the error frame or answer */
    String reason() {
        return "too many " + name + "; wait a minute";
    }
}
