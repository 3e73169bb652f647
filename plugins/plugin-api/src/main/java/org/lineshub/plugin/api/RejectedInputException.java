package org.lineshub.plugin.api;

/**
 * Input from outside that the plugin refuses: a malformed webhook body (400), a missing or wrong signature (401,
 * 403). On a webhook the hub answers with {@link #status()} and the reason; malformed bodies that passed the
 * signature check are also parked in the dead-letter table.
 */
public class RejectedInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status the HTTP status to answer, 400 to 499
     * @param reason why, without secrets or personal data
     */
    public RejectedInputException(int status, String reason) {
        super(reason);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("status must be a 4xx code: " + status);
        }
        this.status = status;
    }

    /**
     * @param reason what is wrong with the input
     * @return a 400 rejection
     */
    public static RejectedInputException malformed(String reason) {
        return new RejectedInputException(400, reason);
    }

    /**
     * @param reason what is wrong with the credentials
     * @return a 401 rejection
     */
    public static RejectedInputException unauthorized(String reason) {
        return new RejectedInputException(401, reason);
    }

    /** @return the HTTP status to answer */
    public int status() {
        return status;
    }
}
