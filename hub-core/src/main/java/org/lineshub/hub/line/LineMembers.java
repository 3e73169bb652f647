package org.lineshub.hub.line;

import org.lineshub.hub.access.LineRole;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who holds which role on which line, straight from the group tables. Plain queries, no entities: callers inside
 * locking transactions read fresh rows without loading users into the persistence context before they lock them.
 */
@Component
public class LineMembers {

    /**
     * An operator of a line as routing sees them.
     *
     * @param userId the user
     * @param name   their display name
     * @param status ONLINE, AWAY or OFFLINE
     */
    public record Member(long userId, String name, String status) {
    }

    private final JdbcClient jdbc;

    LineMembers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the enabled users holding a role on a line, by id */
    public List<Member> withRole(long lineId, LineRole role) {
        return jdbc.sql("SELECT DISTINCT u.id, u.display_name, u.status FROM app_user u"
                        + " JOIN user_group_member m ON m.user_id = u.id"
                        + " JOIN line_group lg ON lg.group_id = m.group_id"
                        + " WHERE lg.line_id = ? AND lg.role = ? AND u.enabled ORDER BY u.id")
                .params(lineId, role.name())
                .query((rs, n) -> new Member(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    /** @return whether an enabled user holds a role on a line */
    public boolean has(long userId, long lineId, LineRole role) {
        return jdbc.sql("SELECT EXISTS(SELECT 1 FROM app_user u JOIN user_group_member m ON m.user_id = u.id"
                        + " JOIN line_group lg ON lg.group_id = m.group_id"
                        + " WHERE u.id = ? AND lg.line_id = ? AND lg.role = ? AND u.enabled)")
                .params(userId, lineId, role.name()).query(Boolean.class).single();
    }

    /** @return the lines on which a user holds a role */
    public Set<Long> linesOf(long userId, LineRole role) {
        return new HashSet<>(jdbc.sql("SELECT DISTINCT lg.line_id FROM line_group lg"
                        + " JOIN user_group_member m ON m.group_id = lg.group_id WHERE m.user_id = ? AND lg.role = ?")
                .params(userId, role.name()).query(Long.class).list());
    }
}
