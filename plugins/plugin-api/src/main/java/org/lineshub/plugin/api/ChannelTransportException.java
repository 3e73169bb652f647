package org.lineshub.plugin.api;

import java.time.Duration;

/**
 * The platform could not be reached or asked to come back later: I/O errors, HTTP 429, HTTP 5xx. The hub retries
 * the operation with backoff. The message must not contain credentials or message content.
 */
public class ChannelTransportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    /**
     * @param message what failed, without secrets
     * @param cause   the underlying error, or {@code null}
     */
    public ChannelTransportException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /**
     * @param message    what failed, without secrets
     * @param cause      the underlying error, or {@code null}
     * @param retryAfter how long the platform asked to wait, or {@code null}
     */
    public ChannelTransportException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** @return how long the platform asked to wait before the next attempt, or {@code null} */
    public Duration retryAfter() {
        return retryAfter;
    }
}
