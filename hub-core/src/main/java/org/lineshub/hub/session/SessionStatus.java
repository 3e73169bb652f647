package org.lineshub.hub.session;

/** Where a session stands. */
public enum SessionStatus {
    /** Waiting for an operator. */
    QUEUED,
    /** An operator handles it. */
    ASSIGNED,
    /** Finished; the history is kept. A client writing again opens a new session. */
    CLOSED,
    /** From a blocked client: kept, never routed, until an admin releases it. */
    SPAM;

    /** @return true for sessions that still take messages */
    public boolean isOpen() {
        return this != CLOSED;
    }
}
