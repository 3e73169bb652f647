package org.lineshub.plugin.api;

import java.util.List;

/**
 * A reply the hub asks a plugin to deliver. {@link #toString()} prints ids only.
 *
 * @param messageId         the hub's id of the message; the same on every retry of this message
 * @param accountId         the channel account to send through
 * @param sessionId         the hub's session
 * @param externalChatId    the platform's conversation to send to
 * @param text              the text, or {@code null} when the message is attachments only
 * @param attachments       files to send; empty when none
 * @param replyToExternalId the external id of the message this one answers, or {@code null}
 * @param senderName        the operator's name when the line shows operators to clients (a channel whose sender
 *                          identity is fixed, like a bot, may prefix the text with it); {@code null} when the
 *                          channel account itself represents the line
 */
public record OutboundMessage(long messageId, long accountId, long sessionId, String externalChatId, String text,
                              List<Attachment> attachments, String replyToExternalId, String senderName) {

    /** Copies the attachments. */
    public OutboundMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    @Override
    public String toString() {
        return "OutboundMessage[id=" + messageId + ", account=" + accountId + ", session=" + sessionId
                + ", attachments=" + attachments.size() + "]";
    }
}
