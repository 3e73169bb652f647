package org.lineshub.hub.session;

/** Delivery of an outbound message to its channel, in the order it progresses. */
public enum DeliveryStatus {
    /** Stored, waiting to be sent (or to be retried). */
    PENDING,
    /** The platform accepted it. */
    SENT,
    /** The platform reports it reached the client's device. */
    DELIVERED,
    /** The platform reports the client read it. */
    READ,
    /** The platform refused it, or every attempt failed; {@code deliveryError} says why. */
    FAILED
}
