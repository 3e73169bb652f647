package org.lineshub.telegram;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.SenderProfile;

/**
 * Turns one Bot API {@code Update} (https://core.telegram.org/bots/api#update) into an {@link InboundMessage}, or an
 * {@code edited_message} into a {@link MessageChange}. A pure function of the JSON: no I/O, no clock, no state, so it
 * is tested with fixture files alone.
 *
 * <p>Message ids in Telegram are unique per chat only, so the external message id is {@code <chat id>:<message id>},
 * the same form the plugin gives the messages it sends, and an edit names its message the same way.
 */
final class TelegramMessageMapper {

    /**
     * Maps a new message.
     *
     * @param update one {@code Update} object
     * @return the message, or empty for what the hub does not take as a new message: update kinds other than
     *         {@code message} (edits are {@link #change}, channel posts, button presses...), messages without a user
     *         sender, service messages (members joining, pins...) and content without text or a file (locations,
     *         contacts, polls)
     * @throws UnmappableUpdateException when the update is not shaped like the Bot API documents it; the reason names
     *                                   the missing field, never a value
     */
    Optional<InboundMessage> map(JsonNode update) {
        JsonNode message = part(update, "message");
        if (message == null) {
            return Optional.empty();
        }
        if (!message.path("from").isObject()) {
            // channel posts and messages on behalf of a chat have no user to answer
            return Optional.empty();
        }
        String chatId = String.valueOf(requiredLong(message.path("chat"), "id", "message.chat.id"));
        long messageId = requiredLong(message, "message_id", "message.message_id");
        long date = requiredLong(message, "date", "message.date");

        InboundMessage.Builder builder = InboundMessage.builder(externalId(chatId, messageId), chatId,
                        sender(message.path("from")))
                .providerTime(Instant.ofEpochSecond(date))
                // message_id grows within a chat while date has whole seconds: it orders a client's quick messages
                .sequence(messageId)
                .rawPayload(update.toString());
        String text = text(message, "text");
        builder.text(text != null ? text : text(message, "caption"));
        Optional<Attachment> attachment = attachment(message);
        attachment.ifPresent(builder::attachment);
        if (text == null && attachment.isEmpty()) {
            return Optional.empty();
        }
        JsonNode replyTo = message.path("reply_to_message");
        if (replyTo.isObject()) {
            builder.replyToExternalId(externalId(chatId, requiredLong(replyTo, "message_id",
                    "message.reply_to_message.message_id")));
        }
        return Optional.of(builder.build());
    }

    /**
     * Maps an edit: an {@code edited_message} update carries the whole message as it is now, so the change is its new
     * text, or caption ({@code null} when the client removed a file's caption), at its {@code edit_date}.
     *
     * @param update one {@code Update} object
     * @return the edit, or empty for other update kinds and for edits of messages {@link #map} skips (no user
     *         sender, no text and no file: a live location moving is reported as an edit too)
     * @throws UnmappableUpdateException when the update is not shaped like the Bot API documents it
     */
    Optional<MessageChange> change(JsonNode update) {
        JsonNode message = part(update, "edited_message");
        if (message == null || !message.path("from").isObject()) {
            return Optional.empty();
        }
        String chatId = String.valueOf(requiredLong(message.path("chat"), "id", "edited_message.chat.id"));
        long messageId = requiredLong(message, "message_id", "edited_message.message_id");
        String text = text(message, "text");
        if (text == null) {
            text = text(message, "caption");
            if (text == null && attachment(message).isEmpty()) {
                return Optional.empty();
            }
        }
        // edit_date is optional in a Message; without it the hub takes the time it learns of the edit
        JsonNode editDate = message.path("edit_date");
        return Optional.of(MessageChange.edited(externalId(chatId, messageId), text,
                editDate.isIntegralNumber() ? Instant.ofEpochSecond(editDate.asLong()) : null));
    }

    /** @return the update's message object of that kind, or {@code null} when the update is of another kind */
    private static JsonNode part(JsonNode update, String kind) {
        if (update == null || !update.isObject()) {
            throw new UnmappableUpdateException("the update is not a JSON object");
        }
        if (!update.has(kind)) {
            return null;
        }
        JsonNode message = update.get(kind);
        if (!message.isObject()) {
            throw new UnmappableUpdateException(kind + " is not an object");
        }
        return message;
    }

    /**
     * The hub's id of a Telegram message.
     *
     * @param chatId    the chat's id
     * @param messageId the message's id within the chat
     * @return {@code <chat id>:<message id>}
     */
    static String externalId(String chatId, long messageId) {
        return chatId + ":" + messageId;
    }

    private static SenderProfile sender(JsonNode from) {
        String username = text(from, "username");
        return SenderProfile.builder(String.valueOf(requiredLong(from, "id", "message.from.id")))
                .firstName(text(from, "first_name"))
                .lastName(text(from, "last_name"))
                .username(username)
                .languageCode(text(from, "language_code"))
                .profileUrl(username == null ? null : "https://t.me/" + username)
                .build();
    }

    /** Telegram puts at most one file into a message; animations also come as {@code document}, so they go first. */
    private static Optional<Attachment> attachment(JsonNode message) {
        if (message.path("photo").isArray() && !message.path("photo").isEmpty()) {
            return Optional.of(photo(message.path("photo")));
        }
        if (message.path("animation").isObject()) {
            return Optional.of(file(message.path("animation"), AttachmentKind.VIDEO, "message.animation"));
        }
        if (message.path("document").isObject()) {
            return Optional.of(file(message.path("document"), AttachmentKind.DOCUMENT, "message.document"));
        }
        if (message.path("voice").isObject()) {
            return Optional.of(file(message.path("voice"), AttachmentKind.VOICE, "message.voice"));
        }
        if (message.path("audio").isObject()) {
            return Optional.of(file(message.path("audio"), AttachmentKind.AUDIO, "message.audio"));
        }
        if (message.path("video").isObject()) {
            return Optional.of(file(message.path("video"), AttachmentKind.VIDEO, "message.video"));
        }
        if (message.path("video_note").isObject()) {
            JsonNode note = message.path("video_note");
            Attachment.Builder round = builder(note, AttachmentKind.VIDEO, "message.video_note")
                    .mimeType("video/mp4")
                    .durationSeconds(integer(note, "duration"));
            return Optional.of(round.dimensions(integer(note, "length"), integer(note, "length")).build());
        }
        if (message.path("sticker").isObject()) {
            JsonNode sticker = message.path("sticker");
            return Optional.of(builder(sticker, AttachmentKind.STICKER, "message.sticker")
                    .mimeType(stickerType(sticker))
                    .dimensions(integer(sticker, "width"), integer(sticker, "height"))
                    .build());
        }
        return Optional.empty();
    }

    /** Telegram sends each photo in several sizes; the operator wants the largest. */
    private static Attachment photo(JsonNode sizes) {
        JsonNode largest = StreamSupport.stream(sizes.spliterator(), false)
                .filter(JsonNode::isObject)
                .max(Comparator.<JsonNode>comparingLong(s -> s.path("width").asLong() * s.path("height").asLong())
                        .thenComparingLong(s -> s.path("file_size").asLong()))
                .orElseThrow(() -> new UnmappableUpdateException("message.photo holds no PhotoSize"));
        return builder(largest, AttachmentKind.IMAGE, "message.photo")
                .mimeType("image/jpeg")
                .dimensions(integer(largest, "width"), integer(largest, "height"))
                .build();
    }

    private static Attachment file(JsonNode file, AttachmentKind kind, String where) {
        return builder(file, kind, where)
                .fileName(text(file, "file_name"))
                .mimeType(text(file, "mime_type"))
                .dimensions(integer(file, "width"), integer(file, "height"))
                .durationSeconds(integer(file, "duration"))
                .build();
    }

    private static Attachment.Builder builder(JsonNode file, AttachmentKind kind, String where) {
        String fileId = text(file, "file_id");
        if (fileId == null || fileId.isBlank()) {
            throw new UnmappableUpdateException(where + ".file_id is missing");
        }
        JsonNode size = file.path("file_size");
        return Attachment.external(kind, fileId).size(size.isIntegralNumber() ? size.asLong() : null);
    }

    private static String stickerType(JsonNode sticker) {
        if (sticker.path("is_animated").asBoolean(false)) {
            return "application/x-tgsticker";
        }
        return sticker.path("is_video").asBoolean(false) ? "video/webm" : "image/webp";
    }

    private static long requiredLong(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new UnmappableUpdateException(where + " is missing or not an integer");
        }
        return value.asLong();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() && value.canConvertToInt() ? value.asInt() : null;
    }

    /** An update that is not shaped like the Bot API documents it; it is parked, not retried. */
    static final class UnmappableUpdateException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnmappableUpdateException(String reason) {
            super(reason);
        }
    }
}
