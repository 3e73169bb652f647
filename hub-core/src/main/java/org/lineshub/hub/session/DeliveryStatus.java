package org.lineshub.hub.session;

/** Delivery of an outbound message to its channel. */
public enum DeliveryStatus {
    /** Stored, waiting to be sent (or to be retried). */
    PENDING,
    /** The platform accepted it. */
    SENT,
    /** The platform refused it, or every attempt failed; {@code deliveryError} says why. */
    FAILED
}
