package org.lineshub.telegram;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.AttachmentFetcher;
import org.lineshub.plugin.api.ChannelRejectedException;

/**
 * Streams the content of a received file: getFile turns the {@code file_id} into a download path, valid for an hour,
 * which is then downloaded; nothing is buffered or stored.
 */
final class TelegramFileFetcher implements AttachmentFetcher {

    private final TelegramService service;

    TelegramFileFetcher(TelegramService service) {
        this.service = service;
    }

    @Override
    public AttachmentContent fetch(Attachment attachment) throws InterruptedException {
        if (attachment.externalRef() == null) {
            throw new ChannelRejectedException("the attachment has no Telegram file_id");
        }
        try {
            JsonNode file = service.getFile(attachment.externalRef());
            String path = file.path("file_path").asText("");
            if (path.isEmpty()) {
                throw new ChannelRejectedException("Telegram offers no download for this file");
            }
            AttachmentContent download = service.downloadFile(path);
            JsonNode size = file.path("file_size");
            return new AttachmentContent(download.content(),
                    attachment.mimeType() != null ? attachment.mimeType() : download.mimeType(),
                    size.isIntegralNumber() ? Long.valueOf(size.asLong()) : download.size());
        } catch (TelegramApiException e) {
            throw e.toChannelException();
        }
    }
}
