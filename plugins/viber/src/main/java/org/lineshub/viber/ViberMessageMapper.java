package org.lineshub.viber;

import java.net.URLConnection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.SenderProfile;

/**
 * Maps a {@code message} callback ("Receive message from user", REST Bot API) to an {@link InboundMessage}: a pure
 * function of the payload. The {@code message_token} is the message's id (unique per message, the same when Viber
 * delivers the callback again), the sender's id is both the chat and the user: a bot talks to each user in a 1-on-1
 * chat, and {@code send_message} addresses the user by that id ({@code receiver}).
 */
final class ViberMessageMapper {

    /** Extras: the user's country, "2 letter country code (ISO ALPHA-2 Code)". */
    static final String COUNTRY = "country";
    /** Extras: a shared location, {@code <lat>,<lon>}. */
    static final String LOCATION = "location";
    /** Extras: a shared contact's name and phone number. */
    static final String CONTACT_NAME = "contactName";
    static final String CONTACT_PHONE = "contactPhone";
    /** Extras: the Viber sticker id of a sticker. */
    static final String STICKER_ID = "stickerId";

    /**
     * A callback mapped, or why it cannot be.
     *
     * @param message    the message, or {@code null} when it cannot be mapped
     * @param problem    why it cannot be mapped (no personal data), or {@code null}
     * @param externalId the callback's id for the dead letters, or {@code null} when it has none
     */
    record Result(InboundMessage message, String problem, String externalId) {

        static Result of(InboundMessage message) {
            return new Result(message, null, message.externalMessageId());
        }

        static Result unmappable(String problem, String externalId) {
            return new Result(null, problem, externalId);
        }
    }

    /**
     * @param event the {@code message} callback
     * @param raw   the callback's body as received, kept as the message's raw payload
     * @return the message, or why it cannot be mapped
     */
    Result map(JsonNode event, String raw) {
        String token = token(event.path("message_token"));
        if (token == null) {
            return Result.unmappable("a message callback without message_token", null);
        }
        JsonNode sender = event.path("sender");
        String userId = text(sender.path("id"));
        if (userId == null) {
            return Result.unmappable("a message callback without sender.id", token);
        }
        JsonNode message = event.path("message");
        String type = text(message.path("type"));
        if (type == null) {
            return Result.unmappable("a message callback without message.type", token);
        }
        Map<String, String> extras = new LinkedHashMap<>();
        String country = text(sender.path("country"));
        if (country != null) {
            extras.put(COUNTRY, country);
        }
        InboundMessage.Builder builder = InboundMessage.builder(token, userId, profile(sender, userId))
                .rawPayload(raw);
        if (event.path("timestamp").isIntegralNumber()) {
            builder.providerTime(Instant.ofEpochMilli(event.path("timestamp").asLong()));
        }
        String text = text(message.path("text"));
        String media = text(message.path("media"));
        switch (type) {
            case "text" -> builder.text(message.path("text").asText(""));
            case "picture", "video", "file" -> {
                if (media == null) {
                    return Result.unmappable("a " + type + " message without media", token);
                }
                builder.text(text).attachment(file(type, message, media));
            }
            case "sticker" -> {
                JsonNode stickerId = message.path("sticker_id");
                if (!stickerId.isMissingNode() && !stickerId.isNull()) {
                    extras.put(STICKER_ID, stickerId.asText());
                }
                if (media == null) {
                    return Result.unmappable("a sticker message without media", token);
                }
                builder.attachment(Attachment.external(AttachmentKind.STICKER, media).build());
            }
            case "contact" -> {
                JsonNode contact = message.path("contact");
                String name = text(contact.path("name"));
                String phone = text(contact.path("phone_number"));
                if (name == null && phone == null) {
                    return Result.unmappable("a contact message without name and phone_number", token);
                }
                putIfPresent(extras, CONTACT_NAME, name);
                putIfPresent(extras, CONTACT_PHONE, phone);
                builder.text(joinLines(name, phone));
            }
            case "location" -> {
                JsonNode location = message.path("location");
                if (!location.path("lat").isValueNode() || !location.path("lon").isValueNode()) {
                    return Result.unmappable("a location message without location.lat and location.lon", token);
                }
                String point = location.path("lat").asText() + "," + location.path("lon").asText();
                extras.put(LOCATION, point);
                // a geo URI (RFC 5870): readable in the inbox, and any map application opens it
                builder.text(text == null ? "geo:" + point : text + "\ngeo:" + point);
            }
            case "url" -> {
                if (media == null && text == null) {
                    return Result.unmappable("a url message without media", token);
                }
                // the link is in media ("URL message": media "URL, GIF"); a text, when present, is what the user typed
                builder.text(media == null || (text != null && text.contains(media)) ? text : joinLines(text, media));
            }
            default -> {
                return Result.unmappable("message type " + type + " is not supported", token);
            }
        }
        return Result.of(builder.extras(extras).build());
    }

    /**
     * The user as a callback describes it ("user" or "sender": id, name, avatar, country, language, api_version).
     * Names and pictures come only with {@code send_name} and {@code send_photo}, and only for users who allow it.
     */
    static SenderProfile profile(JsonNode user, String userId) {
        return SenderProfile.builder(userId)
                .displayName(text(user.path("name")))
                .languageCode(text(user.path("language")))
                .avatarRef(text(user.path("avatar")))
                .build();
    }

    private static Attachment file(String type, JsonNode message, String media) {
        AttachmentKind kind = switch (type) {
            case "picture" -> AttachmentKind.IMAGE;
            case "video" -> AttachmentKind.VIDEO;
            default -> AttachmentKind.DOCUMENT;
        };
        String fileName = text(message.path("file_name"));
        // the REST Bot API names the size file_size in callbacks; the official SDKs read size
        JsonNode size = message.path("file_size").isIntegralNumber() ? message.path("file_size") : message.path("size");
        JsonNode duration = message.path("duration");
        return Attachment.external(kind, media)
                .fileName(fileName)
                .mimeType(fileName == null ? null : URLConnection.getFileNameMap().getContentTypeFor(fileName))
                .size(size.isIntegralNumber() ? size.asLong() : null)
                .durationSeconds(duration.isNumber() ? (int) Math.round(duration.asDouble()) : null)
                .build();
    }

    /**
     * A message token is a 64-bit number ({@code "message_token":4912661846655238145}); a JavaScript client may send
     * it as a string. Kept as its decimal digits: a double would lose the last ones.
     */
    static String token(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isTextual() && node.asText().matches("\\d{1,40}")) {
            return node.asText();
        }
        return null;
    }

    static String text(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return null;
        }
        String value = node.asText();
        return value.isBlank() ? null : value;
    }

    private static void putIfPresent(Map<String, String> extras, String key, String value) {
        if (value != null) {
            extras.put(key, value);
        }
    }

    private static String joinLines(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + "\n" + second;
    }
}
