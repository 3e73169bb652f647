package org.lineshub.viber;

import java.time.Duration;

import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;

/**
 * A REST Bot API call that failed: Viber answered a non-zero {@code status}, a non-200 HTTP status, or could not be
 * reached. The message names the method and what Viber said, never the auth token and never message content.
 *
 * <p>Status codes, from the REST Bot API's "Error Codes" table: 0 ok, 1 invalidUrl, 2 invalidAuthToken, 3 badData,
 * 4 missingData, 5 receiverNotRegistered, 6 receiverNotSubscribed, 7 publicAccountBlocked, 8 publicAccountNotFound,
 * 9 publicAccountSuspended, 10 webhookNotSet, 11 receiverNoSuitableDevice, 12 tooManyRequests, 13
 * apiVersionNotSupported, 14 incompatibleWithVersion, 15 publicAccountNotAuthorized, 16 inchatReplyMessageNotAllowed,
 * 17 publicAccountIsNotInline, 18 noPublicChat, 19 cannotSendBroadcast, 20 broadcastNotAllowed, other: general error.
 */
class ViberApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The status of a failure without a REST API answer: an I/O error or timeout (HTTP status 0), or an error page. */
    static final int NO_ANSWER = -1;
    static final int INVALID_URL = 1;
    static final int INVALID_AUTH_TOKEN = 2;
    static final int RECEIVER_NOT_SUBSCRIBED = 6;
    static final int WEBHOOK_NOT_SET = 10;
    static final int TOO_MANY_REQUESTS = 12;

    /** How long to wait after "Rate control breach": Viber names no time, and its limit counts per hour. */
    static final Duration RATE_LIMIT_PAUSE = Duration.ofSeconds(60);
    /** How long to wait after "No webhook was set": the account's registration retries in the background. */
    static final Duration WEBHOOK_PAUSE = Duration.ofSeconds(30);

    private final String method;
    private final int status;
    private final int httpStatus;
    private final String statusMessage;

    /**
     * @param method        the REST method, e.g. {@code send_message}
     * @param status        Viber's {@code status}, or {@link #NO_ANSWER}
     * @param httpStatus    the HTTP status, or 0 when there was no answer
     * @param statusMessage Viber's {@code status_message}, or what went wrong on the way
     */
    ViberApiException(String method, int status, int httpStatus, String statusMessage) {
        super("Viber " + method + " failed: " + (status == NO_ANSWER ? "" : "status " + status + " ")
                + statusMessage);
        this.method = method;
        this.status = status;
        this.httpStatus = httpStatus;
        this.statusMessage = statusMessage;
    }

    String method() {
        return method;
    }

    int status() {
        return status;
    }

    String statusMessage() {
        return statusMessage;
    }

    /**
     * @return true when Viber was not reached or failed itself (no REST answer, HTTP 429 or 5xx), asked to slow down
     *         (12, "Rate control breach"), or has no webhook yet (10: the registration is still under way)
     */
    boolean isTransient() {
        return (status == NO_ANSWER && httpStatus == 0) || httpStatus == 429 || httpStatus >= 500
                || status == TOO_MANY_REQUESTS || status == WEBHOOK_NOT_SET;
    }

    /** @return true when Viber does not accept the auth token (2, "The authentication token is not valid") */
    boolean isUnauthorized() {
        return status == INVALID_AUTH_TOKEN;
    }

    /** @return true when the receiver is not subscribed to the bot (6): it unsubscribed, or never wrote */
    boolean isNotSubscribed() {
        return status == RECEIVER_NOT_SUBSCRIBED;
    }

    /**
     * Translates the failure for the hub: transient ones are retried with backoff, the others are final and their
     * reason is shown to operators.
     *
     * @param partsSent how many parts of the message Viber accepted before this failure, counting earlier attempts
     * @return a {@link ChannelTransportException} or a {@link ChannelRejectedException} carrying the count
     */
    RuntimeException toChannelException(int partsSent) {
        if (isTransient()) {
            Duration pause = status == TOO_MANY_REQUESTS ? RATE_LIMIT_PAUSE
                    : status == WEBHOOK_NOT_SET ? WEBHOOK_PAUSE : null;
            return new ChannelTransportException(getMessage(), this, pause, partsSent);
        }
        if (isUnauthorized()) {
            return new ChannelRejectedException("Viber rejected the bot's auth token", partsSent);
        }
        if (isNotSubscribed()) {
            return new ChannelRejectedException(ViberSubscriptions.NOT_SUBSCRIBED, partsSent);
        }
        return new ChannelRejectedException("Viber refused the message: " + statusMessage + " (status " + status
                + ")", partsSent);
    }
}
