package org.lineshub.hub.access;

/** What members of a group may do on a line. */
public enum LineRole {
    /** Takes and answers sessions of the line. */
    OPERATOR,
    /** Sees every session of the line, assigns and reassigns, watches operators. */
    SUPERVISOR,
    /** Reads the line's sessions without answering. */
    READER,
    /** Internal users who may write to the line as clients (the internal channel). */
    WRITER
}
