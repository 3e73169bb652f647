package org.lineshub.whatsapp;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.ReceiptStatus;
import org.lineshub.plugin.api.SenderProfile;

/**
 * Turns the {@code messages} webhook of the Cloud API ("messages webhook reference",
 * developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages) into the plugin
 * API's records. A pure function of the JSON: no I/O, no clock, no state, so it is tested with fixture files alone.
 *
 * <p>The envelope is {@code {"object":"whatsapp_business_account","entry":[{"id":<WABA id>,"changes":[{"field":
 * "messages","value":{"metadata":{"phone_number_id"},"contacts":[...],"messages":[...],"statuses":[...]}}]}]}};
 * one request may carry several business phone numbers, which {@link #valuesByPhoneNumber} sorts out.
 *
 * <p>WhatsApp message ids ({@code wamid...}) are unique on their own, so they are the external ids as they are; the
 * chat is the client's WhatsApp id ({@code wa_id}, their phone number in international form without {@code +}), or
 * their business-scoped user id ({@code user_id}, "BSUID") when Meta withholds the phone number of a user with a
 * username ("Business-scoped user IDs", 2026).
 */
final class WhatsAppPayloadMapper {

    /** The webhook field carrying messages and statuses; other fields (template updates...) are not for the hub. */
    static final String MESSAGES_FIELD = "messages";

    /**
     * The {@code value}s of the request's {@code messages} changes by the business phone number they are for, in the
     * order they came.
     *
     * @param root the parsed body
     * @return the values by {@code metadata.phone_number_id}; empty when the request carries no messages change
     * @throws UnmappablePayloadException when the body is not shaped like Meta documents it
     */
    static Map<String, List<JsonNode>> valuesByPhoneNumber(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new UnmappablePayloadException("the body is not a JSON object");
        }
        JsonNode entries = root.path("entry");
        if (!entries.isArray()) {
            throw new UnmappablePayloadException("entry is missing or not an array");
        }
        Map<String, List<JsonNode>> values = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            JsonNode changes = entry.path("changes");
            if (!changes.isArray()) {
                throw new UnmappablePayloadException("entry[].changes is missing or not an array");
            }
            for (JsonNode change : changes) {
                if (!MESSAGES_FIELD.equals(change.path("field").asText())) {
                    continue;
                }
                JsonNode value = change.path("value");
                String phoneNumberId = text(value.path("metadata"), "phone_number_id");
                if (phoneNumberId == null || phoneNumberId.isBlank()) {
                    throw new UnmappablePayloadException("a messages change has no metadata.phone_number_id");
                }
                values.computeIfAbsent(phoneNumberId, k -> new ArrayList<>()).add(value);
            }
        }
        return values;
    }

    /**
     * Maps the values of one phone number.
     *
     * @param values the {@code value}s of its {@code messages} changes
     * @return what they carry for the hub
     */
    static WhatsAppUpdates map(List<JsonNode> values) {
        WhatsAppUpdates updates = new WhatsAppUpdates();
        for (JsonNode value : values) {
            JsonNode contacts = value.path("contacts");
            for (JsonNode message : value.path("messages")) {
                try {
                    mapMessage(message, contacts, updates);
                } catch (UnmappablePayloadException e) {
                    updates.unmappable(message, e.getMessage(), text(message, "id"));
                }
            }
            for (JsonNode status : value.path("statuses")) {
                try {
                    receipt(status).ifPresent(updates::receipt);
                } catch (UnmappablePayloadException e) {
                    updates.unmappable(status, e.getMessage(), null);
                }
            }
            JsonNode errors = value.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                // system- or app-level problems Meta reports; nothing for a conversation
                updates.error(describe(errors.get(0)));
            }
        }
        return updates;
    }

    private static void mapMessage(JsonNode message, JsonNode contacts, WhatsAppUpdates updates) {
        if (!message.isObject()) {
            throw new UnmappablePayloadException("messages[] holds something else than an object");
        }
        String id = required(message, "id");
        String type = required(message, "type");
        Instant time = timestamp(message);
        switch (type) {
            // "Edit" and "Revoke messages webhook reference": only for numbers also used in the WhatsApp Business app
            case "edit" -> {
                JsonNode edit = message.path("edit");
                String original = required(edit, "original_message_id", "edit.original_message_id");
                updates.change(MessageChange.edited(original, editedText(edit.path("message")), time));
            }
            case "revoke" -> updates.change(MessageChange.deleted(
                    required(message.path("revoke"), "original_message_id", "revoke.original_message_id"), time));
            // a reaction is no message of its own (and an empty emoji takes it back); system messages tell of a
            // changed number; request_welcome is a user opening the chat for the first time
            case "reaction", "system", "request_welcome" -> updates.skipped(id, type);
            default -> updates.message(message(message, id, type, time, contacts));
        }
    }

    private static InboundMessage message(JsonNode message, String id, String type, Instant time, JsonNode contacts) {
        String from = text(message, "from");
        String fromUserId = text(message, "from_user_id");
        JsonNode contact = contact(contacts, from, fromUserId);
        String waId = firstNonBlank(text(contact, "wa_id"), from);
        String userId = firstNonBlank(text(contact, "user_id"), fromUserId);
        String who = firstNonBlank(waId, userId);
        if (who == null) {
            throw new UnmappablePayloadException("the message names no sender: from and from_user_id are missing");
        }
        JsonNode profile = contact.path("profile");
        SenderProfile sender = SenderProfile.builder(who)
                .displayName(text(profile, "name"))
                .username(text(profile, "username"))
                .phone(waId == null ? null : "+" + waId)
                .build();
        InboundMessage.Builder builder = InboundMessage.builder(id, who, sender)
                .providerTime(time)
                .rawPayload(message.toString());
        String replyTo = text(message.path("context"), "id");
        if (replyTo != null && !replyTo.isBlank()) {
            builder.replyToExternalId(replyTo);
        }
        Map<String, String> extras = new LinkedHashMap<>();
        switch (type) {
            case "text" -> builder.text(text(message.path("text"), "body"));
            case "image", "video", "document", "audio", "sticker" -> {
                JsonNode media = message.path(type);
                builder.attachment(attachment(media, type));
                builder.text(text(media, "caption"));
            }
            case "location" -> location(message.path("location"), builder, extras);
            case "contacts" -> builder.text(contactCards(message.path("contacts")));
            case "interactive" -> interactive(message.path("interactive"), builder, extras);
            case "button" -> {
                // a quick-reply button of a template the business sent
                builder.text(text(message.path("button"), "text"));
                putIfPresent(extras, "payload", text(message.path("button"), "payload"));
            }
            case "unsupported" -> {
                extras.put("type", type);
                JsonNode errors = message.path("errors");
                putIfPresent(extras, "error", errors.isArray() && !errors.isEmpty() ? describe(errors.get(0)) : null);
            }
            default -> {
                // a kind the plugin does not know yet (an order, a flow reply...): kept, so nothing the client sent
                // is lost, with its type for the operator
                extras.put("type", type);
                builder.text(text(message.path(type), "body"));
            }
        }
        return builder.extras(extras).build();
    }

    /** The {@code contacts[]} entry of the message's sender; Meta sends one per message sender. */
    private static JsonNode contact(JsonNode contacts, String from, String fromUserId) {
        if (!contacts.isArray()) {
            return MissingNode.getInstance();
        }
        for (JsonNode c : contacts) {
            if ((from != null && from.equals(text(c, "wa_id")))
                    || (fromUserId != null && fromUserId.equals(text(c, "user_id")))) {
                return c;
            }
        }
        return contacts.size() == 1 ? contacts.get(0) : MissingNode.getInstance();
    }

    private static Attachment attachment(JsonNode media, String type) {
        String mediaId = required(media, "id", type + ".id");
        AttachmentKind kind = switch (type) {
            case "image" -> AttachmentKind.IMAGE;
            case "video" -> AttachmentKind.VIDEO;
            case "audio" -> media.path("voice").asBoolean(false) ? AttachmentKind.VOICE : AttachmentKind.AUDIO;
            case "sticker" -> AttachmentKind.STICKER;
            default -> AttachmentKind.DOCUMENT;
        };
        return Attachment.external(kind, mediaId)
                .fileName(text(media, "filename"))
                .mimeType(text(media, "mime_type"))
                .build();
    }

    /** Text for the operator: the place's name and address, and a map link; the coordinates also as an extra. */
    private static void location(JsonNode location, InboundMessage.Builder builder, Map<String, String> extras) {
        JsonNode lat = location.path("latitude");
        JsonNode lon = location.path("longitude");
        if (!lat.isNumber() || !lon.isNumber()) {
            throw new UnmappablePayloadException("location.latitude or location.longitude is missing");
        }
        String coordinates = plain(lat) + "," + plain(lon);
        extras.put("location", coordinates);
        StringJoiner text = new StringJoiner("\n");
        for (String part : new String[] {text(location, "name"), text(location, "address")}) {
            if (part != null && !part.isBlank()) {
                text.add(part);
            }
        }
        text.add(firstNonBlank(text(location, "url"), "https://maps.google.com/?q=" + coordinates));
        builder.text(text.toString());
    }

    /** One line per shared contact: the formatted name and the phone numbers. */
    private static String contactCards(JsonNode cards) {
        StringJoiner text = new StringJoiner("\n");
        for (JsonNode card : cards) {
            StringJoiner line = new StringJoiner(", ");
            String name = text(card.path("name"), "formatted_name");
            if (name != null) {
                line.add(name);
            }
            for (JsonNode phone : card.path("phones")) {
                String number = text(phone, "phone");
                if (number != null) {
                    line.add(number);
                }
            }
            if (line.length() > 0) {
                text.add(line.toString());
            }
        }
        return text.length() == 0 ? null : text.toString();
    }

    /** A reply button or a list row the client chose, in an interactive message the business sent. */
    private static void interactive(JsonNode interactive, InboundMessage.Builder builder,
                                    Map<String, String> extras) {
        String kind = interactive.path("type").asText("");
        JsonNode reply = interactive.path(kind);
        switch (kind) {
            case "button_reply", "list_reply" -> {
                builder.text(text(reply, "title"));
                putIfPresent(extras, "payload", text(reply, "id"));
                putIfPresent(extras, "description", text(reply, "description"));
            }
            default -> {
                // a flow's answer (nfm_reply) or a newer kind: its body, if any, and its kind for the operator
                extras.put("type", "interactive" + (kind.isEmpty() ? "" : "." + kind));
                builder.text(text(reply, "body"));
            }
        }
    }

    /** The text of an edited message: its new text body, or the new caption of its media. */
    private static String editedText(JsonNode message) {
        String type = message.path("type").asText("");
        if (type.equals("text")) {
            return text(message.path("text"), "body");
        }
        return text(message.path(type), "caption");
    }

    /**
     * Maps an entry of {@code statuses}: sent, delivered, read or failed (with {@code errors[]}), for a message the
     * business sent. Other statuses (a voice message {@code played}, a {@code deleted} one) are no receipts.
     */
    private static Optional<DeliveryReceipt> receipt(JsonNode status) {
        String id = required(status, "id", "statuses[].id");
        ReceiptStatus kind = switch (status.path("status").asText("")) {
            case "sent" -> ReceiptStatus.SENT;
            case "delivered" -> ReceiptStatus.DELIVERED;
            case "read" -> ReceiptStatus.READ;
            case "failed" -> ReceiptStatus.FAILED;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        String error = null;
        if (kind == ReceiptStatus.FAILED) {
            JsonNode errors = status.path("errors");
            error = errors.isArray() && !errors.isEmpty() ? describe(errors.get(0)) : "WhatsApp did not deliver it";
        }
        return Optional.of(new DeliveryReceipt(id, kind, timestamp(status), error));
    }

    /** {@code 131047 Re-engagement message: Message failed to send because more than 24 hours have passed...}. */
    static String describe(JsonNode error) {
        String title = firstNonBlank(text(error, "title"), text(error, "message"));
        String details = text(error.path("error_data"), "details");
        StringBuilder text = new StringBuilder();
        if (error.path("code").isIntegralNumber()) {
            text.append(error.path("code").asText());
        }
        if (title != null) {
            text.append(text.length() == 0 ? "" : " ").append(title);
        }
        if (details != null && !details.equals(title)) {
            text.append(text.length() == 0 ? "" : ": ").append(details);
        }
        return text.length() == 0 ? "unknown error" : text.toString();
    }

    /** Unix seconds, which Meta sends as a string ({@code "1749416383"}). */
    private static Instant timestamp(JsonNode node) {
        JsonNode value = node.path("timestamp");
        try {
            if (value.isIntegralNumber()) {
                return Instant.ofEpochSecond(value.asLong());
            }
            if (value.isTextual() && !value.asText().isBlank()) {
                return Instant.ofEpochSecond(Long.parseLong(value.asText().strip()));
            }
        } catch (NumberFormatException | DateTimeException e) {
            // a number past what any clock shows is as malformed as no number
            throw new UnmappablePayloadException("timestamp is not a number of seconds");
        }
        return null;
    }

    private static String plain(JsonNode number) {
        return new BigDecimal(number.asText()).stripTrailingZeros().toPlainString();
    }

    private static void putIfPresent(Map<String, String> extras, String key, String value) {
        if (value != null && !value.isEmpty()) {
            extras.put(key, value);
        }
    }

    private static String required(JsonNode node, String field) {
        return required(node, field, field);
    }

    private static String required(JsonNode node, String field, String where) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new UnmappablePayloadException(where + " is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : (second != null && !second.isBlank() ? second : null);
    }

    private WhatsAppPayloadMapper() {
    }

    /** A payload not shaped like Meta documents it; the reason names the field, never a value. */
    static final class UnmappablePayloadException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnmappablePayloadException(String reason) {
            super(reason);
        }
    }
}
