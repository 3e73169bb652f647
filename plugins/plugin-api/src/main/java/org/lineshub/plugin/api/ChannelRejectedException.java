package org.lineshub.plugin.api;

/**
 * The platform refused the operation for good (the chat does not exist, the bot was blocked, the request is
 * invalid): retrying cannot help. The message is shown to operators as the delivery error, so it says what the
 * platform said, without credentials.
 */
public class ChannelRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the reason, without secrets */
    public ChannelRejectedException(String message) {
        super(message);
    }
}
