package org.lineshub.hub.user;

import java.util.List;

/**
 * A group as the API shows it.
 *
 * @param id          the group
 * @param name        its name
 * @param description what it is for
 * @param memberIds   its users
 */
record GroupView(long id, String name, String description, List<Long> memberIds) {
}
