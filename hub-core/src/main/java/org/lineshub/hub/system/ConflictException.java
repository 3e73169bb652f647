package org.lineshub.hub.system;

/** The request conflicts with the current state (someone else was first, a name is taken): answered with 409. */
public class ConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what conflicts, for the user */
    public ConflictException(String message) {
        super(message);
    }
}
