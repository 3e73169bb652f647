package org.lineshub.vk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.WebhookHandler;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the events VK's Callback API posts to the account's webhook address (dev.vk.com/api/callback/getting-started),
 * one event per request: {@code {"type", "object", "group_id", "event_id", "v", "secret"}}.
 *
 * <ul>
 *   <li>every request must carry the account's secret key in {@code secret} ("Secret key": VK sends it in every
 *       notification, the {@code confirmation} one included); without it, or with another, 403 and nothing stored;</li>
 *   <li>{@code confirmation} is answered with the confirmation string as plain text;</li>
 *   <li>every other event is answered {@code ok} as plain text ("your server must return the string ok") with HTTP
 *       200, only after the hub stored what it carried; when the hub cannot store it, the hub answers 503 and VK
 *       sends it again. An event the plugin cannot map is parked and answered {@code ok} too, so it never blocks the
 *       ones after it ("if a server returns several errors in a row, Callback API will temporarily stop sending
 *       notifications to it").</li>
 * </ul>
 */
final class VkCallbackHandler implements WebhookHandler {

    private static final Logger LOG = LoggerFactory.getLogger(VkCallbackHandler.class);

    static final String CONFIRMATION = "confirmation";
    static final String OK = "ok";

    private final ChannelContext channel;
    private final VkSettings settings;
    private final byte[] secret;
    private final VkEventMapper mapper;
    private final VkUserNames names;
    private final ObjectMapper json;

    VkCallbackHandler(ChannelContext channel, VkSettings settings, VkEventMapper mapper, VkUserNames names,
                      ObjectMapper json) {
        this.channel = channel;
        this.settings = settings;
        this.secret = settings.secret().orElseThrow(() -> new IllegalStateException("setting secret is required"))
                .getBytes(StandardCharsets.UTF_8);
        this.mapper = mapper;
        this.names = names;
        this.json = json;
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) throws NotStoredException {
        if (!"POST".equals(request.method())) {
            throw new RejectedInputException(405, "the Callback API posts its events");
        }
        ObjectNode event = parse(request.body());
        JsonNode given = event.path("secret");
        // constant time, so the secret cannot be guessed byte by byte from response times
        if (!given.isTextual() || !MessageDigest.isEqual(given.asText().getBytes(StandardCharsets.UTF_8), secret)) {
            throw new RejectedInputException(403, "missing or wrong secret");
        }
        // the secret must not be stored with the message's raw payload or a dead letter
        event.remove("secret");
        JsonNode group = event.path("group_id");
        if (group.canConvertToLong() && group.asLong() != settings.groupId()) {
            throw new RejectedInputException(403, "the event is for community " + group.asLong()
                    + ", this account is community " + settings.groupId());
        }
        if (!event.path("type").isTextual()) {
            // parked here rather than refused with 400: the hub would park the body as it came, secret and all
            channel.inbound().park(event.toString().getBytes(StandardCharsets.UTF_8),
                    "unmappable VK event: no type", null);
            return WebhookResponse.text(OK);
        }
        String type = event.path("type").asText();
        if (CONFIRMATION.equals(type)) {
            LOG.info("Account {}: answering VK's Callback API confirmation", channel.accountId());
            return WebhookResponse.text(settings.confirmationCode().orElseThrow(
                    () -> new IllegalStateException("setting confirmationCode is required")));
        }
        try {
            VkEventBatch.map(List.of(event), mapper, names, channel.accountId()).handTo(channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotStoredException("interrupted while the event was mapped", e);
        }
        return WebhookResponse.text(OK);
    }

    private ObjectNode parse(byte[] body) {
        if (body.length == 0) {
            throw RejectedInputException.malformed("the body is empty");
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (IOException e) {
            throw RejectedInputException.malformed("the body is not JSON");
        }
        if (event == null || !event.isObject()) {
            throw RejectedInputException.malformed("the body is not a JSON object");
        }
        return (ObjectNode) event;
    }
}
