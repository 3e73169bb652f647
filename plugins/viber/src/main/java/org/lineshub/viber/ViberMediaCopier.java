package org.lineshub.viber;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the files of a received message into the hub before the message is stored. Viber keeps them only briefly:
 * "URL of the message media - can be image, video, file and url. Image/Video/File URLs will have a TTL of 1 hour"
 * (REST Bot API, "Receive message from user"), so a photo opened the next day must come from the hub. A file that
 * cannot be copied now (too large, Viber slow) keeps only its Viber link, which {@link ViberFileFetcher} follows
 * while it lasts. Copying again on a redelivery is harmless: the hub drops the duplicate message.
 */
final class ViberMediaCopier {

    /** The largest file copied into the hub: Viber's own limit for files bots send is 50 MB. */
    static final long MAX_COPY_BYTES = 50L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ViberMediaCopier.class);

    private final ChannelContext channel;
    private final ViberService service;

    ViberMediaCopier(ChannelContext channel, ViberService service) {
        this.channel = channel;
        this.service = service;
    }

    /**
     * @param message a mapped message whose attachments carry Viber's media URLs
     * @return the message with a hub copy ({@link Attachment#localRef()}) of each file that could be copied
     */
    InboundMessage copy(InboundMessage message) {
        if (message.attachments().isEmpty()) {
            return message;
        }
        List<Attachment> copied = new ArrayList<>();
        for (Attachment file : message.attachments()) {
            copied.add(copy(file, message.externalMessageId()));
        }
        return new InboundMessage(message.externalMessageId(), message.externalChatId(), message.threadKey(),
                message.sender(), message.subject(), message.text(), message.html(), copied,
                message.replyToExternalId(), message.providerTime(), message.extras(), message.rawPayload());
    }

    private Attachment copy(Attachment file, String messageId) {
        if (file.externalRef() == null || file.localRef() != null
                || (file.size() != null && file.size() > MAX_COPY_BYTES)) {
            return file;
        }
        try {
            AttachmentContent content = service.download(URI.create(file.externalRef()));
            String localRef;
            try (InputStream in = content.content()) {
                localRef = channel.storeFile(in, MAX_COPY_BYTES);
            }
            String mimeType = file.mimeType() != null ? file.mimeType() : baseType(content.mimeType());
            Long size = file.size() != null ? file.size() : content.size();
            return new Attachment(file.kind(), file.fileName(), mimeType, size, file.externalRef(), localRef,
                    file.width(), file.height(), file.durationSeconds());
        } catch (ViberApiException | IOException e) {
            LOG.info("Account {}: a file of message {} stays on Viber only: {}", channel.accountId(), messageId,
                    e.getMessage());
            return file;
        } catch (IllegalArgumentException e) {
            LOG.info("Account {}: a file of message {} stays on Viber only: its media is not a URL",
                    channel.accountId(), messageId);
            return file;
        } catch (InterruptedException e) {
            // the hub is stopping: store the message with the link; Viber's copy lasts an hour
            Thread.currentThread().interrupt();
            return file;
        }
    }

    /** {@code image/jpeg; charset=...} without its parameters. */
    private static String baseType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";", 2)[0].strip();
        return type.isEmpty() ? null : type;
    }
}
