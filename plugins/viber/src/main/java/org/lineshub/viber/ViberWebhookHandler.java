package org.lineshub.viber;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.ReceiptStatus;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.StoreResult;
import org.lineshub.plugin.api.WebhookHandler;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the callbacks Viber posts to the account's webhook address, one event per request, each signed with the bot's
 * auth token. Answers 200 only after the hub stored what the callback carried, so Viber delivers again whatever was
 * not. A callback that passed the signature check but is not shaped as the REST Bot API documents it is parked in the
 * hub's dead letters and answered 200 too: Viber would otherwise send it again and again. GET requests below the
 * address fetch the files of replies ({@link ViberMediaLinks}).
 *
 * <p>Events (REST Bot API, "Callbacks"): {@code message} is stored; {@code delivered}, {@code seen} and {@code failed}
 * become receipts of sent messages; {@code subscribed} and {@code unsubscribed} change whether replies may go to the
 * user; {@code conversation_started} opens nothing (the user has not written) but is answered with the welcome
 * message, if the account has one; {@code webhook} is Viber checking the address during {@code set_webhook}. Other
 * events are acknowledged and ignored.
 */
final class ViberWebhookHandler implements WebhookHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ViberWebhookHandler.class);

    private final ChannelContext channel;
    private final ViberSettings settings;
    private final ViberSignature signature;
    private final ViberMessageMapper mapper;
    private final ViberMediaCopier copier;
    private final ViberMediaLinks links;
    private final ViberSubscriptions subscriptions;
    private final ObjectMapper json;

    ViberWebhookHandler(ChannelContext channel, ViberSettings settings, ViberMessageMapper mapper,
                        ViberMediaCopier copier, ViberMediaLinks links, ViberSubscriptions subscriptions,
                        ObjectMapper json) {
        this.channel = channel;
        this.settings = settings;
        this.signature = new ViberSignature(settings.authToken());
        this.mapper = mapper;
        this.copier = copier;
        this.links = links;
        this.subscriptions = subscriptions;
        this.json = json;
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) throws NotStoredException {
        if (!request.path().isEmpty()) {
            return links.serve(request);
        }
        if (!request.method().equals("POST")) {
            return new WebhookResponse(405, "text/plain; charset=UTF-8",
                    "Viber callbacks are POST requests".getBytes(StandardCharsets.UTF_8)).withHeader("Allow", "POST");
        }
        String given = request.header(ViberSignature.HEADER).orElse(null);
        if (given == null) {
            throw RejectedInputException.unauthorized("missing " + ViberSignature.HEADER);
        }
        if (!signature.matches(given, request.body())) {
            throw new RejectedInputException(403, "wrong " + ViberSignature.HEADER);
        }
        JsonNode event = parse(request.body());
        String type = event.path("event").asText();
        return switch (type) {
            case "message" -> message(event, request.bodyText());
            case "delivered" -> receipt(event, ReceiptStatus.DELIVERED, request);
            case "seen" -> receipt(event, ReceiptStatus.READ, request);
            case "failed" -> receipt(event, ReceiptStatus.FAILED, request);
            case "subscribed" -> subscribed(event.path("user"));
            case "unsubscribed" -> unsubscribed(event);
            case "conversation_started" -> conversationStarted(event);
            // Viber's check of the address while set_webhook runs: a 200 is all it needs
            case "webhook" -> WebhookResponse.ok();
            default -> {
                LOG.debug("Account {}: Viber event {} ignored", channel.accountId(), type);
                yield WebhookResponse.ok();
            }
        };
    }

    private WebhookResponse message(JsonNode event, String raw) throws NotStoredException {
        ViberMessageMapper.Result mapped = mapper.map(event, raw);
        if (mapped.message() == null) {
            channel.inbound().park(raw.getBytes(StandardCharsets.UTF_8), mapped.problem(),
                    mapped.externalId() == null ? null : "message:" + mapped.externalId());
            LOG.info("Account {}: parked a message callback: {}", channel.accountId(), mapped.problem());
            return WebhookResponse.ok();
        }
        StoreResult result = channel.inbound().store(copier.copy(mapped.message()));
        // writing to the bot subscribes the user again, without a subscribed callback
        subscriptions.subscribed(mapped.message().externalChatId());
        LOG.debug("Account {}: message {} stored={} duplicate={} parked={}", channel.accountId(),
                mapped.message().externalMessageId(), result.stored(), result.duplicates(), result.parked());
        return WebhookResponse.ok();
    }

    /**
     * "delivered", "seen" and "failed" name the sent message by its {@code message_token}, the id
     * {@link ViberSender} returned; a failure says why in {@code desc}.
     */
    private WebhookResponse receipt(JsonNode event, ReceiptStatus status, WebhookRequest request)
            throws NotStoredException {
        String token = ViberMessageMapper.token(event.path("message_token"));
        if (token == null) {
            channel.inbound().park(request.body(), "a " + event.path("event").asText()
                    + " callback without message_token", null);
            return WebhookResponse.ok();
        }
        Instant time = event.path("timestamp").isIntegralNumber()
                ? Instant.ofEpochMilli(event.path("timestamp").asLong()) : null;
        String error = null;
        if (status == ReceiptStatus.FAILED) {
            String desc = ViberMessageMapper.text(event.path("desc"));
            error = "Viber could not deliver the message" + (desc == null ? "" : ": " + desc);
        }
        channel.inbound().receipts(List.of(new DeliveryReceipt(token, status, time, error)));
        return WebhookResponse.ok();
    }

    private WebhookResponse subscribed(JsonNode user) {
        String userId = ViberMessageMapper.text(user.path("id"));
        if (userId != null) {
            subscriptions.subscribed(userId);
        }
        LOG.debug("Account {}: a user subscribed", channel.accountId());
        return WebhookResponse.ok();
    }

    /** The user left: replies to them are refused with the reason until they write again. */
    private WebhookResponse unsubscribed(JsonNode event) {
        String userId = ViberMessageMapper.text(event.path("user_id"));
        if (userId != null) {
            subscriptions.unsubscribed(userId);
        }
        LOG.debug("Account {}: a user unsubscribed", channel.accountId());
        return WebhookResponse.ok();
    }

    /**
     * A user opened the chat; no session opens until they write. The welcome message goes back in the answer: "The
     * welcome message should be included in the body of the HTTP response to the conversation_started callback, and
     * not sent to the send_message endpoint", "in JSON format according to the structure of the send_message
     * request, but without the receiver parameter" (REST Bot API, "Sending a welcome message").
     */
    private WebhookResponse conversationStarted(JsonNode event) {
        if (event.path("subscribed").asBoolean(false)) {
            subscribed(event.path("user"));
        }
        if (settings.welcomeMessage().isEmpty()) {
            return WebhookResponse.ok();
        }
        ObjectNode welcome = json.createObjectNode();
        welcome.set("sender", ViberSender.sender(settings, null, null, channel.accountName(), json));
        welcome.put("type", "text").put("text", settings.welcomeMessage().get());
        return WebhookResponse.json(welcome.toString());
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw RejectedInputException.malformed("the body is empty");
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (IOException e) {
            throw RejectedInputException.malformed("the body is not JSON");
        }
        if (event == null || !event.isObject() || !event.path("event").isTextual()) {
            throw RejectedInputException.malformed("the body is not a Viber callback: no event");
        }
        return event;
    }
}
