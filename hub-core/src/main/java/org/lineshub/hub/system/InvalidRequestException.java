package org.lineshub.hub.system;

/** A request value is not acceptable: answered with 400 naming the field. */
public class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the name of the offending field, as the request spelled it, or {@code null}
     * @param message what is wrong, without the value when it may be a secret
     */
    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the offending field, or {@code null} */
    public String field() {
        return field;
    }
}
