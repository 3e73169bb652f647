package org.lineshub.plugin.api;

import java.io.InputStream;
import java.util.Objects;

/**
 * The content of an attachment, streamed from the platform through the hub to whoever opened it.
 *
 * @param content  the bytes; the hub closes the stream
 * @param mimeType the media type, or {@code null} to use the attachment's
 * @param size     the length in bytes, or {@code null} when unknown
 */
public record AttachmentContent(InputStream content, String mimeType, Long size) {

    /** Checks that there is content. */
    public AttachmentContent {
        Objects.requireNonNull(content, "content");
    }
}
