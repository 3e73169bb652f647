package org.lineshub.hub.line;

import org.lineshub.hub.access.LineRole;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** A group's role on a line. */
@Embeddable
public class LineGrant {

    @Column(name = "group_id", nullable = false)
    private Long groupId;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false, length = 16)
    private LineRole role;

    protected LineGrant() {
    }

    /**
     * @param groupId the group
     * @param role    what its members may do
     */
    public LineGrant(Long groupId, LineRole role) {
        this.groupId = groupId;
        this.role = role;
    }

    /** @return the group */
    public Long getGroupId() {
        return groupId;
    }

    /** @return the role */
    public LineRole getRole() {
        return role;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LineGrant g && Objects.equals(groupId, g.groupId) && role == g.role;
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupId, role);
    }
}
