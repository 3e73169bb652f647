package org.lineshub.hub.user;

import java.time.Instant;
import java.util.List;

/**
 * A user as the API shows them; never the password.
 *
 * @param id              the user
 * @param username        the login name
 * @param displayName     the name shown
 * @param email           the email address, or {@code null}
 * @param admin           whether the user administers the hub
 * @param enabled         whether the user may log in
 * @param status          ONLINE, AWAY or OFFLINE
 * @param statusChangedAt when the status last changed, or {@code null}
 * @param groupIds        the groups the user belongs to
 * @param createdAt       when the user was created
 */
public record UserView(long id, String username, String displayName, String email, boolean admin, boolean enabled,
                       String status, Instant statusChangedAt, List<Long> groupIds, Instant createdAt) {
}
