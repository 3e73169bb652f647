package org.lineshub.hub.user;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one spelling of a user name: trimmed, Unicode NFC, lower case. Names are stored in it and logins are looked up
 * in it, so {@code "Anna "}, {@code "ANNA"} and {@code "anna"} are one user everywhere, in the login throttle too.
 */
final class UserNames {

    private UserNames() {
    }

    /**
     * @param name a user name as typed, or {@code null}
     * @return its normalised form, or {@code null}
     */
    static String normalize(String name) {
        if (name == null) {
            return null;
        }
        return Normalizer.normalize(name.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }
}
