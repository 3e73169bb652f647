package org.lineshub.whatsapp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;
import org.lineshub.plugin.api.MessageTemplate;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.OutboundSender;
import org.lineshub.plugin.api.SentMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an {@link OutboundMessage} with {@code POST /<phone-number-id>/messages}: text (split at WhatsApp's 4096
 * characters), each file as its own image, video, audio or document message (uploaded first), or an approved
 * template. Failures are thrown as {@link ChannelTransportException} (the hub retries) or
 * {@link ChannelRejectedException} (final), with the number of parts Meta accepted so far, so that a retry sends
 * only the parts after {@link OutboundMessage#partsSent()}. Thread-safe: it keeps no state between messages.
 *
 * <p>The 24-hour customer service window is the hub's to enforce (the descriptor's reply window): outside it the hub
 * hands over templates only. Should Meta still refuse with 131047 (re-engagement), the refusal is final.
 */
final class WhatsAppSender implements OutboundSender {

    /** "Text messages": the body is at most 4096 characters. */
    static final int MAX_TEXT = 4096;
    /** "Image/video/document messages": a caption is at most 1024 characters. */
    static final int MAX_CAPTION = 1024;

    /**
     * "Supported media types": images JPEG or PNG up to 5 MB, videos MP4 or 3GPP up to 16 MB, audio AAC, AMR, MP3,
     * MP4 audio or OGG (Opus) up to 16 MB; everything else goes as a document (up to 100 MB).
     */
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png");
    private static final Set<String> VIDEO_TYPES = Set.of("video/mp4", "video/3gpp");
    private static final Set<String> AUDIO_TYPES = Set.of("audio/aac", "audio/amr", "audio/mpeg", "audio/mp4",
            "audio/ogg");
    private static final long MAX_IMAGE_BYTES = 5L * 1024 * 1024;
    private static final long MAX_VIDEO_AUDIO_BYTES = 16L * 1024 * 1024;
    /**
     * A business-scoped user id ({@code US.13491208655302741918}, {@code US.ENT.1181...}): a chat of a user whose
     * phone number Meta withholds, which is addressed with {@code recipient} instead of {@code to}.
     */
    private static final Pattern BSUID = Pattern.compile("[A-Z]{2}\\.[A-Za-z0-9.]+");

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppSender.class);

    private final ChannelContext channel;
    private final WhatsAppService service;
    private final ObjectMapper json;
    private final String defaultLanguage;

    WhatsAppSender(ChannelContext channel, WhatsAppService service, ObjectMapper json, String defaultLanguage) {
        this.channel = channel;
        this.service = service;
        this.json = json;
        this.defaultLanguage = defaultLanguage;
    }

    @Override
    public SentMessage send(OutboundMessage message) throws InterruptedException {
        String chat = message.externalChatId();
        if (chat == null || chat.isBlank()) {
            throw new ChannelRejectedException("the message has no WhatsApp recipient");
        }
        List<Part> parts = parts(message);
        if (parts.isEmpty()) {
            throw new ChannelRejectedException("the message has neither text, files nor a template");
        }
        // parts Meta accepted on earlier attempts are not sent again; the quote goes with the first part only
        int sent = Math.min(message.partsSent(), parts.size());
        String replyTo = sent == 0 ? message.replyToExternalId() : null;
        String last = null;
        try {
            for (; sent < parts.size(); sent++) {
                ObjectNode request = recipient(chat);
                if (replyTo != null) {
                    // "context.message_id" quotes the client's message
                    request.putObject("context").put("message_id", replyTo);
                }
                parts.get(sent).fill(request, this);
                last = messageId(service.sendMessage(request), sent);
                replyTo = null;
            }
        } catch (WhatsAppApiException e) {
            LOG.debug("Account {}: message {} not delivered after {} of {} parts: {}", channel.accountId(),
                    message.messageId(), sent, parts.size(), e.getMessage());
            if (e.isUnauthorized()) {
                // the token expired or was revoked: nothing this account sends works until an admin replaces it
                channel.fail("WhatsApp rejected the access token (error " + e.code() + ")");
            }
            throw e.toChannelException(sent);
        } catch (ChannelTransportException e) {
            throw new ChannelTransportException(e.getMessage(), e.getCause(), e.retryAfter(),
                    Math.max(sent, e.partsSent()));
        } catch (InterruptedException e) {
            if (sent == 0) {
                throw e;
            }
            // the hub is stopping: keep the interrupt, and say which parts the client already has
            Thread.currentThread().interrupt();
            throw new ChannelTransportException("interrupted after " + sent + " of " + parts.size() + " parts", e,
                    null, sent);
        }
        LOG.debug("Account {}: message {} sent as {}", channel.accountId(), message.messageId(), last);
        // every part went out on earlier attempts when last is null; Meta's id of the last one was not kept
        return new SentMessage(last, null);
    }

    /**
     * The messages one hub message takes, in order: a template, or the text split in parts (unless it is the caption
     * of the first file), then one message per file. The same message gives the same parts on every attempt.
     */
    private List<Part> parts(OutboundMessage message) {
        List<Part> parts = new ArrayList<>();
        List<Attachment> files = message.attachments();
        String caption = null;
        if (message.template() != null) {
            parts.add(new TemplatePart(message.template()));
        } else {
            String text = text(message);
            boolean captioned = !files.isEmpty() && type(files.get(0)).captioned();
            if (text != null && captioned && text.length() <= MAX_CAPTION) {
                caption = text;
            } else if (text != null) {
                for (String part : split(text, MAX_TEXT)) {
                    parts.add(new TextPart(part));
                }
            }
        }
        for (Attachment file : files) {
            parts.add(new FilePart(file, caption));
            caption = null;
        }
        return parts;
    }

    /** The business number writes as itself, so an operator's name, when the line shows it, goes first. */
    private static String text(OutboundMessage message) {
        String text = message.text() == null || message.text().isEmpty() ? null : message.text();
        if (message.senderName() == null || message.senderName().isBlank()) {
            return text;
        }
        return text == null ? message.senderName() + ":" : message.senderName() + ":\n" + text;
    }

    /**
     * {@code to} for a phone number; {@code recipient} for a business-scoped user id ("Business-scoped user IDs":
     * "Use to to send to a phone number. Use recipient to send to a BSUID").
     */
    private ObjectNode recipient(String chat) {
        ObjectNode request = json.createObjectNode().put("recipient_type", "individual");
        return BSUID.matcher(chat).matches() ? request.put("recipient", chat) : request.put("to", chat);
    }

    private static String messageId(JsonNode answer, int partsBefore) {
        JsonNode id = answer.path("messages").path(0).path("id");
        if (!id.isTextual() || id.asText().isBlank()) {
            // Meta accepted the part, so a retry must not send it again
            throw new ChannelTransportException("WhatsApp's answer carries no message id", null, null,
                    partsBefore + 1);
        }
        return id.asText();
    }

    /** One Cloud API message of a hub message. */
    private interface Part {
        void fill(ObjectNode request, WhatsAppSender sender) throws InterruptedException;
    }

    /** "Text messages": {@code {"type":"text","text":{"body":...}}}. */
    private record TextPart(String text) implements Part {
        @Override
        public void fill(ObjectNode request, WhatsAppSender sender) {
            request.put("type", "text").putObject("text").put("preview_url", false).put("body", text);
        }
    }

    /**
     * "Template messages": {@code {"type":"template","template":{"name","language":{"code"},"components":[{"type":
     * "body","parameters":[{"type":"text","text":...}]}]}}}, the parameters filling the body's placeholders in order.
     */
    private record TemplatePart(MessageTemplate template) implements Part {
        @Override
        public void fill(ObjectNode request, WhatsAppSender sender) {
            ObjectNode body = request.put("type", "template").putObject("template").put("name", template.name());
            String language = template.language() == null || template.language().isBlank() ? sender.defaultLanguage
                    : template.language();
            body.putObject("language").put("code", language);
            if (!template.parameters().isEmpty()) {
                ArrayNode parameters = body.putArray("components").addObject().put("type", "body")
                        .putArray("parameters");
                template.parameters().forEach(p -> parameters.addObject().put("type", "text").put("text", p));
            }
        }
    }

    /**
     * A media message: {@code {"type":"image","image":{"id":<uploaded media id>,"caption":...}}}; documents also
     * carry their {@code filename}. A file the hub keeps is uploaded first; one that is only a public URL goes as
     * {@code link}, one that is only a media id of Meta's as {@code id}.
     */
    private record FilePart(Attachment file, String caption) implements Part {
        @Override
        public void fill(ObjectNode request, WhatsAppSender sender) throws InterruptedException {
            MediaType type = type(file);
            ObjectNode media = request.put("type", type.field).putObject(type.field);
            if (file.localRef() != null) {
                media.put("id", sender.upload(file));
            } else if (file.externalRef().startsWith("https://") || file.externalRef().startsWith("http://")) {
                media.put("link", file.externalRef());
            } else {
                media.put("id", file.externalRef());
            }
            if (caption != null && type.captioned()) {
                media.put("caption", caption);
            }
            if (type == MediaType.DOCUMENT) {
                media.put("filename", fileName(file));
            }
        }
    }

    private String upload(Attachment file) throws InterruptedException {
        try (InputStream content = channel.openAttachment(file)) {
            return service.uploadMedia(new WhatsAppService.Upload(fileName(file), mimeType(file), content));
        } catch (IOException e) {
            throw new ChannelTransportException("could not read the attachment to send: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** The Cloud API message type a file goes as. */
    enum MediaType {
        IMAGE("image"), VIDEO("video"), AUDIO("audio"), DOCUMENT("document");

        final String field;

        MediaType(String field) {
            this.field = field;
        }

        /** Audio messages have no caption. */
        boolean captioned() {
            return this != AUDIO;
        }
    }

    static MediaType type(Attachment file) {
        String mime = baseType(file.mimeType());
        long size = file.size() == null ? 0 : file.size();
        if (file.kind() == AttachmentKind.IMAGE && IMAGE_TYPES.contains(mime) && size <= MAX_IMAGE_BYTES) {
            return MediaType.IMAGE;
        }
        if (file.kind() == AttachmentKind.VIDEO && VIDEO_TYPES.contains(mime) && size <= MAX_VIDEO_AUDIO_BYTES) {
            return MediaType.VIDEO;
        }
        if ((file.kind() == AttachmentKind.AUDIO || file.kind() == AttachmentKind.VOICE) && AUDIO_TYPES.contains(mime)
                && size <= MAX_VIDEO_AUDIO_BYTES) {
            return MediaType.AUDIO;
        }
        return MediaType.DOCUMENT;
    }

    private static String baseType(String mimeType) {
        if (mimeType == null) {
            return "";
        }
        int semicolon = mimeType.indexOf(';');
        return (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static String mimeType(Attachment file) {
        return file.mimeType() == null || file.mimeType().isBlank() ? "application/octet-stream" : file.mimeType();
    }

    private static String fileName(Attachment file) {
        if (file.fileName() != null && !file.fileName().isBlank()) {
            return file.fileName();
        }
        return file.kind() == AttachmentKind.IMAGE ? "image" : "file";
    }

    /**
     * Splits a text into parts WhatsApp accepts, at a line break or else a space in the second half of a part, and
     * never inside a surrogate pair.
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
