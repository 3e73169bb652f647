package org.lineshub.hub.session;

/** Who a message is from and where it goes. */
public enum MessageDirection {
    /** From the client. */
    INBOUND,
    /** To the client, from an operator or a bot. */
    OUTBOUND,
    /** A comment among operators; never sent to the channel. */
    INTERNAL,
    /** Written by the hub: assigned, transferred, closed. */
    SYSTEM
}
