package org.lineshub.hub.user;

import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A group as an admin creates or changes it.
 *
 * @param name        a unique name
 * @param description what the group is for, or {@code null}
 * @param memberIds   the users in it; replaces the members on change
 */
record GroupRequest(@NotBlank @Size(max = 200) String name, @Size(max = 1000) String description,
                    Set<Long> memberIds) {
}
