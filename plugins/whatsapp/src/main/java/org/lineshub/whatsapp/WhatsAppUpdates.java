package org.lineshub.whatsapp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.InboundSink;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.NotStoredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one webhook request carries for one business phone number, mapped and sorted for the hub: new messages, edits
 * and deletions, delivery receipts, and what cannot be mapped.
 */
final class WhatsAppUpdates {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppUpdates.class);

    private final List<InboundMessage> messages = new ArrayList<>();
    private final List<MessageChange> changes = new ArrayList<>();
    private final List<DeliveryReceipt> receipts = new ArrayList<>();
    private final List<Unmappable> unmappable = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    void message(InboundMessage message) {
        messages.add(message);
    }

    void change(MessageChange change) {
        changes.add(change);
    }

    void receipt(DeliveryReceipt receipt) {
        receipts.add(receipt);
    }

    void unmappable(JsonNode part, String reason, String externalId) {
        unmappable.add(new Unmappable(part, reason, externalId));
    }

    void skipped(String id, String type) {
        skipped.add(type + " " + id);
    }

    void error(String description) {
        errors.add(description);
    }

    List<InboundMessage> messages() {
        return messages;
    }

    List<MessageChange> changes() {
        return changes;
    }

    List<DeliveryReceipt> receipts() {
        return receipts;
    }

    List<Unmappable> unmappable() {
        return unmappable;
    }

    /**
     * Hands everything to the hub: messages first (one batch, so an edit in the same request finds its message),
     * then edits and deletions, then receipts, then what cannot be mapped, to the dead letters. Returns only when all
     * of it is committed, so the caller may answer Meta with 200 afterwards.
     *
     * @param channel the account's context
     * @throws NotStoredException when part of it was not committed; Meta must deliver the request again, which is
     *                            safe because the hub drops what it already has
     */
    void handTo(ChannelContext channel) throws NotStoredException {
        InboundSink hub = channel.inbound();
        long account = channel.accountId();
        if (!messages.isEmpty()) {
            LOG.debug("Account {}: handing {} messages to the hub, first {}", account, messages.size(),
                    messages.get(0).externalMessageId());
            hub.store(messages);
        }
        for (MessageChange change : changes) {
            LOG.debug("Account {}: message {} was {}", account, change.externalMessageId(), change.kind());
            hub.changed(change);
        }
        if (!receipts.isEmpty()) {
            LOG.debug("Account {}: {} delivery receipts, first {} {}", account, receipts.size(),
                    receipts.get(0).externalMessageId(), receipts.get(0).status());
            hub.receipts(receipts);
        }
        for (Unmappable u : unmappable) {
            LOG.warn("Account {}: parking an unmappable WhatsApp update {}: {}", account, u.externalId(), u.reason());
            hub.park(u.part().toString().getBytes(StandardCharsets.UTF_8),
                    "unmappable WhatsApp update: " + u.reason(), u.externalId());
        }
        if (!skipped.isEmpty()) {
            LOG.debug("Account {}: skipped {}", account, skipped);
        }
        for (String error : errors) {
            LOG.info("Account {}: WhatsApp reports an error: {}", account, error);
        }
    }

    /** A message or status that is not shaped like Meta documents it. */
    record Unmappable(JsonNode part, String reason, String externalId) {
    }
}
