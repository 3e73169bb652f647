package org.lineshub.whatsapp;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.AttachmentFetcher;
import org.lineshub.plugin.api.ChannelRejectedException;

/**
 * Streams a received file: its media id becomes a download URL valid for five minutes, which is then downloaded;
 * nothing is buffered or stored. Meta keeps the media of received messages for 7 days ("Media": "Media IDs in
 * webhooks expire after 7 days"); an older one is refused, which the hub shows as not found.
 */
final class WhatsAppMediaFetcher implements AttachmentFetcher {

    private final WhatsAppService service;

    WhatsAppMediaFetcher(WhatsAppService service) {
        this.service = service;
    }

    @Override
    public AttachmentContent fetch(Attachment attachment) throws InterruptedException {
        if (attachment.externalRef() == null) {
            throw new ChannelRejectedException("the attachment has no WhatsApp media id");
        }
        try {
            AttachmentContent content = service.downloadMedia(attachment.externalRef());
            return attachment.mimeType() == null ? content
                    : new AttachmentContent(content.content(), attachment.mimeType(), content.size());
        } catch (WhatsAppApiException e) {
            throw e.toChannelException(0);
        }
    }
}
