package org.lineshub.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.InboundSink;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.NotStoredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Updates that arrived together (one getUpdates answer, or one webhook call), mapped and sorted for the hub: new
 * messages, edits, and updates that cannot be mapped. Polling and webhook hand them to the hub the same way.
 */
final class TelegramUpdateBatch {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramUpdateBatch.class);

    private final List<InboundMessage> messages = new ArrayList<>();
    private final List<MessageChange> changes = new ArrayList<>();
    private final List<Unmappable> unmappable = new ArrayList<>();
    /** The highest {@code update_id} seen, or -1. */
    private long lastUpdateId = -1;

    private TelegramUpdateBatch() {
    }

    /**
     * Maps updates; what cannot be mapped is kept for {@link InboundSink#park}, what the hub does not take is
     * dropped.
     *
     * @param updates   {@code Update} objects in the order Telegram sent them
     * @param mapper    the mapper
     * @param accountId the account, for log lines
     * @return the mapped batch
     */
    static TelegramUpdateBatch map(Iterable<JsonNode> updates, TelegramMessageMapper mapper, long accountId) {
        TelegramUpdateBatch batch = new TelegramUpdateBatch();
        for (JsonNode update : updates) {
            JsonNode id = update.path("update_id");
            if (id.isIntegralNumber()) {
                batch.lastUpdateId = Math.max(batch.lastUpdateId, id.asLong());
            }
            try {
                Optional<InboundMessage> message = mapper.map(update);
                if (message.isPresent()) {
                    batch.messages.add(message.get());
                    continue;
                }
                Optional<MessageChange> change = mapper.change(update);
                if (change.isPresent()) {
                    batch.changes.add(change.get());
                    continue;
                }
                LOG.debug("Account {}: skipped update {}", accountId, id.asText());
            } catch (RuntimeException e) {
                batch.unmappable.add(new Unmappable(update, e.getMessage()));
            }
        }
        return batch;
    }

    /**
     * Hands the batch to the hub: messages first (as one batch, so an edit in the same batch finds its message),
     * then edits, then unmappable updates to the dead letters. Returns only when all of it is committed, so the
     * caller may confirm the updates to Telegram afterwards.
     *
     * @param channel the account's context
     * @throws NotStoredException when part of it was not committed; Telegram must deliver the updates again, which
     *                            is safe because the hub drops what it already has
     */
    void handTo(ChannelContext channel) throws NotStoredException {
        InboundSink hub = channel.inbound();
        if (!messages.isEmpty()) {
            LOG.debug("Account {}: handing {} messages to the hub, first {}", channel.accountId(), messages.size(),
                    messages.get(0).externalMessageId());
            hub.store(messages);
        }
        for (MessageChange change : changes) {
            LOG.debug("Account {}: message {} was edited", channel.accountId(), change.externalMessageId());
            hub.changed(change);
        }
        for (Unmappable u : unmappable) {
            JsonNode id = u.update().path("update_id");
            String externalId = id.isIntegralNumber() ? "update:" + id.asLong() : null;
            LOG.warn("Account {}: parking unmappable Telegram update {}: {}", channel.accountId(), externalId,
                    u.reason());
            hub.park(u.update().toString().getBytes(StandardCharsets.UTF_8),
                    "unmappable Telegram update: " + u.reason(), externalId);
        }
    }

    /**
     * @param offset the current getUpdates offset
     * @return the offset that confirms every update of this batch
     */
    long nextOffset(long offset) {
        return Math.max(offset, lastUpdateId + 1);
    }

    private record Unmappable(JsonNode update, String reason) {
    }
}
