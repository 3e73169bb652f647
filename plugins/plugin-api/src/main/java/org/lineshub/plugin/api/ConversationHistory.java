package org.lineshub.plugin.api;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The messages the hub keeps of one chat of the account, for channels whose clients keep no history of their own (a
 * web chat shows the conversation again after a page reload, in another tab). Internal comments and system events
 * are never included. Since API 1.1.
 */
public interface ConversationHistory {

    /**
     * @param externalChatId the chat, as {@link InboundMessage#externalChatId()} named it
     * @param limit          the most messages to return (at most 500)
     * @return the chat's latest messages across all its sessions, oldest first
     */
    List<Entry> recent(String externalChatId, int limit);

    /**
     * Opens a file of a message of the chat, for serving it to the client.
     *
     * @param externalChatId the chat the message must belong to
     * @param messageId      the message ({@link Entry#messageId()})
     * @param attachmentId   the file ({@link EntryFile#id()})
     * @return its content, or empty when the chat has no such file; the caller closes it
     * @throws IOException when the content cannot be read
     */
    Optional<AttachmentContent> open(String externalChatId, long messageId, long attachmentId) throws IOException;

    /**
     * One message of the conversation.
     *
     * @param messageId         the hub's id
     * @param externalMessageId the platform's id (for inbound messages: the one the plugin stored it with); may be
     *                          {@code null} for outbound messages not yet sent
     * @param inbound           whether the client wrote it
     * @param text              the text, or {@code null}
     * @param files             its files
     * @param authorName        for outbound messages, the name the client is shown (the operator's or the line's,
     *                          per the line's setting); for inbound ones the client's name
     * @param at                when it was written (the provider's time for inbound messages)
     * @param status            for outbound messages PENDING, SENT, DELIVERED, READ or FAILED; {@code null} for
     *                          inbound ones
     */
    record Entry(long messageId, String externalMessageId, boolean inbound, String text, List<EntryFile> files,
                 String authorName, Instant at, String status) {

        /** Defaults the list. */
        public Entry {
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    /**
     * A file of a message.
     *
     * @param id       the hub's id of the file
     * @param kind     what it is
     * @param fileName its name, or {@code null}
     * @param mimeType its type, or {@code null}
     * @param size     its size in bytes, or {@code null}
     */
    record EntryFile(long id, AttachmentKind kind, String fileName, String mimeType, Long size) {
    }
}
