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
    OTHER
}
