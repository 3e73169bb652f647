package org.lineshub.vk;

import java.time.Duration;
import java.util.Set;

import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;

/**
 * A VK API call that failed: VK answered with an {@code error} object ({@code error_code}, {@code error_msg}), or could
 * not be reached. The message names the method and what VK said, never the access token or a long-poll key, and never
 * message content.
 */
class VkApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The error code for a failure without an answer from VK (I/O error, timeout, HTTP 5xx, not JSON). */
    static final int NO_RESPONSE = 0;
    /**
     * The error code for a file server that refused for good without a VK error code: an upload server answering
     * {@code {"error": "..."}}, a file download answering 4xx.
     */
    static final int REFUSED = -1;

    /** "Unknown error occurred. Try to repeat the request later." */
    static final int UNKNOWN_ERROR = 1;
    /** "User authorization failed": the access token is invalid or revoked. */
    static final int AUTH_FAILED = 5;
    /** "Too many requests per second". */
    static final int TOO_MANY_REQUESTS = 6;
    /** "Flood control". */
    static final int FLOOD_CONTROL = 9;
    /** "Internal server error". */
    static final int SERVER_ERROR = 10;
    /** "Group authorization failed". */
    static final int GROUP_AUTH_FAILED = 27;
    /** "Rate limit reached": the method's quota is used up for now. */
    static final int RATE_LIMIT = 29;
    /** "Can't send messages for users without permission": the user has not allowed messages from the community. */
    static final int MESSAGES_DENY_SEND = 901;

    /** Codes of failures that go away by themselves (errors.json of the VK API schema, dev.vk.com/reference/errors). */
    private static final Set<Integer> TRANSIENT = Set.of(NO_RESPONSE, UNKNOWN_ERROR, TOO_MANY_REQUESTS, FLOOD_CONTROL,
            SERVER_ERROR, RATE_LIMIT);

    private final String method;
    private final int errorCode;
    private final String description;

    /**
     * @param method      the API method, e.g. {@code messages.send}, or what was called otherwise ({@code long poll})
     * @param errorCode   VK's {@code error_code}, {@link #NO_RESPONSE} or {@link #REFUSED}
     * @param description VK's {@code error_msg}, or what went wrong on the way
     */
    VkApiException(String method, int errorCode, String description) {
        super("VK " + method + " failed: " + description + (errorCode > 0 ? " (error " + errorCode + ")" : ""));
        this.method = method;
        this.errorCode = errorCode;
        this.description = description;
    }

    String method() {
        return method;
    }

    int errorCode() {
        return errorCode;
    }

    String description() {
        return description;
    }

    /** @return true when VK was not reached, failed itself, or limits the rate (6, 9, 29): worth retrying later */
    boolean isTransient() {
        return TRANSIENT.contains(errorCode);
    }

    /** @return true when VK does not accept the access token (revoked, or never valid) */
    boolean isUnauthorized() {
        return errorCode == AUTH_FAILED || errorCode == GROUP_AUTH_FAILED;
    }

    /**
     * VK names no time to wait: the limits are per second (6), per flood window (9) and per day and method (29), so the
     * waits grow with them; the hub's own backoff grows from there.
     *
     * @return how long to wait at least before the next attempt, or {@code null}
     */
    Duration retryAfter() {
        return switch (errorCode) {
            case TOO_MANY_REQUESTS -> Duration.ofSeconds(1);
            case FLOOD_CONTROL -> Duration.ofSeconds(10);
            case RATE_LIMIT -> Duration.ofMinutes(1);
            default -> null;
        };
    }

    /**
     * Translates the failure for the hub: transient ones are retried with backoff, the others are final and VK's
     * {@code error_msg} is the reason operators see.
     *
     * @param partsSent how many parts of the message being sent VK accepted before this failure, counting earlier
     *                  attempts
     * @return a {@link ChannelTransportException} or a {@link ChannelRejectedException}
     */
    RuntimeException toChannelException(int partsSent) {
        if (isTransient()) {
            return new ChannelTransportException(getMessage(), this, retryAfter(), partsSent);
        }
        if (isUnauthorized()) {
            return new ChannelRejectedException("VK rejected the community access token (error " + errorCode + ")",
                    partsSent);
        }
        return new ChannelRejectedException(description + (errorCode > 0 ? " (VK error " + errorCode + ")" : ""),
                partsSent);
    }
}
