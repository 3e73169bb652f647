package org.lineshub.hub.session;

/** How a session reached its operator. */
public enum AssignedBy {
    /** The operator took it from the queue. */
    OPERATOR,
    /** A supervisor assigned it. */
    SUPERVISOR,
    /** The line's routing assigned it. */
    ROUTING,
    /** Another operator or a supervisor transferred it. */
    TRANSFER,
    /** The operator started it (outbound). */
    STARTED
}
