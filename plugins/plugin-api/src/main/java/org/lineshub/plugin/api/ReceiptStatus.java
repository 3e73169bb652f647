package org.lineshub.plugin.api;

/** How far an outbound message got, as the platform reports it. Later states never move a message back. */
public enum ReceiptStatus {
    /** The platform accepted the message. */
    SENT,
    /** The message reached the client's device. */
    DELIVERED,
    /** The client read it. */
    READ,
    /** The platform could not deliver it; the receipt's error says why. */
    FAILED
}
