package org.lineshub.vk;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.OutboundSender;
import org.lineshub.plugin.api.SentMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an {@link OutboundMessage} with {@code messages.send}. A message is one VK message with its text and up to
 * ten files; longer texts and more files take several (parts). Files go through VK's upload flow first
 * (dev.vk.com, "Uploading files"): photos with {@code photos.getMessagesUploadServer}, a multipart post of the field
 * {@code photo}, and {@code photos.saveMessagesPhoto}; other files with {@code docs.getMessagesUploadServer}
 * ({@code type=doc}), a post of the field {@code file}, and {@code docs.save}.
 *
 * <p>Every part carries a {@code random_id} computed from the hub's message id and the part's number, the same on every
 * attempt: VK sends nothing for a {@code random_id} it has seen ("a unique identifier to prevent sending the same
 * message again"), so a retry after a lost answer never sends a part twice. Failures are thrown as
 * {@link ChannelTransportException} (the hub retries) or {@link ChannelRejectedException} (final), with the number of
 * parts VK accepted so far. Thread-safe: it keeps no state between messages.
 */
final class VkSender implements OutboundSender {

    private static final Logger LOG = LoggerFactory.getLogger(VkSender.class);

    /** messages.send documents at most 9000 characters; parts of 4096 stay well within it. */
    static final int MAX_TEXT = 4096;
    /** messages.send takes at most ten attachments. */
    static final int MAX_ATTACHMENTS = 10;
    /** Parts are numbered in the low six bits of the random_id. */
    static final int MAX_PARTS = 64;
    /** Message photos: JPG, PNG or GIF, up to 50 MB ("Uploading files", photos into a private message). */
    private static final long MAX_PHOTO_BYTES = 50L * 1024 * 1024;
    private static final Set<String> PHOTO_TYPES = Set.of("image/jpeg", "image/png", "image/gif");

    private final ChannelContext channel;
    private final VkApi api;
    private final long groupId;
    private final ObjectMapper json;

    VkSender(ChannelContext channel, VkApi api, long groupId, ObjectMapper json) {
        this.channel = channel;
        this.api = api;
        this.groupId = groupId;
        this.json = json;
    }

    @Override
    public SentMessage send(OutboundMessage message) throws InterruptedException {
        long peer = peerId(message.externalChatId());
        List<Part> parts = parts(message);
        if (parts.isEmpty()) {
            throw new ChannelRejectedException("the message has neither text nor attachments");
        }
        if (parts.size() > MAX_PARTS) {
            throw new ChannelRejectedException("the message is too long for VK: " + parts.size() + " parts, at most "
                    + MAX_PARTS);
        }
        // parts VK accepted on earlier attempts are not sent again; the quote goes with the first part only
        int sent = Math.min(message.partsSent(), parts.size());
        String forward = sent == 0 ? forward(message.replyToExternalId(), peer) : null;
        Long last = null;
        try {
            for (; sent < parts.size(); sent++) {
                Part part = parts.get(sent);
                String attachment = upload(part.files(), peer);
                last = api.messagesSend(new VkApi.Send(peer, randomId(message.messageId(), sent), part.text(),
                        attachment, forward));
                forward = null;
            }
        } catch (VkApiException e) {
            LOG.debug("Account {}: message {} not delivered after {} of {} parts: {}", channel.accountId(),
                    message.messageId(), sent, parts.size(), e.getMessage());
            if (e.isUnauthorized()) {
                // the token was revoked: nothing this account sends or receives works until an admin replaces it
                channel.fail("VK rejected the community access token (error " + e.errorCode() + ")");
            }
            throw e.toChannelException(sent);
        } catch (ChannelTransportException e) {
            throw new ChannelTransportException(e.getMessage(), e.getCause(), e.retryAfter(), sent);
        } catch (InterruptedException e) {
            if (sent == 0) {
                throw e;
            }
            // the hub is stopping: keep the interrupt, and say which parts the client already has
            Thread.currentThread().interrupt();
            throw new ChannelTransportException("interrupted after " + sent + " of " + parts.size() + " parts", e,
                    null, sent);
        }
        if (last == null) {
            // every part went out on earlier attempts; VK's answer to the last one was not kept
            return new SentMessage(null, null);
        }
        SentMessage result = sentMessage(peer, last);
        LOG.debug("Account {}: message {} sent as {}", channel.accountId(), message.messageId(),
                result.externalMessageId());
        return result;
    }

    /**
     * The {@code random_id} of one part: the hub's message id and the part's number packed into a positive int32,
     * the same on every attempt. Message ids are sequential, so two messages get the same value only 2^25 messages
     * apart. Never 0, which VK takes as "no deduplication".
     *
     * @param messageId the hub's message id
     * @param part      the part's number, 0 to 63
     * @return the random_id
     */
    static int randomId(long messageId, int part) {
        int id = (int) (((messageId << 6) | part) & 0x7FFF_FFFFL);
        return id == 0 ? Integer.MAX_VALUE : id;
    }

    /** The messages.send calls a message takes, in order; the same message gives the same parts on every attempt. */
    private static List<Part> parts(OutboundMessage message) {
        List<String> texts = text(message) == null ? List.of() : split(text(message), MAX_TEXT);
        List<Attachment> files = message.attachments();
        List<Part> parts = new ArrayList<>();
        int count = Math.max(texts.size(), (files.size() + MAX_ATTACHMENTS - 1) / MAX_ATTACHMENTS);
        for (int i = 0; i < count; i++) {
            parts.add(new Part(i < texts.size() ? texts.get(i) : null,
                    files.subList(Math.min(files.size(), i * MAX_ATTACHMENTS),
                            Math.min(files.size(), (i + 1) * MAX_ATTACHMENTS))));
        }
        return parts;
    }

    /** One messages.send call: a text, files, or both. */
    private record Part(String text, List<Attachment> files) {
    }

    /** Uploads the files of a part; returns the {@code attachment} parameter, or {@code null} without files. */
    private String upload(List<Attachment> files, long peer) throws InterruptedException {
        if (files.isEmpty()) {
            return null;
        }
        StringJoiner attachment = new StringJoiner(",");
        for (Attachment file : files) {
            try (InputStream content = channel.openAttachment(file)) {
                VkApi.Upload upload = new VkApi.Upload(fileName(file), file.mimeType(), content);
                attachment.add(asPhoto(file) ? uploadPhoto(upload, peer) : uploadDoc(upload, peer));
            } catch (IOException e) {
                throw new ChannelTransportException("could not read the attachment to send: "
                        + e.getClass().getSimpleName(), e);
            }
        }
        return attachment.toString();
    }

    /** The upload server answers {@code {"server", "photo", "hash"}}, which photos.saveMessagesPhoto takes as is. */
    private String uploadPhoto(VkApi.Upload upload, long peer) throws InterruptedException {
        JsonNode uploaded = api.upload(api.photosGetMessagesUploadServer(peer), "photo", upload);
        String photo = uploaded.path("photo").asText("");
        if (photo.isEmpty() || "[]".equals(photo)) {
            // the upload server answers an empty photo list for a file it does not take as an image
            throw new VkApiException("upload", VkApiException.REFUSED, "the upload server took no photo");
        }
        JsonNode saved = api.photosSaveMessagesPhoto(photo, uploaded.path("server").asText(""),
                uploaded.path("hash").asText("")).path(0);
        return "photo" + ownerAndId(saved, "photos.saveMessagesPhoto");
    }

    /** The upload server answers {@code {"file"}}; docs.save answers {@code {"type": "doc", "doc": {...}}}. */
    private String uploadDoc(VkApi.Upload upload, long peer) throws InterruptedException {
        JsonNode uploaded = api.upload(api.docsGetMessagesUploadServer(peer), "file", upload);
        String file = uploaded.path("file").asText("");
        if (file.isEmpty()) {
            throw new VkApiException("upload", VkApiException.REFUSED, "the upload server took no file");
        }
        JsonNode saved = api.docsSave(file, upload.fileName());
        return "doc" + ownerAndId(saved.has("doc") ? saved.path("doc") : saved, "docs.save");
    }

    /** @return {@code <owner_id>_<id>} of a saved photo or document, as messages.send's attachment wants it */
    private static String ownerAndId(JsonNode saved, String method) {
        JsonNode owner = saved.path("owner_id");
        JsonNode id = saved.path("id");
        if (!owner.canConvertToLong() || !id.canConvertToLong()) {
            throw new VkApiException(method, VkApiException.NO_RESPONSE, "the answer has no owner_id and id");
        }
        return owner.asLong() + "_" + id.asLong();
    }

    private static boolean asPhoto(Attachment file) {
        return file.kind() == AttachmentKind.IMAGE
                && (file.mimeType() == null || PHOTO_TYPES.contains(file.mimeType()))
                && (file.size() == null || file.size() <= MAX_PHOTO_BYTES);
    }

    private static String fileName(Attachment file) {
        if (file.fileName() != null && !file.fileName().isBlank()) {
            return file.fileName();
        }
        return file.kind() == AttachmentKind.IMAGE ? "image.jpg" : "file";
    }

    /**
     * The {@code forward} parameter that quotes the client's message (messages_forward): {@code peer_id},
     * {@code conversation_message_ids} and {@code is_reply}. It takes the message's conversation_message_id, which a
     * community has in group chats too, where {@code reply_to} (a message id) does not work.
     *
     * @param externalId the hub's id of the answered message, {@code <peer_id>:<conversation_message_id>}
     * @param peer       where the reply goes
     * @return the JSON, or {@code null} when there is nothing to quote in this conversation
     */
    String forward(String externalId, long peer) {
        if (externalId == null) {
            return null;
        }
        int colon = externalId.indexOf(':');
        try {
            if (colon < 0 || Long.parseLong(externalId.substring(0, colon)) != peer) {
                return null;
            }
            long cmid = Long.parseLong(externalId.substring(colon + 1));
            ObjectNode forward = json.createObjectNode().put("peer_id", peer);
            forward.putArray("conversation_message_ids").add(cmid);
            return forward.put("is_reply", true).toString();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The sent message's id in the form of received ones, {@code <peer_id>:<conversation_message_id>}, so a client's
     * reply to it points at it. messages.send answers the message id only (0 in group chats), so the
     * conversation_message_id comes from messages.getById; when that fails the message is sent all the same, without
     * an id.
     */
    private SentMessage sentMessage(long peer, long messageId) {
        if (messageId <= 0) {
            return new SentMessage(null, null);
        }
        try {
            JsonNode item = api.messagesGetById(groupId, messageId).path(0);
            JsonNode cmid = item.path("conversation_message_id");
            JsonNode date = item.path("date");
            if (cmid.canConvertToLong()) {
                return new SentMessage(VkEventMapper.externalId(peer, cmid.asLong()),
                        date.canConvertToLong() ? Instant.ofEpochSecond(date.asLong()) : null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("Account {}: VK message {} sent, its conversation id not known: {}", channel.accountId(),
                    messageId, e.getMessage());
        }
        return new SentMessage(null, null);
    }

    /** A community writes as itself, so an operator's name, when the line shows it, goes in front of the text. */
    private static String text(OutboundMessage message) {
        String text = message.text() == null || message.text().isEmpty() ? null : message.text();
        if (message.senderName() == null || message.senderName().isBlank()) {
            return text;
        }
        return text == null ? message.senderName() + ":" : message.senderName() + ":\n" + text;
    }

    private static long peerId(String chatId) {
        try {
            return Long.parseLong(chatId == null ? "" : chatId.strip());
        } catch (NumberFormatException e) {
            throw new ChannelRejectedException("the message has no VK peer id");
        }
    }

    /**
     * Splits a text into parts VK accepts, at a line break or else a space in the second half of a part, and never
     * inside a surrogate pair.
     *
     * @param text the text
     * @param max  the longest part, in UTF-16 code units
     * @return the parts, in order
     */
    static List<String> split(String text, int max) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > max) {
            int cut = rest.lastIndexOf('\n', max);
            if (cut < max / 2) {
                cut = rest.lastIndexOf(' ', max);
            }
            int skip = 1;
            if (cut < max / 2) {
                cut = Character.isHighSurrogate(rest.charAt(max - 1)) ? max - 1 : max;
                skip = 0;
            }
            parts.add(rest.substring(0, cut));
            rest = rest.substring(cut + skip);
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }
}
