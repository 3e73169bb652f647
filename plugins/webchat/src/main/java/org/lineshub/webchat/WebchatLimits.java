package org.lineshub.webchat;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The rate limits of one account. The numbers are generous for a person and tight for a script: a visitor types a
 * few messages a minute, a page opens a handful of connections.
 */
final class WebchatLimits {

    /** Connections one chat may have open at once (tabs, devices). */
    static final int CONNECTIONS_PER_CHAT = 10;
    /** Connections the account takes at once. */
    static final int CONNECTIONS = 20_000;

    /** New visitors (tokens made) per browser address. */
    final WebchatRateLimit visitors;
    /** New visitors from requests whose address is unknown, together (see {@link WebchatRequests#address}). */
    final WebchatRateLimit visitorsUnknownAddress;
    /** Messages per chat. */
    final WebchatRateLimit messages;
    /** Files per chat. */
    final WebchatRateLimit uploads;
    /** Offline-form messages per browser address. */
    final WebchatRateLimit offline;
    /** Read reports per chat. */
    final WebchatRateLimit reads;

    WebchatLimits(LongSupplier nanoClock) {
        visitors = new WebchatRateLimit("new visitors from this address", 10, 10, nanoClock);
        visitorsUnknownAddress = new WebchatRateLimit("new visitors", 200, 200, nanoClock);
        messages = new WebchatRateLimit("messages", 20, 30, nanoClock);
        uploads = new WebchatRateLimit("files", 5, 10, nanoClock);
        offline = new WebchatRateLimit("messages from this address", 5, 5, nanoClock);
        reads = new WebchatRateLimit("read reports", 30, 60, nanoClock);
    }

    WebchatLimits() {
        this(System::nanoTime);
    }

    /** @return the limit of new visitors for a browser address */
    WebchatRateLimit visitorsFrom(String address) {
        return WebchatRequests.UNKNOWN_ADDRESS.equals(address) ? visitorsUnknownAddress : visitors;
    }

    /** Forgets the keys that are idle again. */
    void evictIdle() {
        List.of(visitors, visitorsUnknownAddress, messages, uploads, offline, reads)
                .forEach(WebchatRateLimit::evictIdle);
    }
}
