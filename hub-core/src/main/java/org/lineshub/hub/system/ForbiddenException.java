package org.lineshub.hub.system;

/** The user may not do this (another line's session, a role they lack): answered with 403. */
public class ForbiddenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is not allowed, for the user */
    public ForbiddenException(String message) {
        super(message);
    }
}
