package org.lineshub.plugin.api;

/**
 * What the hub did with a batch handed to {@link InboundSink#store}. Every message of the batch is either stored now,
 * was stored before (a duplicate, dropped), or was parked because it can never be stored (its reason is in the
 * hub's dead-letter list): in all three cases the platform may be acknowledged.
 *
 * @param stored     messages stored by this call
 * @param duplicates messages dropped because the hub already had them (same account and external id)
 * @param parked     messages the hub could not store and parked with the reason
 */
public record StoreResult(int stored, int duplicates, int parked) {
}
