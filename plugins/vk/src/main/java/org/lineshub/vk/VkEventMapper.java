package org.lineshub.vk;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.SenderProfile;

/**
 * Turns one community event ({@code {"type", "object", "group_id", "event_id", "v"}}, the same in the Bots Long Poll
 * API and the Callback API) into an {@link InboundMessage} ({@code message_new}) or a {@link MessageChange}
 * ({@code message_edit}). A pure function of the JSON and the sender's profile: no I/O, no clock, no state.
 *
 * <p><b>Message ids.</b> A community gets {@code id} 0 for every message of a group chat (dev.vk.com: "is_unavailable:
 * ... including its id equals 0"; VKCOM/vk-api-schema#40), but {@code conversation_message_id} always: "unique
 * auto-incremented number for all messages with this peer" (messages_base_message). So the hub's id of a message is
 * {@code <peer_id>:<conversation_message_id>}, which every delivery of the same message repeats, by long poll and by
 * callback alike; an edit names its message the same way.
 */
final class VkEventMapper {

    static final String MESSAGE_NEW = "message_new";
    static final String MESSAGE_EDIT = "message_edit";
    /** The community's own messages, echoed back (callback_type): never a client's. */
    static final String MESSAGE_REPLY = "message_reply";

    /** dev.vk.com, Message: at most 100 forwarded messages, nested up to 45 deep; quoting a few levels is plenty. */
    private static final int MAX_FORWARD_DEPTH = 5;
    private static final int MAX_FORWARDED = 100;
    /** Photo size types from small to large (dev.vk.com, "Photo sizes"), for sizes that come without dimensions. */
    private static final List<String> SIZE_ORDER = List.of("s", "m", "x", "o", "p", "q", "r", "y", "z", "w", "base",
            "orig");
    private static final Map<String, String> MIME_BY_EXTENSION = Map.ofEntries(
            Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"), Map.entry("csv", "text/csv"),
            Map.entry("zip", "application/zip"), Map.entry("rar", "application/vnd.rar"),
            Map.entry("7z", "application/x-7z-compressed"), Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"), Map.entry("rtf", "application/rtf"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("heic", "image/heic"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"), Map.entry("mp4", "video/mp4"),
            Map.entry("mov", "video/quicktime"));

    /**
     * The user who wrote a {@code message_new}, so names can be fetched for a whole batch before mapping it.
     *
     * @param event one event
     * @return the author's id, or empty for other events, authors that are communities, and unshaped events
     */
    OptionalLong author(JsonNode event) {
        if (!MESSAGE_NEW.equals(event.path("type").asText())) {
            return OptionalLong.empty();
        }
        JsonNode from = messageOf(event, false).path("from_id");
        return from.canConvertToLong() && from.asLong() > 0 ? OptionalLong.of(from.asLong()) : OptionalLong.empty();
    }

    /**
     * Maps a new message.
     *
     * @param event    one event
     * @param profiles the profile of a user id, as far as known
     * @return the message, or empty for other event types, messages of communities (the community's own in group
     *         chats, other bots) and service messages without text or files (a member joined a chat...)
     * @throws UnmappableEventException when the event is not shaped like VK documents it; the reason names the
     *                                  missing field, never a value
     */
    Optional<InboundMessage> message(JsonNode event, LongFunction<SenderProfile> profiles) {
        if (!MESSAGE_NEW.equals(type(event))) {
            return Optional.empty();
        }
        JsonNode message = messageOf(event, true);
        long peer = requiredLong(message, "peer_id");
        long from = requiredLong(message, "from_id");
        long cmid = requiredLong(message, "conversation_message_id");
        long date = requiredLong(message, "date");
        if (from <= 0) {
            return Optional.empty();
        }
        Content content = content(message);
        String text = content.text();
        Map<String, String> extras = new LinkedHashMap<>();
        if (!content.unsupported().isEmpty()) {
            extras.put("unsupportedAttachments", String.join(",", content.unsupported()));
            if (text == null && content.files().isEmpty()) {
                // a video, a wall post, a poll...: the operator should see that something came, and what
                text = content.unsupported().stream().map(t -> "[" + t + "]").reduce((a, b) -> a + " " + b)
                        .orElseThrow();
            }
        }
        location(message).ifPresent(location -> extras.put("location", location));
        if (text == null && content.files().isEmpty() && extras.isEmpty()) {
            return Optional.empty();
        }
        InboundMessage.Builder builder = InboundMessage.builder(externalId(peer, cmid), Long.toString(peer),
                        profiles.apply(from))
                .text(text)
                .providerTime(time(date, "date"))
                // conversation_message_id grows within a conversation while date has whole seconds
                .sequence(cmid)
                .extras(extras)
                .rawPayload(event.toString());
        content.files().forEach(builder::attachment);
        JsonNode reply = message.path("reply_message");
        if (reply.isObject() && reply.path("conversation_message_id").canConvertToLong()) {
            long replyPeer = reply.path("peer_id").canConvertToLong() ? reply.path("peer_id").asLong() : peer;
            builder.replyToExternalId(externalId(replyPeer, reply.path("conversation_message_id").asLong()));
        }
        return Optional.of(builder.build());
    }

    /**
     * Maps an edit: a {@code message_edit} event carries the whole message as it is now (callback MessageEdit: the
     * object is the message itself), so the change is its new text, at its {@code update_time}.
     *
     * @param event one event
     * @return the edit, or empty for other event types and edits of the community's own messages
     * @throws UnmappableEventException when the event is not shaped like VK documents it
     */
    Optional<MessageChange> change(JsonNode event) {
        if (!MESSAGE_EDIT.equals(type(event))) {
            return Optional.empty();
        }
        JsonNode message = messageOf(event, true);
        long peer = requiredLong(message, "peer_id");
        long from = requiredLong(message, "from_id");
        long cmid = requiredLong(message, "conversation_message_id");
        if (from <= 0) {
            return Optional.empty();
        }
        JsonNode updated = message.path("update_time");
        JsonNode date = message.path("date");
        Instant time = updated.canConvertToLong() ? time(updated.asLong(), "update_time")
                : date.canConvertToLong() ? time(date.asLong(), "date") : null;
        return Optional.of(MessageChange.edited(externalId(peer, cmid), content(message).text(), time));
    }

    /**
     * The hub's id of a VK message.
     *
     * @param peerId the conversation
     * @param cmid   the message's {@code conversation_message_id}
     * @return {@code <peer_id>:<conversation_message_id>}
     */
    static String externalId(long peerId, long cmid) {
        return peerId + ":" + cmid;
    }

    private static String type(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new UnmappableEventException("the event is not a JSON object");
        }
        JsonNode type = event.path("type");
        if (!type.isTextual()) {
            throw new UnmappableEventException("the event has no type");
        }
        return type.asText();
    }

    /**
     * The message of a message event: since API 5.103 {@code message_new} carries {@code {"message": ...,
     * "client_info": ...}} (callback_message_object), while {@code message_edit} and events of older versions carry
     * the message itself.
     */
    private static JsonNode messageOf(JsonNode event, boolean required) {
        JsonNode object = event.path("object");
        JsonNode message = object.path("message").isObject() ? object.path("message") : object;
        if (required && !message.isObject()) {
            throw new UnmappableEventException("object is missing or not a message");
        }
        return message;
    }

    /** The text with the forwarded messages quoted below it, and the files of both. */
    private static Content content(JsonNode message) {
        StringBuilder text = new StringBuilder(message.path("text").asText(""));
        List<Attachment> files = new ArrayList<>();
        Set<String> unsupported = new LinkedHashSet<>();
        attachments(message, files, unsupported);
        int[] budget = {MAX_FORWARDED};
        forwarded(message.path("fwd_messages"), 1, text, files, unsupported, budget);
        String body = text.toString().strip();
        return new Content(body.isEmpty() ? null : body, files, List.copyOf(unsupported));
    }

    private record Content(String text, List<Attachment> files, List<String> unsupported) {
    }

    /** Quotes forwarded messages, a {@code >} per level, so the operator reads what the client passed on. */
    private static void forwarded(JsonNode forwards, int depth, StringBuilder text, List<Attachment> files,
                                  Set<String> unsupported, int[] budget) {
        if (!forwards.isArray() || depth > MAX_FORWARD_DEPTH) {
            return;
        }
        String prefix = ">".repeat(depth) + " ";
        for (JsonNode forward : forwards) {
            if (budget[0]-- <= 0) {
                return;
            }
            String quoted = forward.path("text").asText("").strip();
            if (!quoted.isEmpty()) {
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                quoted.lines().forEach(line -> text.append(prefix).append(line).append('\n'));
                text.setLength(text.length() - 1);
            }
            attachments(forward, files, unsupported);
            forwarded(forward.path("fwd_messages"), depth + 1, text, files, unsupported, budget);
        }
    }

    private static void attachments(JsonNode message, List<Attachment> files, Set<String> unsupported) {
        for (JsonNode attachment : message.path("attachments")) {
            String type = attachment.path("type").asText("");
            Optional<Attachment> file = switch (type) {
                case "photo" -> photo(attachment.path("photo"));
                case "doc" -> doc(attachment.path("doc"));
                case "audio_message" -> audioMessage(attachment.path("audio_message"));
                case "sticker" -> image(attachment.path("sticker"), AttachmentKind.STICKER);
                case "graffiti" -> graffiti(attachment.path("graffiti"));
                default -> Optional.empty();
            };
            if (file.isPresent()) {
                files.add(file.get());
            } else if (!type.isEmpty()) {
                // video, audio, wall, link, poll... or a file VK sent without an address
                unsupported.add(type.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** A photo comes in several sizes ({@code sizes}: type, url, width, height); the operator wants the largest. */
    private static Optional<Attachment> photo(JsonNode photo) {
        Optional<JsonNode> largest = StreamSupport.stream(photo.path("sizes").spliterator(), false)
                .filter(size -> !url(size).isEmpty())
                .max(Comparator.<JsonNode>comparingLong(s -> s.path("width").asLong() * s.path("height").asLong())
                        .thenComparingInt(s -> SIZE_ORDER.indexOf(s.path("type").asText())));
        if (largest.isEmpty() && !url(photo.path("orig_photo")).isEmpty()) {
            largest = Optional.of(photo.path("orig_photo"));
        }
        return largest.map(size -> Attachment.external(AttachmentKind.IMAGE, url(size))
                .mimeType("image/jpeg")
                .dimensions(integer(size, "width"), integer(size, "height"))
                .build());
    }

    private static Optional<Attachment> doc(JsonNode doc) {
        String url = url(doc);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String ext = doc.path("ext").asText("").toLowerCase(Locale.ROOT);
        String title = doc.path("title").asText("").strip();
        if (title.isEmpty()) {
            title = ext.isEmpty() ? "document" : "document." + ext;
        } else if (!ext.isEmpty() && !title.toLowerCase(Locale.ROOT).endsWith("." + ext)) {
            title = title + "." + ext;
        }
        JsonNode size = doc.path("size");
        return Optional.of(Attachment.external(AttachmentKind.DOCUMENT, url)
                .fileName(title)
                .mimeType(MIME_BY_EXTENSION.get(ext))
                .size(size.canConvertToLong() ? size.asLong() : null)
                .build());
    }

    /** A voice message: {@code link_ogg} and {@code link_mp3} (messages_audio_message); the OGG is the original. */
    private static Optional<Attachment> audioMessage(JsonNode voice) {
        String ogg = voice.path("link_ogg").asText("");
        String mp3 = voice.path("link_mp3").asText("");
        if (ogg.isEmpty() && mp3.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Attachment.external(AttachmentKind.VOICE, ogg.isEmpty() ? mp3 : ogg)
                .mimeType(ogg.isEmpty() ? "audio/mpeg" : "audio/ogg")
                .durationSeconds(integer(voice, "duration"))
                .build());
    }

    /** A sticker: {@code images} (base_sticker_new), each with url, width and height; the largest is taken. */
    private static Optional<Attachment> image(JsonNode sticker, AttachmentKind kind) {
        JsonNode images = sticker.path("images").isArray() && !sticker.path("images").isEmpty()
                ? sticker.path("images") : sticker.path("images_with_background");
        return StreamSupport.stream(images.spliterator(), false)
                .filter(image -> !url(image).isEmpty())
                .max(Comparator.comparingLong(i -> i.path("width").asLong() * i.path("height").asLong()))
                .map(image -> Attachment.external(kind, url(image))
                        .mimeType("image/png")
                        .dimensions(integer(image, "width"), integer(image, "height"))
                        .build());
    }

    private static Optional<Attachment> graffiti(JsonNode graffiti) {
        String url = url(graffiti);
        return url.isEmpty() ? Optional.empty() : Optional.of(Attachment.external(AttachmentKind.IMAGE, url)
                .mimeType("image/png")
                .dimensions(integer(graffiti, "width"), integer(graffiti, "height"))
                .build());
    }

    private static Optional<String> location(JsonNode message) {
        JsonNode coordinates = message.path("geo").path("coordinates");
        if (coordinates.path("latitude").isNumber() && coordinates.path("longitude").isNumber()) {
            return Optional.of(coordinates.path("latitude").asText() + "," + coordinates.path("longitude").asText());
        }
        return Optional.empty();
    }

    private static String url(JsonNode node) {
        String url = node.path("url").asText("");
        return url.startsWith("https://") || url.startsWith("http://") ? url : "";
    }

    private static long requiredLong(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new UnmappableEventException("message." + field + " is missing or not an integer");
        }
        return value.asLong();
    }

    /** A Unix time no clock can show (past {@link Instant#MAX}) is a malformed event, not a failure of the plugin. */
    private static Instant time(long epochSeconds, String field) {
        try {
            return Instant.ofEpochSecond(epochSeconds);
        } catch (DateTimeException e) {
            throw new UnmappableEventException("message." + field + " is not a time");
        }
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() && value.canConvertToInt() ? value.asInt() : null;
    }

    /** An event that is not shaped like VK documents it; it is parked, not retried. */
    static final class UnmappableEventException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnmappableEventException(String reason) {
            super(reason);
        }
    }
}
