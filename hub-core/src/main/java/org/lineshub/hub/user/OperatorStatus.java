package org.lineshub.hub.user;

/** An operator's availability. */
public enum OperatorStatus {
    /** Takes new sessions; routing may assign to them. */
    ONLINE,
    /** Keeps their sessions but gets no new ones. */
    AWAY,
    /** Not working: gets no sessions and cannot start new ones. */
    OFFLINE
}
