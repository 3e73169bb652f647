package org.lineshub.hub.channel;

/** A channel account's plugin cannot be called now: the account is stopped, failed, or restarting. */
public class AccountNotRunningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param accountId the account */
    public AccountNotRunningException(long accountId) {
        super("channel account " + accountId + " is not running");
    }
}
