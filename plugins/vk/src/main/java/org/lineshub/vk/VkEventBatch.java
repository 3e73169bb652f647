package org.lineshub.vk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.InboundSink;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.SenderProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events that arrived together (one long-poll answer, or one Callback API request), mapped and sorted for the hub:
 * new messages, edits, and events that cannot be mapped. Both inbound modes hand them to the hub the same way.
 */
final class VkEventBatch {

    private static final Logger LOG = LoggerFactory.getLogger(VkEventBatch.class);

    private final List<InboundMessage> messages = new ArrayList<>();
    private final List<MessageChange> changes = new ArrayList<>();
    private final List<Unmappable> unmappable = new ArrayList<>();

    private VkEventBatch() {
    }

    /**
     * Maps events, with the names of their authors; what cannot be mapped is kept for {@link InboundSink#park}, what
     * the hub does not take (the community's own messages echoed as {@code message_reply}, typing, reads...) is
     * dropped.
     *
     * @param events    the events in the order VK sent them
     * @param mapper    the mapper
     * @param names     the account's user names
     * @param accountId the account, for log lines
     * @return the mapped batch
     * @throws InterruptedException when the thread is interrupted while names are fetched
     */
    static VkEventBatch map(Iterable<JsonNode> events, VkEventMapper mapper, VkUserNames names, long accountId)
            throws InterruptedException {
        Set<Long> authors = new LinkedHashSet<>();
        for (JsonNode event : events) {
            mapper.author(event).ifPresent(authors::add);
        }
        Map<Long, SenderProfile> profiles = authors.isEmpty() ? Map.of() : names.profiles(authors);
        VkEventBatch batch = new VkEventBatch();
        for (JsonNode event : events) {
            try {
                Optional<InboundMessage> message = mapper.message(event,
                        id -> profiles.getOrDefault(id, SenderProfile.builder(Long.toString(id)).build()));
                if (message.isPresent()) {
                    batch.messages.add(message.get());
                    continue;
                }
                Optional<MessageChange> change = mapper.change(event);
                if (change.isPresent()) {
                    batch.changes.add(change.get());
                    continue;
                }
                LOG.debug("Account {}: skipped {} event {}", accountId, event.path("type").asText("untyped"),
                        event.path("event_id").asText(""));
            } catch (VkEventMapper.UnmappableEventException e) {
                batch.unmappable.add(new Unmappable(event, e.getMessage()));
            }
        }
        return batch;
    }

    /**
     * Hands the batch to the hub: messages first (as one batch, so an edit in the same batch finds its message),
     * then edits, then unmappable events to the dead letters. Returns only when all of it is committed, so the caller
     * may acknowledge the events to VK afterwards.
     *
     * @param channel the account's context
     * @throws NotStoredException when part of it was not committed; VK must deliver the events again, which is safe
     *                            because the hub drops what it already has
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
            String eventId = u.event().path("event_id").asText("");
            String externalId = eventId.isEmpty() ? null : "event:" + eventId;
            LOG.warn("Account {}: parking unmappable VK event {}: {}", channel.accountId(), externalId, u.reason());
            hub.park(u.event().toString().getBytes(StandardCharsets.UTF_8), "unmappable VK event: " + u.reason(),
                    externalId);
        }
    }

    /** @return how many messages, edits and unmappable events the batch holds */
    int size() {
        return messages.size() + changes.size() + unmappable.size();
    }

    private record Unmappable(JsonNode event, String reason) {
    }
}
