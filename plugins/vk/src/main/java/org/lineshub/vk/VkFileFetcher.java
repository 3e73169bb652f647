package org.lineshub.vk;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.AttachmentFetcher;
import org.lineshub.plugin.api.ChannelRejectedException;

/**
 * Streams the content of a received file from the address its attachment carried (a photo size's {@code url}, a
 * document's {@code url}, a voice message's {@code link_ogg}); nothing is buffered or stored. VK's file addresses
 * need no token; some expire after a while, and then the file cannot be opened any more.
 */
final class VkFileFetcher implements AttachmentFetcher {

    private final VkApi api;

    VkFileFetcher(VkApi api) {
        this.api = api;
    }

    @Override
    public AttachmentContent fetch(Attachment attachment) throws InterruptedException {
        String url = attachment.externalRef();
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
            throw new ChannelRejectedException("the attachment has no VK file address");
        }
        try {
            AttachmentContent download = api.download(url);
            return new AttachmentContent(download.content(),
                    attachment.mimeType() != null ? attachment.mimeType() : download.mimeType(),
                    download.size() != null ? download.size() : attachment.size());
        } catch (VkApiException e) {
            throw e.toChannelException(0);
        }
    }
}
