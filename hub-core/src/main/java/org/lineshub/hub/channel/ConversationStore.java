package org.lineshub.hub.channel;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.ConversationHistory;

/**
 * What a running account may read of the hub's conversations through its context: the history of one of its chats
 * and whether anyone answers on its line. Implemented where sessions live; the channel runtime only passes it on.
 */
public interface ConversationStore {

    /**
     * @param accountId      the account
     * @param externalChatId one of its chats
     * @param limit          the most messages, at most 500
     * @return the chat's latest inbound and outbound messages, oldest first
     */
    List<ConversationHistory.Entry> recent(long accountId, String externalChatId, int limit);

    /**
     * @return the content of a file of a message of the chat, or empty when the chat has no such file
     * @throws IOException when the content cannot be read
     */
    Optional<AttachmentContent> open(long accountId, String externalChatId, long messageId, long attachmentId)
            throws IOException;

    /** @return whether an operator of the account's line is online */
    boolean operatorsOnline(long accountId);
}
