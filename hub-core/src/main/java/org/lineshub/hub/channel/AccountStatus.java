package org.lineshub.hub.channel;

/** Whether a channel account's routes run. */
public enum AccountStatus {
    /** Routes run. */
    RUNNING,
    /** Disabled by an admin, or its plugin is not running. */
    STOPPED,
    /** Could not start or broke while running; {@code lastError} says why. */
    FAILED
}
