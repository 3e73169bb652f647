package org.lineshub.plugin.api;

/** What an attachment is, so the inbox can show it properly. */
public enum AttachmentKind {
    /** A picture shown inline. */
    IMAGE,
    /** Any file, shown as a download. */
    DOCUMENT,
    /** A music or audio file. */
    AUDIO,
    /** A recorded voice note. */
    VOICE,
    /** A video. */
    VIDEO,
    /** A sticker. */
    STICKER,
    /** Anything else the platform sends as a file. */
    OTHER;

    /**
     * @param mimeType a file's media type, or {@code null}
     * @return how a file of that type is shown: an image, audio, a video, or else a document (since API 1.1)
     */
    public static AttachmentKind ofMimeType(String mimeType) {
        if (mimeType == null) {
            return DOCUMENT;
        }
        return mimeType.startsWith("image/") ? IMAGE : mimeType.startsWith("audio/") ? AUDIO
                : mimeType.startsWith("video/") ? VIDEO : DOCUMENT;
    }
}
