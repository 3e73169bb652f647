package org.lineshub.webchat;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a visitor told about themselves (or the host page passed in): all optional. Personal data:
 * {@link #toString()} prints nothing of it.
 *
 * @param name  the name, or {@code null}
 * @param email the email address, or {@code null}
 * @param lang  the frame's language, {@code en} or {@code ru}, or {@code null}
 */
record WebchatVisitor(String name, String email, String lang) {

    static final int MAX_NAME = 100;
    static final int MAX_EMAIL = 254;
    /** Deliberately loose: one {@code @}, a dot in the domain, no spaces; the address is never mailed from here. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    static final WebchatVisitor UNKNOWN = new WebchatVisitor(null, null, null);

    /** A value that is not usable. */
    static final class InvalidException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        InvalidException(String code, String message) {
            super(message);
            this.code = code;
        }

        /** @return the error frame's code, e.g. {@code invalid-email} */
        String code() {
            return code;
        }
    }

    /**
     * @return a name cut to its limit, without control characters, or {@code null} when blank
     */
    static String name(String value) {
        if (value == null) {
            return null;
        }
        String clean = value.replaceAll("\\p{Cntrl}", " ").strip();
        if (clean.isEmpty()) {
            return null;
        }
        return clean.length() > MAX_NAME ? clean.substring(0, MAX_NAME) : clean;
    }

    /**
     * @return the address, trimmed, or {@code null} when blank
     * @throws InvalidException when it is not an email address
     */
    static String email(String value) throws InvalidException {
        if (value == null || value.isBlank()) {
            return null;
        }
        String clean = value.strip();
        if (clean.length() > MAX_EMAIL || !EMAIL.matcher(clean).matches()) {
            throw new InvalidException("invalid-email", "not an email address");
        }
        return clean;
    }

    /** @return {@code ru} or {@code en} for a language tag, {@code null} for none */
    static String lang(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip().toLowerCase(Locale.ROOT).startsWith("ru") ? "ru" : "en";
    }

    /** @return this visitor with what {@code other} knows replacing what it has */
    WebchatVisitor with(WebchatVisitor other) {
        return new WebchatVisitor(other.name != null ? other.name : name, other.email != null ? other.email : email,
                other.lang != null ? other.lang : lang);
    }

    @Override
    public String toString() {
        return "WebchatVisitor[name=" + (name != null) + ", email=" + (email != null) + "]";
    }
}
