package org.lineshub.plugin.api;

/**
 * Who wrote an inbound message, as far as the platform tells. Only {@code externalUserId} is required. Personal data:
 * {@link #toString()} prints the id only.
 *
 * @param externalUserId the platform's id of the user, stable within the account
 * @param displayName    the name to show, or {@code null} to derive one from the other fields
 * @param username       the platform handle without {@code @}, or {@code null}
 * @param firstName      first name, or {@code null}
 * @param lastName       last name, or {@code null}
 * @param languageCode   IETF language tag the platform reports, or {@code null}
 * @param phone          phone number in E.164 when the platform shares it, or {@code null}
 * @param email          email address, or {@code null}
 * @param profileUrl     a link to the user's public profile, or {@code null}
 * @param avatarRef      the platform's reference to the user's picture, or {@code null}
 */
public record SenderProfile(String externalUserId, String displayName, String username, String firstName,
                            String lastName, String languageCode, String phone, String email, String profileUrl,
                            String avatarRef) {

    /** Checks the user id and derives a display name when none is given. */
    public SenderProfile {
        if (externalUserId == null || externalUserId.isBlank()) {
            throw new IllegalArgumentException("externalUserId is required");
        }
        if (displayName == null || displayName.isBlank()) {
            displayName = deriveName(firstName, lastName, username, email, externalUserId);
        }
    }

    private static String deriveName(String first, String last, String username, String email, String id) {
        String full = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        if (!full.isEmpty()) {
            return full;
        }
        if (username != null && !username.isBlank()) {
            return username;
        }
        return email != null && !email.isBlank() ? email : id;
    }

    /**
     * @param externalUserId the platform's id of the user
     * @return a builder
     */
    public static Builder builder(String externalUserId) {
        return new Builder(externalUserId);
    }

    @Override
    public String toString() {
        return "SenderProfile[" + externalUserId + "]";
    }

    /** Builds a {@link SenderProfile}. */
    public static final class Builder {
        private final String externalUserId;
        private String displayName;
        private String username;
        private String firstName;
        private String lastName;
        private String languageCode;
        private String phone;
        private String email;
        private String profileUrl;
        private String avatarRef;

        private Builder(String externalUserId) {
            this.externalUserId = externalUserId;
        }

        /** @param v the display name @return this builder */
        public Builder displayName(String v) {
            this.displayName = v;
            return this;
        }

        /** @param v the handle without {@code @} @return this builder */
        public Builder username(String v) {
            this.username = v;
            return this;
        }

        /** @param v the first name @return this builder */
        public Builder firstName(String v) {
            this.firstName = v;
            return this;
        }

        /** @param v the last name @return this builder */
        public Builder lastName(String v) {
            this.lastName = v;
            return this;
        }

        /** @param v the IETF language tag @return this builder */
        public Builder languageCode(String v) {
            this.languageCode = v;
            return this;
        }

        /** @param v the phone number @return this builder */
        public Builder phone(String v) {
            this.phone = v;
            return this;
        }

        /** @param v the email address @return this builder */
        public Builder email(String v) {
            this.email = v;
            return this;
        }

        /** @param v the profile link @return this builder */
        public Builder profileUrl(String v) {
            this.profileUrl = v;
            return this;
        }

        /** @param v the platform's picture reference @return this builder */
        public Builder avatarRef(String v) {
            this.avatarRef = v;
            return this;
        }

        /** @return the profile */
        public SenderProfile build() {
            return new SenderProfile(externalUserId, displayName, username, firstName, lastName, languageCode, phone,
                    email, profileUrl, avatarRef);
        }
    }
}
