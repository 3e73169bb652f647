package org.lineshub.hub.access;

/**
 * What access decisions need of a logged-in principal: the user's id. The login mechanisms (form, Basic, API tokens)
 * put a principal implementing this into the security context; everything else about the user is read fresh.
 */
public interface AuthenticatedUser {

    /** @return the user's id */
    long userId();
}
