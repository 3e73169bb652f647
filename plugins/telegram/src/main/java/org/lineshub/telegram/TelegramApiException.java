package org.lineshub.telegram;

import java.time.Duration;

import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;

/**
 * A Bot API call that failed: Telegram answered {@code "ok": false}, or could not be reached. The message names the
 * method and what Telegram said, never the request URL (it contains the bot token) and never message content.
 */
class TelegramApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The error code for a failure without an answer from Telegram. */
    static final int NO_RESPONSE = 0;

    private final String method;
    private final int errorCode;
    private final String description;
    private final transient Duration retryAfter;

    /**
     * @param method      the Bot API method, e.g. {@code sendMessage}
     * @param errorCode   Telegram's {@code error_code} (the HTTP status), or {@link #NO_RESPONSE}
     * @param description Telegram's {@code description}, or what went wrong on the way
     * @param retryAfter  Telegram's {@code parameters.retry_after}, or {@code null}
     */
    TelegramApiException(String method, int errorCode, String description, Duration retryAfter) {
        super("Telegram " + method + " failed: " + (errorCode == NO_RESPONSE ? "" : errorCode + " ") + description);
        this.method = method;
        this.errorCode = errorCode;
        this.description = description;
        this.retryAfter = retryAfter;
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

    Duration retryAfter() {
        return retryAfter;
    }

    /** @return true when Telegram was not reached, or asked to retry (429), or failed itself (5xx) */
    boolean isTransient() {
        return errorCode == NO_RESPONSE || errorCode == 429 || errorCode >= 500;
    }

    /** @return true when Telegram does not accept the bot token (revoked, or never valid) */
    boolean isUnauthorized() {
        return errorCode == 401;
    }

    /** @return true on 409: a webhook is set, or another client polls the same bot */
    boolean isConflict() {
        return errorCode == 409;
    }

    /**
     * Translates the failure for the hub: transient ones are retried with backoff, the others are final and their
     * reason is shown to operators.
     *
     * @return a {@link ChannelTransportException} or a {@link ChannelRejectedException}
     */
    RuntimeException toChannelException() {
        return toChannelException(0);
    }

    /**
     * @param partsSent how many parts of the message being sent Telegram accepted before this failure, counting
     *                  earlier attempts
     * @return a {@link ChannelTransportException} or a {@link ChannelRejectedException} carrying the count
     */
    RuntimeException toChannelException(int partsSent) {
        if (isTransient()) {
            return new ChannelTransportException(getMessage(), this, retryAfter, partsSent);
        }
        if (isUnauthorized()) {
            return new ChannelRejectedException("Telegram rejected the bot token", partsSent);
        }
        return new ChannelRejectedException(description, partsSent);
    }
}
