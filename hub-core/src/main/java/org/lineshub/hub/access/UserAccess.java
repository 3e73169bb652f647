package org.lineshub.hub.access;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;


/**
 * What one user may do, read fresh from the database: admin everywhere, or roles per line through their groups.
 * The rules of who sees which session live here, for the API and the WebSocket alike.
 *
 * @param userId      the user
 * @param displayName the user's name
 * @param admin       whether the user administers the hub
 * @param lineRoles   roles per line id
 */
public record UserAccess(long userId, String displayName, boolean admin, Map<Long, Set<LineRole>> lineRoles) {

    /** @return the roles on a line; empty when none */
    public Set<LineRole> roles(long lineId) {
        return lineRoles.getOrDefault(lineId, EnumSet.noneOf(LineRole.class));
    }

    /** @return whether the user operates a line */
    public boolean isOperator(long lineId) {
        return roles(lineId).contains(LineRole.OPERATOR);
    }

    /** @return whether the user supervises a line (admins do everywhere) */
    public boolean canSupervise(long lineId) {
        return admin || roles(lineId).contains(LineRole.SUPERVISOR);
    }

    /** @return whether the user may see a line and its queue */
    public boolean canSeeLine(long lineId) {
        Set<LineRole> roles = roles(lineId);
        return admin || roles.contains(LineRole.OPERATOR) || roles.contains(LineRole.SUPERVISOR)
                || roles.contains(LineRole.READER);
    }

    /**
     * An operator sees the line's queue, their own sessions and closed sessions; supervisors and readers every
     * session of their lines; admins all.
     *
     * @param lineId     the session's line
     * @param status     the session's status name
     * @param operatorId the session's operator, or {@code null}
     * @return whether the user may see the session
     */
    public boolean canSeeSession(long lineId, String status, Long operatorId) {
        if (admin) {
            return true;
        }
        Set<LineRole> roles = roles(lineId);
        if (roles.contains(LineRole.SUPERVISOR) || roles.contains(LineRole.READER)) {
            return true;
        }
        if (!roles.contains(LineRole.OPERATOR)) {
            return false;
        }
        return "QUEUED".equals(status) || "CLOSED".equals(status)
                || (operatorId != null && operatorId == userId);
    }

    /** @return whether the user sees internal comments of a line's sessions (not readers) */
    public boolean canSeeInternal(long lineId) {
        return admin || isOperator(lineId) || canSupervise(lineId);
    }
}
