package org.lineshub.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

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
 * Delivers an {@link OutboundMessage} through the Bot API. Long texts are split into several messages; each attachment
 * is one message, the text its caption when it fits. Failures are thrown as {@link ChannelTransportException} (the hub
 * retries) or {@link ChannelRejectedException} (final), with the number of parts Telegram accepted so far: a retry
 * sends only the parts after {@link OutboundMessage#partsSent()}. Thread-safe: it keeps no state between messages.
 */
final class TelegramSender implements OutboundSender {

    /** Telegram's limit for a message text, in UTF-16 code units. */
    static final int MAX_TEXT = 4096;
    /** Telegram's limit for a caption. */
    static final int MAX_CAPTION = 1024;
    /** sendPhoto takes photos up to 10 MB in formats Telegram can recompress; anything else goes as a document. */
    private static final long MAX_PHOTO_BYTES = 10L * 1024 * 1024;
    private static final Set<String> PHOTO_TYPES = Set.of("image/jpeg", "image/png", "image/webp");

    private static final Logger LOG = LoggerFactory.getLogger(TelegramSender.class);

    private final ChannelContext channel;
    private final TelegramService service;

    TelegramSender(ChannelContext channel, TelegramService service) {
        this.channel = channel;
        this.service = service;
    }

    @Override
    public SentMessage send(OutboundMessage message) throws InterruptedException {
        String chatId = message.externalChatId();
        if (chatId == null || chatId.isBlank()) {
            throw new ChannelRejectedException("the message has no Telegram chat id");
        }
        List<Part> parts = parts(message);
        if (parts.isEmpty()) {
            throw new ChannelRejectedException("the message has neither text nor attachments");
        }
        // parts Telegram accepted on earlier attempts are not sent again; the quote goes with the first part only
        int sent = Math.min(message.partsSent(), parts.size());
        Long replyTo = sent == 0 ? replyToMessageId(message.replyToExternalId(), chatId) : null;
        JsonNode last = null;
        try {
            for (; sent < parts.size(); sent++) {
                Part part = parts.get(sent);
                last = part.text() != null ? service.sendMessage(chatId, part.text(), replyTo)
                        : sendFile(chatId, part.file(), part.caption(), replyTo);
                replyTo = null;
            }
        } catch (TelegramApiException e) {
            LOG.debug("Account {}: message {} not delivered after {} of {} parts: {}", channel.accountId(),
                    message.messageId(), sent, parts.size(), e.getMessage());
            if (e.isUnauthorized()) {
                // the token was revoked: nothing this account sends or receives works until an admin replaces it
                channel.fail("Telegram rejected the bot token");
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
            // every part went out on earlier attempts; Telegram's answer to the last one was not kept
            return new SentMessage(null, null);
        }
        SentMessage result = sentMessage(last, chatId, sent);
        LOG.debug("Account {}: message {} sent as {}", channel.accountId(), message.messageId(),
                result.externalMessageId());
        return result;
    }

    /**
     * The Bot API calls a message takes, in order: the text split in parts (unless it is the caption of the first
     * file), then one call per file. The same message gives the same parts on every attempt.
     */
    private static List<Part> parts(OutboundMessage message) {
        String text = text(message);
        List<Attachment> files = message.attachments();
        List<Part> parts = new ArrayList<>();
        String caption = null;
        if (text != null && !files.isEmpty() && text.length() <= MAX_CAPTION) {
            caption = text;
        } else if (text != null) {
            for (String part : split(text, MAX_TEXT)) {
                parts.add(new Part(part, null, null));
            }
        }
        for (Attachment file : files) {
            parts.add(new Part(null, file, caption));
            caption = null;
        }
        return parts;
    }

    /** One Bot API call of a message: a text, or a file with its caption. */
    private record Part(String text, Attachment file, String caption) {
    }

    private JsonNode sendFile(String chatId, Attachment file, String caption, Long replyTo)
            throws InterruptedException {
        try (InputStream content = channel.openAttachment(file)) {
            TelegramService.Upload upload = new TelegramService.Upload(fileName(file), file.mimeType(), content);
            return asPhoto(file)
                    ? service.sendPhoto(chatId, upload, caption, replyTo)
                    : service.sendDocument(chatId, upload, caption, replyTo);
        } catch (IOException e) {
            throw new ChannelTransportException("could not read the attachment to send: "
                    + e.getClass().getSimpleName(), e);
        }
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
        return file.kind() == AttachmentKind.IMAGE ? "image" : "file";
    }

    /** A bot writes as itself, so an operator's name, when the line shows it, goes in front of the text. */
    private static String text(OutboundMessage message) {
        String text = message.text() == null || message.text().isEmpty() ? null : message.text();
        if (message.senderName() == null || message.senderName().isBlank()) {
            return text;
        }
        return text == null ? message.senderName() + ":" : message.senderName() + ":\n" + text;
    }

    /**
     * @param externalId the hub's id of the message answered, {@code <chat id>:<message id>}
     * @param chatId     the chat the reply goes to
     * @return the Telegram message id, or {@code null} when the message is in another chat or the id is foreign
     */
    static Long replyToMessageId(String externalId, String chatId) {
        if (externalId == null) {
            return null;
        }
        int colon = externalId.lastIndexOf(':');
        if (colon >= 0 && !externalId.substring(0, colon).equals(chatId)) {
            return null;
        }
        try {
            return Long.parseLong(externalId.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Splits a text into parts Telegram accepts, at a line break or else a space in the second half of a part, and
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

    private static SentMessage sentMessage(JsonNode message, String chatId, int partsSent) {
        JsonNode chat = message.path("chat").path("id");
        JsonNode messageId = message.path("message_id");
        if (!messageId.isIntegralNumber()) {
            // Telegram accepted the last part, so a retry must not send it again
            throw new ChannelTransportException("Telegram's answer carries no message_id", null, null, partsSent);
        }
        String chatPart = chat.isIntegralNumber() ? chat.asText() : chatId;
        JsonNode date = message.path("date");
        return new SentMessage(TelegramMessageMapper.externalId(chatPart, messageId.asLong()),
                date.isIntegralNumber() ? Instant.ofEpochSecond(date.asLong()) : null);
    }
}
