package org.lineshub.plugin.api;

import java.util.List;

/**
 * Where one channel account hands the hub what arrived from the platform: {@link ChannelContext#inbound()}. Every
 * call is bound to the context's account; nothing a plugin puts into a message can make the hub store it for
 * another account. All methods are safe to call from any thread and from several threads at once.
 *
 * <p><b>Acknowledge after return.</b> {@link #store} returns only after the messages are committed to the hub's
 * database; only then may the plugin acknowledge the platform (advance an offset, flag a mail, answer a webhook with
 * 200). When it throws {@link NotStoredException}, nothing was committed and the plugin must let the platform
 * deliver again. Redelivery is always safe: a message whose external id the account already has is dropped.
 *
 * <p><b>Logging.</b> The hub logs ids and counts only, never message content, names, addresses or raw payloads.
 */
public interface InboundSink {

    /**
     * Stores a batch (for example one poll answer) in order, in as few transactions as the hub sees fit. A message
     * that can never be stored (a value the hub cannot keep) is parked with the reason instead of failing the rest.
     *
     * @param batch messages in the order the platform delivered them
     * @return what happened to them
     * @throws NotStoredException when the batch is not committed; deliver it again later
     */
    StoreResult store(List<InboundMessage> batch) throws NotStoredException;

    /**
     * Stores one message; see {@link #store(List)}.
     *
     * @param message the message
     * @return what happened to it
     * @throws NotStoredException when it is not committed; deliver it again later
     */
    default StoreResult store(InboundMessage message) throws NotStoredException {
        return store(List.of(message));
    }

    /**
     * Parks input the plugin cannot map (an update of an unknown shape, a malformed mail) in the hub's dead-letter
     * list with the reason, so it is never lost and never blocks the channel. A second park of the same external id
     * is kept once. Returns after the entry is committed.
     *
     * @param raw        the input as received
     * @param reason     why it cannot be mapped; no secrets, no personal data
     * @param externalId the platform's id for the input, or {@code null}
     * @throws NotStoredException when it could not be recorded; do not acknowledge the input
     */
    void park(byte[] raw, String reason, String externalId) throws NotStoredException;

    /**
     * Reports what became of messages the hub sent through this account. A receipt for a message the hub does not
     * know (sent by someone else through the same account) is ignored. Status only moves forward: a late
     * {@link ReceiptStatus#DELIVERED} after {@link ReceiptStatus#READ} changes nothing.
     *
     * @param receipts the receipts, in the order the platform reported them
     * @throws NotStoredException when they could not be recorded; let the platform report again
     */
    void receipts(List<DeliveryReceipt> receipts) throws NotStoredException;

    /**
     * Reports that the client edited or deleted a message the hub received earlier. The previous content stays in
     * the message's history. A change of a message the hub does not have is ignored; the same change reported twice
     * is recorded once.
     *
     * @param change what changed
     * @throws NotStoredException when it could not be recorded; let the platform report again
     */
    void changed(MessageChange change) throws NotStoredException;
}
