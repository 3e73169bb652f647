package org.lineshub.hub.session;

/** A reply's channel account was deleted, so the reply can never be delivered. */
public class AccountGoneException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AccountGoneException(long accountId) {
        super("channel account " + accountId + " was deleted");
    }
}
