package org.lineshub.plugin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One message a client sent, normalised by the channel plugin. {@link #toString()} prints ids only: message text,
 * names and payloads stay out of logs.
 *
 * @param accountId         the channel account that received it ({@link ChannelContext#accountId()})
 * @param externalMessageId the platform's id of the message, unique within the account; the hub drops a second
 *                          message with the same id, so it must be the same when the platform delivers it again
 * @param externalChatId    the platform's id of the conversation; replies go there and it keys the open session
 * @param sender            who wrote it
 * @param text              the text or caption, or {@code null}
 * @param attachments       files and media; empty when none
 * @param replyToExternalId the external id of the message this one answers, or {@code null}
 * @param providerTime      when the platform says it was sent; orders the session, {@code null} for "now"
 * @param rawPayload        the platform's payload as received, kept for diagnosis, or {@code null}
 */
public record InboundMessage(long accountId, String externalMessageId, String externalChatId, SenderProfile sender,
                             String text, List<Attachment> attachments, String replyToExternalId,
                             Instant providerTime, String rawPayload) {

    /** Checks the ids and the sender, and copies the attachments. */
    public InboundMessage {
        requireText(externalMessageId, "externalMessageId");
        requireText(externalChatId, "externalChatId");
        Objects.requireNonNull(sender, "sender");
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    /**
     * Starts a message.
     *
     * @param accountId         the channel account
     * @param externalMessageId the platform's message id, unique within the account
     * @param externalChatId    the platform's conversation id
     * @param sender            who wrote it
     * @return a builder
     */
    public static Builder builder(long accountId, String externalMessageId, String externalChatId,
                                  SenderProfile sender) {
        return new Builder(accountId, externalMessageId, externalChatId, sender);
    }

    @Override
    public String toString() {
        return "InboundMessage[account=" + accountId + ", id=" + externalMessageId + ", chat=" + externalChatId
                + ", attachments=" + attachments.size() + "]";
    }

    /** Builds an {@link InboundMessage}. */
    public static final class Builder {
        private final long accountId;
        private final String externalMessageId;
        private final String externalChatId;
        private final SenderProfile sender;
        private String text;
        private final List<Attachment> attachments = new ArrayList<>();
        private String replyToExternalId;
        private Instant providerTime;
        private String rawPayload;

        private Builder(long accountId, String externalMessageId, String externalChatId, SenderProfile sender) {
            this.accountId = accountId;
            this.externalMessageId = externalMessageId;
            this.externalChatId = externalChatId;
            this.sender = sender;
        }

        /**
         * @param value the text or caption
         * @return this builder
         */
        public Builder text(String value) {
            this.text = value;
            return this;
        }

        /**
         * @param value a file or media item
         * @return this builder
         */
        public Builder attachment(Attachment value) {
            this.attachments.add(value);
            return this;
        }

        /**
         * @param value the external id of the message this one answers
         * @return this builder
         */
        public Builder replyTo(String value) {
            this.replyToExternalId = value;
            return this;
        }

        /**
         * @param value when the platform says the message was sent
         * @return this builder
         */
        public Builder providerTime(Instant value) {
            this.providerTime = value;
            return this;
        }

        /**
         * @param value the payload as received
         * @return this builder
         */
        public Builder rawPayload(String value) {
            this.rawPayload = value;
            return this;
        }

        /** @return the message */
        public InboundMessage build() {
            return new InboundMessage(accountId, externalMessageId, externalChatId, sender, text, attachments,
                    replyToExternalId, providerTime, rawPayload);
        }
    }
}
