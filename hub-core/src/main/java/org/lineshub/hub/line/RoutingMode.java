package org.lineshub.hub.line;

/** How new sessions of a line reach operators. */
public enum RoutingMode {
    /** Sessions wait in the queue; the first operator to take one gets it. */
    MANUAL,
    /** Each new session goes to the next online operator with room, in turn. */
    ROUND_ROBIN,
    /** Each new session goes to the online operator with the fewest open sessions. */
    LEAST_BUSY
}
