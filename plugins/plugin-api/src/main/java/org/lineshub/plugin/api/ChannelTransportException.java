package org.lineshub.plugin.api;

import java.time.Duration;

/**
 * The platform could not be reached or asked to come back later: I/O errors, HTTP 429, HTTP 5xx. The hub retries
 * the operation with backoff. The message must not contain credentials or message content.
 *
 * <p>A sender that delivers one {@link OutboundMessage} as several platform messages (parts) and fails after the
 * platform accepted some of them says how many with {@link #partsSent()}: the hub keeps the count with the message and
 * hands it back in {@link OutboundMessage#partsSent()} on the next attempt, so the parts already delivered are not
 * sent again.
 */
public class ChannelTransportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;
    private final int partsSent;

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
        this(message, cause, retryAfter, 0);
    }

    /**
     * @param message    what failed, without secrets
     * @param cause      the underlying error, or {@code null}
     * @param retryAfter how long the platform asked to wait, or {@code null}
     * @param partsSent  how many leading parts of the message the platform has accepted in total, counting those of
     *                   earlier attempts ({@link OutboundMessage#partsSent()} plus the ones accepted in this attempt)
     * @throws IllegalArgumentException when {@code partsSent} is negative
     */
    public ChannelTransportException(String message, Throwable cause, Duration retryAfter, int partsSent) {
        super(message, cause);
        if (partsSent < 0) {
            throw new IllegalArgumentException("partsSent must not be negative");
        }
        this.retryAfter = retryAfter;
        this.partsSent = partsSent;
    }

    /** @return how long the platform asked to wait before the next attempt, or {@code null} */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * @return how many leading parts of the message the platform has accepted in total, including earlier attempts;
     *         0 when the message is not sent in parts or none was accepted. The hub never lowers the count it keeps,
     *         so an exception thrown without it does not make parts go out again.
     */
    public int partsSent() {
        return partsSent;
    }
}
