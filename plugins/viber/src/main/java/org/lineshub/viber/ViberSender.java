package org.lineshub.viber;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * Delivers an {@link OutboundMessage} with {@code send_message}: texts over Viber's limit in several messages, each
 * file as a picture or file message whose {@code media} is a {@link ViberMediaLinks public link} of the hub's copy.
 * The text is the first picture's description when it fits. Each message shows a sender name: the account's
 * {@code senderName}, else the operator's name when the line shows operators, else the line's name. Failures carry
 * the number of parts Viber accepted so far, so a retry sends only the rest. Thread-safe: it keeps no state between
 * messages but the account's {@link ViberSubscriptions}.
 */
final class ViberSender implements OutboundSender {

    /** "text ... Max length 7,000 characters" (text message). */
    static final int MAX_TEXT = ViberSettings.MAX_TEXT;
    /** "Description of the photo ... Max 768 characters" (picture message). */
    static final int MAX_CAPTION = 768;
    /** "Max image size: 1MB on iOS, 3MB on Android": larger pictures go as files, which every device opens. */
    static final long MAX_PICTURE_BYTES = 1024L * 1024;
    /** "File name should include extension. Max 256 characters (including file extension)" (file message). */
    static final int MAX_FILE_NAME = 256;
    /** "The URL must have a resource with a .jpeg, .png or .gif file extension as the last path segment". */
    private static final Map<String, String> PICTURE_TYPES = Map.of(
            "image/jpeg", ".jpeg", "image/png", ".png", "image/gif", ".gif");

    private static final Logger LOG = LoggerFactory.getLogger(ViberSender.class);

    private final ChannelContext channel;
    private final ViberService service;
    private final ViberSettings settings;
    private final ViberSubscriptions subscriptions;
    private final ViberMediaLinks links;
    private final ObjectMapper json;

    ViberSender(ChannelContext channel, ViberService service, ViberSettings settings, ViberSubscriptions subscriptions,
                ViberMediaLinks links, ObjectMapper json) {
        this.channel = channel;
        this.service = service;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.links = links;
        this.json = json;
    }

    @Override
    public SentMessage send(OutboundMessage message) throws InterruptedException {
        String receiver = message.externalChatId();
        if (receiver == null || receiver.isBlank()) {
            throw new ChannelRejectedException("the message has no Viber user id");
        }
        if (subscriptions.isUnsubscribed(receiver)) {
            throw new ChannelRejectedException(ViberSubscriptions.NOT_SUBSCRIBED, message.partsSent());
        }
        List<ObjectNode> parts = parts(message);
        if (parts.isEmpty()) {
            throw new ChannelRejectedException("the message has neither text nor attachments");
        }
        ObjectNode sender = sender(settings, message.senderName(), message.lineName(), channel.accountName(), json);
        int sent = Math.min(message.partsSent(), parts.size());
        JsonNode last = null;
        try {
            for (; sent < parts.size(); sent++) {
                ObjectNode part = parts.get(sent);
                part.put("receiver", receiver);
                part.set("sender", sender);
                last = service.sendMessage(part);
            }
        } catch (ViberApiException e) {
            LOG.debug("Account {}: message {} not delivered after {} of {} parts: {}", channel.accountId(),
                    message.messageId(), sent, parts.size(), e.getMessage());
            if (e.isUnauthorized()) {
                // nothing this account sends or receives works until an admin enters a valid token
                channel.fail("Viber rejected the bot's auth token");
            } else if (e.isNotSubscribed()) {
                subscriptions.unsubscribed(receiver);
            }
            throw e.toChannelException(sent);
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
            // every part went out on earlier attempts; Viber's answer to the last one was not kept
            return new SentMessage(null, null);
        }
        String token = ViberMessageMapper.token(last.path("message_token"));
        if (token == null) {
            // Viber accepted the last part, so a retry must not send it again
            throw new ChannelTransportException("Viber's answer carries no message_token", null, null, sent);
        }
        LOG.debug("Account {}: message {} sent as {}", channel.accountId(), message.messageId(), token);
        return new SentMessage(token, null);
    }

    /**
     * The {@code send_message} bodies a message takes, in order, without receiver and sender: the text split in
     * parts (unless it is the first picture's description), then one per file. The same message gives the same parts
     * on every attempt. Files Viber cannot take are refused before anything is sent.
     */
    private List<ObjectNode> parts(OutboundMessage message) {
        String text = message.text() == null || message.text().isEmpty() ? null : message.text();
        List<Attachment> files = message.attachments();
        List<ObjectNode> parts = new ArrayList<>();
        boolean caption = text != null && !files.isEmpty() && asPicture(files.get(0))
                && text.length() <= MAX_CAPTION;
        if (text != null && !caption) {
            for (String part : split(text, MAX_TEXT)) {
                parts.add(json.createObjectNode().put("type", "text").put("text", part));
            }
        }
        for (Attachment file : files) {
            parts.add(filePart(file, caption ? text : null));
            caption = false;
        }
        return parts;
    }

    private ObjectNode filePart(Attachment file, String caption) {
        if (file.localRef() == null) {
            throw new ChannelRejectedException("an attachment has no content in the hub");
        }
        long size = size(file);
        if (size > ViberMediaLinks.MAX_BYTES) {
            throw new ChannelRejectedException("the file is larger than Viber's limit of 50 MB");
        }
        if (asPicture(file)) {
            String extension = PICTURE_TYPES.get(file.mimeType());
            return json.createObjectNode().put("type", "picture")
                    // "Description of the photo. Can be an empty string if irrelevant" but required
                    .put("text", caption == null ? "" : caption)
                    .put("media", links.link(file, file.mimeType(), "picture" + extension).toString());
        }
        String name = ViberMediaLinks.safeName(file.fileName(), file.kind() == AttachmentKind.IMAGE ? "image"
                : "file", MAX_FILE_NAME);
        String mimeType = file.mimeType() == null || !file.mimeType().matches("[\\w.+-]+/[\\w.+-]+")
                ? "application/octet-stream" : file.mimeType();
        return json.createObjectNode().put("type", "file")
                .put("media", links.link(file, mimeType, name).toString())
                .put("size", size)
                .put("file_name", name);
    }

    private static boolean asPicture(Attachment file) {
        return file.kind() == AttachmentKind.IMAGE && file.mimeType() != null
                && PICTURE_TYPES.containsKey(file.mimeType())
                && file.size() != null && file.size() <= MAX_PICTURE_BYTES;
    }

    /** The size Viber needs for a file message; counted from the content when the hub did not record it. */
    private long size(Attachment file) {
        if (file.size() != null) {
            return file.size();
        }
        try (InputStream in = channel.openAttachment(file)) {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new ChannelTransportException("could not read the attachment to send: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The {@code sender} of a message: "sender.name ... required. Max 28 characters", "sender.avatar ... optional".
     *
     * @param settings    the account's settings
     * @param senderName  the operator's name when the line shows operators, or {@code null}
     * @param lineName    the line's name, or {@code null}
     * @param accountName the account's name, the last resort
     * @param json        the plugin's mapper
     * @return the sender object
     */
    static ObjectNode sender(ViberSettings settings, String senderName, String lineName, String accountName,
                             ObjectMapper json) {
        String name = settings.senderName().orElseGet(() -> firstNonBlank(senderName, lineName, accountName));
        ObjectNode sender = json.createObjectNode().put("name", cut(name.strip(), ViberSettings.MAX_SENDER_NAME));
        settings.senderAvatarUrl().ifPresent(url -> sender.put("avatar", url.toString()));
        return sender;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "Viber";
    }

    /** @return at most {@code max} code points of the text, never half a surrogate pair */
    static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max));
    }

    /**
     * Splits a text into parts Viber accepts, at a line break or else a space in the second half of a part, and never
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
