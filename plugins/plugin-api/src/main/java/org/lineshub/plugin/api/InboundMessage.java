package org.lineshub.plugin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message a client sent, normalised by the channel plugin. It names no account: the hub takes the account from
 * the {@link InboundSink} it is handed to. {@link #toString()} prints ids only: message text, names and payloads stay
 * out of logs.
 *
 * <p>The hub keeps at most one open session per conversation, where the conversation is the chat, or the chat and
 * the thread when a {@link #threadKey()} is given: an email client (one chat, their address) can then have several
 * threads, each its own session.
 *
 * @param externalMessageId the platform's id of the message, unique within the account; the hub drops a second
 *                          message with the same id, so it must be the same when the platform delivers it again
 * @param externalChatId    the platform's id of where replies go (a chat id, a peer id, an email address)
 * @param threadKey         a conversation within the chat (an email thread's root Message-ID), or {@code null} when
 *                          the chat is the conversation
 * @param sender            who wrote it
 * @param subject           the subject (email), or {@code null}
 * @param text              the text or caption as plain text, or {@code null}
 * @param html              the same content as HTML where the channel has rich text, sanitised by the plugin
 *                          (no scripts, no remote content), or {@code null}
 * @param attachments       files and media; empty when none
 * @param replyToExternalId the external id of the message this one answers, or {@code null}
 * @param providerTime      when the platform says it was sent; orders the session, {@code null} for "now"
 * @param sequence          the platform's order of the message within its chat, when the platform numbers them
 *                          (Telegram's {@code message_id}, VK's {@code conversation_message_id}); orders messages
 *                          with the same {@code providerTime}, which platforms give in whole seconds, so a client's
 *                          quick messages keep the order they were written in however they arrive; {@code null}
 *                          when the platform gives none. Since API 1.2
 * @param extras            what no field covers (a pressed button's payload, a location), small strings by key;
 *                          empty when none
 * @param rawPayload        the platform's payload as received, kept for diagnosis, or {@code null}
 */
public record InboundMessage(String externalMessageId, String externalChatId, String threadKey, SenderProfile sender,
                             String subject, String text, String html, List<Attachment> attachments,
                             String replyToExternalId, Instant providerTime, Long sequence,
                             Map<String, String> extras, String rawPayload) {

    /** Checks the ids and the sender, and copies the collections. */
    public InboundMessage {
        requireText(externalMessageId, "externalMessageId");
        requireText(externalChatId, "externalChatId");
        Objects.requireNonNull(sender, "sender");
        if (threadKey != null && threadKey.isBlank()) {
            threadKey = null;
        }
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        extras = extras == null ? Map.of() : Map.copyOf(extras);
    }

    /**
     * A message without a {@link #sequence()}: the components of API 1.1, kept so that plugins built against it run
     * unchanged. Use {@link #builder} instead.
     *
     * @param externalMessageId the platform's id of the message
     * @param externalChatId    where replies go
     * @param threadKey         a conversation within the chat, or {@code null}
     * @param sender            who wrote it
     * @param subject           the subject, or {@code null}
     * @param text              the text, or {@code null}
     * @param html              the sanitised HTML, or {@code null}
     * @param attachments       files and media
     * @param replyToExternalId the external id of the message answered, or {@code null}
     * @param providerTime      when the platform says it was sent, or {@code null}
     * @param extras            channel extras by key
     * @param rawPayload        the payload as received, or {@code null}
     */
    public InboundMessage(String externalMessageId, String externalChatId, String threadKey, SenderProfile sender,
                          String subject, String text, String html, List<Attachment> attachments,
                          String replyToExternalId, Instant providerTime, Map<String, String> extras,
                          String rawPayload) {
        this(externalMessageId, externalChatId, threadKey, sender, subject, text, html, attachments, replyToExternalId,
                providerTime, null, extras, rawPayload);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    /**
     * Starts a message.
     *
     * @param externalMessageId the platform's message id, unique within the account
     * @param externalChatId    where replies go
     * @param sender            who wrote it
     * @return a builder
     */
    public static Builder builder(String externalMessageId, String externalChatId, SenderProfile sender) {
        return new Builder(externalMessageId, externalChatId, sender);
    }

    @Override
    public String toString() {
        return "InboundMessage[id=" + externalMessageId + ", chat=" + externalChatId
                + (threadKey == null ? "" : ", thread=" + threadKey) + ", attachments=" + attachments.size() + "]";
    }

    /** Builds an {@link InboundMessage}. */
    public static final class Builder {
        private final String externalMessageId;
        private final String externalChatId;
        private final SenderProfile sender;
        private String threadKey;
        private String subject;
        private String text;
        private String html;
        private final List<Attachment> attachments = new ArrayList<>();
        private String replyToExternalId;
        private Instant providerTime;
        private Long sequence;
        private Map<String, String> extras = Map.of();
        private String rawPayload;

        private Builder(String externalMessageId, String externalChatId, SenderProfile sender) {
            this.externalMessageId = externalMessageId;
            this.externalChatId = externalChatId;
            this.sender = sender;
        }

        /** @param value the conversation within the chat @return this builder */
        public Builder threadKey(String value) {
            this.threadKey = value;
            return this;
        }

        /** @param value the subject @return this builder */
        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        /** @param value the text or caption @return this builder */
        public Builder text(String value) {
            this.text = value;
            return this;
        }

        /** @param value the sanitised HTML @return this builder */
        public Builder html(String value) {
            this.html = value;
            return this;
        }

        /** @param value a file or media item @return this builder */
        public Builder attachment(Attachment value) {
            this.attachments.add(value);
            return this;
        }

        /** @param value the external id of the message answered @return this builder */
        public Builder replyToExternalId(String value) {
            this.replyToExternalId = value;
            return this;
        }

        /** @param value when the platform says it was sent @return this builder */
        public Builder providerTime(Instant value) {
            this.providerTime = value;
            return this;
        }

        /**
         * @param value the platform's order of the message within its chat (since API 1.2), or {@code null}
         * @return this builder
         */
        public Builder sequence(Long value) {
            this.sequence = value;
            return this;
        }

        /** @param value channel extras by key @return this builder */
        public Builder extras(Map<String, String> value) {
            this.extras = value;
            return this;
        }

        /** @param value the payload as received @return this builder */
        public Builder rawPayload(String value) {
            this.rawPayload = value;
            return this;
        }

        /** @return the message */
        public InboundMessage build() {
            return new InboundMessage(externalMessageId, externalChatId, threadKey, sender, subject, text, html,
                    attachments, replyToExternalId, providerTime, sequence, extras, rawPayload);
        }
    }
}
