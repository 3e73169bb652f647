package org.lineshub.webchat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ConversationHistory;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.SenderProfile;
import org.lineshub.plugin.api.StoreResult;

/**
 * Hands what visitors write to the hub, from the live socket, an upload or the offline form, and finds the stored
 * message in the chat's history for the answer. A message's external id is its chat's id and the id the frame gave
 * it, so a frame that sends again after a lost answer stores nothing twice.
 */
final class WebchatInbound {

    /** The most characters of one message. */
    static final int MAX_TEXT = 4000;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9-]{8,64}");

    private final ChannelContext context;

    WebchatInbound(ChannelContext context) {
        this.context = context;
    }

    /** The hub parked the message instead of storing it: it will never be stored. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** @return whether the frame's id of a message has the expected shape (a UUID, say) */
    static boolean validClientId(String id) {
        return id != null && CLIENT_ID.matcher(id).matches();
    }

    /** @return the external id of a visitor's message */
    static String externalId(String chatId, String clientId) {
        return chatId + "." + clientId;
    }

    /**
     * Stores one message of a visitor and returns it as the chat's history has it.
     *
     * @param chatId   the visitor's chat
     * @param clientId the frame's id of the message
     * @param visitor  what the visitor told about themselves
     * @param text     the text, or {@code null} with a file
     * @param file     a file stored with {@link ChannelContext#storeFile}, or {@code null}
     * @return the stored message
     * @throws NotStoredException the hub could not store it now; the frame may send it again
     * @throws RefusedException   the hub will never store it
     */
    ConversationHistory.Entry store(String chatId, String clientId, WebchatVisitor visitor, String text,
                                    Attachment file) throws NotStoredException, RefusedException {
        String externalId = externalId(chatId, clientId);
        SenderProfile sender = SenderProfile.builder(chatId)
                .displayName(visitor.name() != null ? visitor.name() : WebchatVisitors.anonymousName(chatId))
                .email(visitor.email())
                .languageCode(visitor.lang())
                .build();
        InboundMessage.Builder message = InboundMessage.builder(externalId, chatId, sender).text(text);
        if (file != null) {
            message.attachment(file);
        }
        StoreResult result = context.inbound().store(message.build());
        if (result.parked() > 0) {
            throw new RefusedException("the message cannot be stored");
        }
        return find(chatId, externalId).orElseGet(() -> new ConversationHistory.Entry(0, externalId, true, text,
                List.of(), sender.displayName(), Instant.now(), null));
    }

    /** @return the message of the chat with this external id, among its latest */
    Optional<ConversationHistory.Entry> find(String chatId, String externalId) {
        return history(chatId).stream().filter(e -> externalId.equals(e.externalMessageId())).findFirst();
    }

    /** @return the message of the chat with this hub id, among its latest */
    Optional<ConversationHistory.Entry> find(String chatId, long messageId) {
        return history(chatId).stream().filter(e -> e.messageId() == messageId).findFirst();
    }

    /** @return the chat's latest messages, oldest first */
    List<ConversationHistory.Entry> history(String chatId) {
        return context.history().recent(chatId, WebchatFrames.HISTORY);
    }

    /** @return whether the hub has any message of the chat */
    boolean exists(String chatId) {
        return !context.history().recent(chatId, 1).isEmpty();
    }
}
