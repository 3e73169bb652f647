package org.lineshub.plugin.api;

/**
 * The hub did not store what it was handed and nothing of it is committed (the database is unreachable, the hub is
 * stopping, a conflict outlasted the retries). The plugin must <em>not</em> acknowledge the platform: it keeps its
 * offset, leaves the mail unflagged, or answers the webhook with an error (the hub answers 503), so that the
 * platform delivers again. Delivering again is always safe: the hub drops duplicates by external id.
 */
public class NotStoredException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message why, without message content or secrets
     * @param cause   the underlying error, or {@code null}
     */
    public NotStoredException(String message, Throwable cause) {
        super(message, cause);
    }
}
