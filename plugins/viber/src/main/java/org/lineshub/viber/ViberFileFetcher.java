package org.lineshub.viber;

import java.net.URI;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.AttachmentFetcher;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;

/**
 * Streams a received file that {@link ViberMediaCopier} could not copy into the hub, from its Viber link. The link
 * lasts an hour after the message ("Image/Video/File URLs will have a TTL of 1 hour"); afterwards Viber refuses it,
 * which the hub shows as a file that is no longer available.
 */
final class ViberFileFetcher implements AttachmentFetcher {

    private final ViberService service;

    ViberFileFetcher(ViberService service) {
        this.service = service;
    }

    @Override
    public AttachmentContent fetch(Attachment attachment) throws InterruptedException {
        URI media;
        try {
            media = URI.create(attachment.externalRef());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ChannelRejectedException("the file has no Viber link");
        }
        try {
            AttachmentContent content = service.download(media);
            return new AttachmentContent(content.content(),
                    attachment.mimeType() != null ? attachment.mimeType() : content.mimeType(),
                    content.size() != null ? content.size() : attachment.size());
        } catch (ViberApiException e) {
            if (e.isTransient()) {
                throw new ChannelTransportException(e.getMessage(), e);
            }
            throw new ChannelRejectedException("Viber no longer offers the file: its links last an hour");
        }
    }
}
