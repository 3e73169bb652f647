package org.lineshub.hub.access;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.lineshub.hub.system.ForbiddenException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** Finds out what the current user (or any user) may do; read from the database once per request. */
@Service
public class AccessService {

    private static final String REQUEST_KEY = AccessService.class.getName();

    private record UserRow(String displayName, boolean admin) {
    }

    private final JdbcClient jdbc;

    AccessService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @return what the authenticated user of this request may do
     * @throws ForbiddenException when nobody is authenticated
     */
    public UserAccess current() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(REQUEST_KEY, RequestAttributes.SCOPE_REQUEST)
                instanceof UserAccess cached) {
            return cached;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof AuthenticatedUser principal)) {
            throw new ForbiddenException("You are not logged in");
        }
        UserAccess access = of(principal.userId());
        if (request != null) {
            request.setAttribute(REQUEST_KEY, access, RequestAttributes.SCOPE_REQUEST);
        }
        return access;
    }

    /**
     * @param userId a user
     * @return what that user may do now
     * @throws DisabledException when the user is disabled or gone
     */
    public UserAccess of(long userId) {
        UserRow user = jdbc.sql("SELECT display_name, admin FROM app_user WHERE id = ? AND enabled")
                .param(userId).query((rs, n) -> new UserRow(rs.getString(1), rs.getBoolean(2))).optional()
                .orElseThrow(() -> new DisabledException("the user is disabled"));
        Map<Long, Set<LineRole>> roles = new HashMap<>();
        jdbc.sql("SELECT DISTINCT lg.line_id, lg.role FROM line_group lg"
                        + " JOIN user_group_member m ON m.group_id = lg.group_id WHERE m.user_id = ?")
                .param(userId)
                .query((rs, n) -> {
                    roles.computeIfAbsent(rs.getLong(1), k -> EnumSet.noneOf(LineRole.class))
                            .add(LineRole.valueOf(rs.getString(2)));
                    return null;
                }).list();
        return new UserAccess(userId, user.displayName(), user.admin(), roles);
    }

    /**
     * @return the current user's access
     * @throws ForbiddenException unless the current user is an admin
     */
    public UserAccess requireAdmin() {
        UserAccess access = current();
        if (!access.admin()) {
            throw new ForbiddenException("Only admins may do this");
        }
        return access;
    }
}
