package org.lineshub.hub.access;

/**
 * Who may see what changed: a user, a group's members or a line's groups changed. Holders of cached
 * {@link UserAccess} (open WebSockets) read it again.
 *
 * @param userId the user whose access changed, or {@code null} when it may have changed for anyone
 */
public record AccessChangedEvent(Long userId) {
}
