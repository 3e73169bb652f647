package org.lineshub.hub.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A user as an admin creates or changes them.
 *
 * @param username    the login name: letters, digits, dots, dashes, underscores, @; stored trimmed and in lower
 *                    case; cannot change
 * @param displayName the name shown to colleagues (and to clients when a line shows operator names)
 * @param email       an email address, or {@code null}
 * @param password    at least 8 characters; required on creation, on change {@code null} keeps the current one
 * @param admin       whether the user administers the hub
 * @param enabled     whether the user may log in; defaults to true
 */
record UserRequest(@NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._@-]+") String username,
                   @NotBlank @Size(max = 200) String displayName, @Email @Size(max = 320) String email,
                   @Size(min = 8, max = 200) String password, Boolean admin, Boolean enabled) {

    UserRequest {
        username = UserNames.normalize(username);
    }

    @Override
    public String toString() {
        return "UserRequest[" + username + "]";
    }
}
