package org.lineshub.whatsapp;

import java.time.Duration;
import java.util.Set;

import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;

/**
 * A Graph API call that failed: Meta answered with an error object, or could not be reached. The message names the
 * call and what Meta said, never the access token and never message content.
 *
 * <p>Meta's error object is {@code {"error":{"message","type","code","error_subcode","error_data":{"details"},
 * "fbtrace_id"}}} ("WhatsApp error codes", developers.facebook.com/documentation/business-messaging/whatsapp/support/
 * error-codes); Meta advises to act on {@code code} and {@code details}, not on titles.
 */
class WhatsAppApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status for a call that got no answer. */
    static final int NO_RESPONSE = 0;
    /** The error code when the answer carried no Graph error object. */
    static final int NO_CODE = -1;

    /**
     * Codes worth retrying, per Meta's error code reference: 1 API Unknown ("possible server error"), 2 API Service
     * (temporary downtime or overload), 4 too many calls, 80007 WABA rate limit, 130429 throughput rate limit,
     * 131000 something went wrong, 131016 service unavailable, 131056 pair rate limit (too many messages to the same
     * user; "wait and retry"), 131057 account in maintenance mode, 133004 server temporarily unavailable.
     */
    private static final Set<Integer> TRANSIENT = Set.of(1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057,
            133004);
    /** 0 AuthException and 190 access token expired or invalid: nothing works until an admin replaces the token. */
    private static final Set<Integer> UNAUTHORIZED = Set.of(0, 190);

    private final int httpStatus;
    private final int code;
    private final transient Duration retryAfter;

    /**
     * @param call       what was called, e.g. {@code send message}
     * @param httpStatus the HTTP status, or {@link #NO_RESPONSE}
     * @param code       Meta's {@code error.code}, or {@link #NO_CODE}
     * @param reason     Meta's message and details, or what went wrong on the way; no secrets
     * @param retryAfter the answer's {@code Retry-After}, or {@code null}
     */
    WhatsAppApiException(String call, int httpStatus, int code, String reason, Duration retryAfter) {
        super("WhatsApp " + call + " failed: " + (code == NO_CODE ? "" : "error " + code + ", ") + reason);
        this.httpStatus = httpStatus;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    int httpStatus() {
        return httpStatus;
    }

    int code() {
        return code;
    }

    /** @return true when Meta was not reached, asked to slow down, or failed itself */
    boolean isTransient() {
        if (httpStatus == NO_RESPONSE || TRANSIENT.contains(code)) {
            return true;
        }
        // an answer without a Graph error object (a proxy's 502, say) is judged by its status alone
        return code == NO_CODE && (httpStatus == 429 || httpStatus >= 500);
    }

    /** @return true when Meta refuses the access token */
    boolean isUnauthorized() {
        return UNAUTHORIZED.contains(code) || (code == NO_CODE && httpStatus == 401);
    }

    /**
     * Translates the failure for the hub: transient ones are retried with backoff, the others are final and their
     * reason is shown to operators.
     *
     * @param partsSent how many parts of the message being sent Meta accepted before, counting earlier attempts
     * @return a {@link ChannelTransportException} or a {@link ChannelRejectedException}
     */
    RuntimeException toChannelException(int partsSent) {
        if (isTransient()) {
            return new ChannelTransportException(getMessage(), this, retryAfter, partsSent);
        }
        if (isUnauthorized()) {
            return new ChannelRejectedException("WhatsApp rejected the access token", partsSent);
        }
        return new ChannelRejectedException(getMessage(), partsSent);
    }
}
