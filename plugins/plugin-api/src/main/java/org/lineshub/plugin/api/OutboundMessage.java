package org.lineshub.plugin.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A message the hub asks a plugin to deliver through {@link OutboundSender#send}. {@link #toString()} prints ids
 * only. A message carries text, files, or a template; the hub never hands a plugin a message it cannot carry:
 * files only to channels with {@link ChannelCapability#SEND_ATTACHMENTS}, buttons only with
 * {@link ChannelCapability#BUTTONS}, templates only with {@link ChannelCapability#TEMPLATES}, and free-form messages
 * outside the channel's reply window never.
 *
 * @param messageId         the hub's id of the message; the same on every attempt, so it can serve as an
 *                          idempotency key (VK's {@code random_id})
 * @param sessionId         the hub's session
 * @param externalChatId    where to send: the session's chat, as the plugin delivered it in
 *                          {@link InboundMessage#externalChatId()}
 * @param threadKey         the session's thread, as in {@link InboundMessage#threadKey()}, or {@code null}
 * @param subject           the session's subject (email), or {@code null}
 * @param text              the text, or {@code null} when files or a template carry the message
 * @param html              the same content as HTML, or {@code null}; a plugin of a rich-text channel may render
 *                          {@link #text()} itself when this is {@code null}
 * @param attachments       files to send; empty when none
 * @param buttons           quick-reply buttons to offer; empty when none
 * @param template          the approved template to send instead of free text, or {@code null}
 * @param replyToExternalId the external id of the message the operator answers explicitly, or {@code null}
 * @param latestExternalId  the external id of the session's latest message that crossed the channel, in either
 *                          direction, for channels that thread by it (email's {@code In-Reply-To}), or {@code null}
 * @param senderName        the operator's name when the line shows operators to clients, else {@code null} (the
 *                          account itself represents the line)
 * @param lineName          the name of the session's line, for channels that show a sender name (an email's
 *                          display name) when {@code senderName} is {@code null}
 * @param extras            what no field covers, small strings by key; empty when none
 * @param partsSent         how many leading parts of the message the platform accepted on earlier attempts, as the
 *                          plugin reported them in {@link ChannelTransportException#partsSent()}; 0 on the first
 *                          attempt. A plugin that sends one message as several platform messages (a long text split
 *                          in parts, one message per file) skips that many parts, so the client never gets a part
 *                          twice; a plugin that makes one platform call per message ignores it
 */
public record OutboundMessage(long messageId, long sessionId, String externalChatId, String threadKey, String subject,
                              String text, String html, List<Attachment> attachments, List<Button> buttons,
                              MessageTemplate template, String replyToExternalId, String latestExternalId,
                              String senderName, String lineName, Map<String, String> extras, int partsSent) {

    /**
     * Copies the collections.
     *
     * @throws IllegalArgumentException when {@code partsSent} is negative
     */
    public OutboundMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
        extras = extras == null ? Map.of() : Map.copyOf(extras);
        if (partsSent < 0) {
            throw new IllegalArgumentException("partsSent must not be negative");
        }
    }

    /** A first attempt, no part sent yet: the constructor of plugin API 1.0, kept for plugins built against it. */
    public OutboundMessage(long messageId, long sessionId, String externalChatId, String threadKey, String subject,
                           String text, String html, List<Attachment> attachments, List<Button> buttons,
                           MessageTemplate template, String replyToExternalId, String latestExternalId,
                           String senderName, String lineName, Map<String, String> extras) {
        this(messageId, sessionId, externalChatId, threadKey, subject, text, html, attachments, buttons, template,
                replyToExternalId, latestExternalId, senderName, lineName, extras, 0);
    }

    /**
     * Starts a message; the hub builds these, plugin tests too.
     *
     * @param messageId      the hub's id of the message
     * @param sessionId      the hub's session
     * @param externalChatId where to send
     * @return a builder
     */
    public static Builder builder(long messageId, long sessionId, String externalChatId) {
        return new Builder(messageId, sessionId, externalChatId);
    }

    @Override
    public String toString() {
        return "OutboundMessage[id=" + messageId + ", session=" + sessionId + ", attachments=" + attachments.size()
                + (template == null ? "" : ", template") + (partsSent == 0 ? "" : ", partsSent=" + partsSent) + "]";
    }

    /** Builds an {@link OutboundMessage}. */
    public static final class Builder {
        private final long messageId;
        private final long sessionId;
        private final String externalChatId;
        private String threadKey;
        private String subject;
        private String text;
        private String html;
        private final List<Attachment> attachments = new ArrayList<>();
        private final List<Button> buttons = new ArrayList<>();
        private MessageTemplate template;
        private String replyToExternalId;
        private String latestExternalId;
        private String senderName;
        private String lineName;
        private Map<String, String> extras = Map.of();
        private int partsSent;

        private Builder(long messageId, long sessionId, String externalChatId) {
            this.messageId = messageId;
            this.sessionId = sessionId;
            this.externalChatId = externalChatId;
        }

        /** @param value the session's thread @return this builder */
        public Builder threadKey(String value) {
            this.threadKey = value;
            return this;
        }

        /** @param value the subject @return this builder */
        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        /** @param value the text @return this builder */
        public Builder text(String value) {
            this.text = value;
            return this;
        }

        /** @param value the HTML @return this builder */
        public Builder html(String value) {
            this.html = value;
            return this;
        }

        /** @param value files to send @return this builder */
        public Builder attachments(List<Attachment> value) {
            this.attachments.addAll(value);
            return this;
        }

        /** @param value a file to send @return this builder */
        public Builder attachment(Attachment value) {
            this.attachments.add(value);
            return this;
        }

        /** @param value buttons to offer @return this builder */
        public Builder buttons(List<Button> value) {
            this.buttons.addAll(value);
            return this;
        }

        /** @param value the template @return this builder */
        public Builder template(MessageTemplate value) {
            this.template = value;
            return this;
        }

        /** @param value the message answered @return this builder */
        public Builder replyToExternalId(String value) {
            this.replyToExternalId = value;
            return this;
        }

        /** @param value the session's latest external id @return this builder */
        public Builder latestExternalId(String value) {
            this.latestExternalId = value;
            return this;
        }

        /** @param value the line's name @return this builder */
        public Builder lineName(String value) {
            this.lineName = value;
            return this;
        }

        /** @param value the name to show the client @return this builder */
        public Builder senderName(String value) {
            this.senderName = value;
            return this;
        }

        /** @param value extras by key @return this builder */
        public Builder extras(Map<String, String> value) {
            this.extras = value;
            return this;
        }

        /** @param value parts the platform accepted on earlier attempts @return this builder */
        public Builder partsSent(int value) {
            this.partsSent = value;
            return this;
        }

        /** @return the message */
        public OutboundMessage build() {
            return new OutboundMessage(messageId, sessionId, externalChatId, threadKey, subject, text, html,
                    attachments, buttons, template, replyToExternalId, latestExternalId, senderName, lineName,
                    extras, partsSent);
        }
    }
}
