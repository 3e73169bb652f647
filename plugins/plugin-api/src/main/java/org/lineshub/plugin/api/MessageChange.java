package org.lineshub.plugin.api;

import java.time.Instant;

/**
 * The client edited or deleted a message the hub received earlier. The hub keeps the previous content in the
 * message's history and shows the change; it never overwrites silently. {@link #toString()} prints ids only.
 *
 * @param externalMessageId the platform's id of the earlier message, as in {@link InboundMessage#externalMessageId()}
 * @param kind              edited or deleted
 * @param text              for an edit, the new text; {@code null} for a deletion
 * @param html              for an edit of a channel with rich text, the new HTML; otherwise {@code null}
 * @param providerTime      when the platform says the change happened, or {@code null} for now
 */
public record MessageChange(String externalMessageId, Kind kind, String text, String html, Instant providerTime) {

    /** What happened to the message. */
    public enum Kind {
        /** The client changed the message's content. */
        EDITED,
        /** The client deleted the message. */
        DELETED
    }

    /** Checks the id and the kind. */
    public MessageChange {
        if (externalMessageId == null || externalMessageId.isBlank()) {
            throw new IllegalArgumentException("externalMessageId is required");
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
    }

    /**
     * @param externalMessageId the earlier message
     * @param text              its new text
     * @param providerTime      when it was edited, or {@code null}
     * @return an edit
     */
    public static MessageChange edited(String externalMessageId, String text, Instant providerTime) {
        return new MessageChange(externalMessageId, Kind.EDITED, text, null, providerTime);
    }

    /**
     * @param externalMessageId the earlier message
     * @param providerTime      when it was deleted, or {@code null}
     * @return a deletion
     */
    public static MessageChange deleted(String externalMessageId, Instant providerTime) {
        return new MessageChange(externalMessageId, Kind.DELETED, null, null, providerTime);
    }

    @Override
    public String toString() {
        return "MessageChange[" + kind + " " + externalMessageId + "]";
    }
}
