package org.lineshub.hub.blacklist;

import java.util.Locale;

import org.lineshub.hub.system.InvalidRequestException;

/** What a blacklist rule matches a sender by; each kind knows how its values are written, so they compare exactly. */
public enum RuleKind {

    /** The sender's user id on a channel type, on one account or on all accounts of the type; compared as given. */
    IDENTITY,
    /** The sender's email address, lower case. */
    EMAIL,
    /** The domain of the sender's email address, lower case; matches its subdomains too. */
    DOMAIN,
    /** The sender's phone number, digits only (a leading + and separators dropped). */
    PHONE;

    /** The longest value, the width of {@code blacklist_rule.match_value}. */
    static final int MAX_VALUE = 191;

    /**
     * Writes a value of this kind the way rules store it.
     *
     * @param raw what an admin typed
     * @return the stored form
     * @throws InvalidRequestException naming {@code value} when it is not a value of this kind
     */
    String normalise(String raw) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            throw new InvalidRequestException("value", "value is required");
        }
        String out = switch (this) {
            case IDENTITY -> v;
            case EMAIL -> {
                String email = email(v);
                if (email == null) {
                    throw new InvalidRequestException("value", "value must be an email address such as name@example.com");
                }
                yield email;
            }
            case DOMAIN -> {
                String domain = v.startsWith("@") ? v.substring(1).toLowerCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT);
                if (!domain.matches("[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+")) {
                    throw new InvalidRequestException("value", "value must be a domain such as example.com");
                }
                yield domain;
            }
            case PHONE -> {
                String phone = phone(v);
                if (phone == null || !v.matches("[+\\d\\s()./-]+")) {
                    throw new InvalidRequestException("value", "value must be a phone number of 5 to 20 digits");
                }
                yield phone;
            }
        };
        if (out.length() > MAX_VALUE) {
            throw new InvalidRequestException("value", "value must be at most " + MAX_VALUE + " characters");
        }
        return out;
    }

    /** @return the address in lower case, or {@code null} when it is not one */
    static String email(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.strip().toLowerCase(Locale.ROOT);
        int at = v.indexOf('@');
        return at > 0 && at == v.lastIndexOf('@') && at < v.length() - 1 && !v.contains(" ") ? v : null;
    }

    /** @return the digits of a phone number, or {@code null} when there are fewer than 5 or more than 20 */
    static String phone(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder();
        raw.codePoints().filter(c -> c >= '0' && c <= '9').forEach(digits::appendCodePoint);
        return digits.length() >= 5 && digits.length() <= 20 ? digits.toString() : null;
    }
}
