package org.lineshub.plugin.api;

/**
 * The platform refused the operation for good (the chat does not exist, the bot was blocked, the request is
 * invalid): retrying cannot help. The message is shown to operators as the delivery error, so it says what the
 * platform said, without credentials.
 */
public class ChannelRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int partsSent;

    /** @param message the reason, without secrets */
    public ChannelRejectedException(String message) {
        this(message, 0);
    }

    /**
     * For a message sent in parts whose later part was refused.
     *
     * @param message   the reason, without secrets
     * @param partsSent how many leading parts of the message the platform accepted before, counting earlier attempts
     *                  (see {@link ChannelTransportException#partsSent()}); the hub tells operators the client got them
     * @throws IllegalArgumentException when {@code partsSent} is negative
     */
    public ChannelRejectedException(String message, int partsSent) {
        super(message);
        if (partsSent < 0) {
            throw new IllegalArgumentException("partsSent must not be negative");
        }
        this.partsSent = partsSent;
    }

    /** @return how many leading parts of the message the platform accepted before refusing; 0 when none */
    public int partsSent() {
        return partsSent;
    }
}
