package org.lineshub.hub.session;

/** An inbound message names a channel account that does not exist (deleted while its routes still ran). */
public class UnknownAccountException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnknownAccountException(long accountId) {
        super("channel account " + accountId + " does not exist");
    }
}
