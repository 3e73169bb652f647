package org.lineshub.plugin.api;

/** What a channel can do beyond receiving and sending text. The hub refuses what a channel does not declare. */
public enum ChannelCapability {
    /** Inbound messages may carry files, served by {@link ConnectedAccount#attachments()}. */
    RECEIVE_ATTACHMENTS,
    /** Outbound messages may carry files, which the plugin reads through {@link ChannelContext#openAttachment}. */
    SEND_ATTACHMENTS,
    /** An operator may start a conversation: the platform lets the account write first to a known client. */
    START_CONVERSATION,
    /** The platform reports edits of earlier messages ({@link InboundSink#changed}). */
    EDITS,
    /** The platform reports deletions of earlier messages ({@link InboundSink#changed}). */
    DELETES,
    /** The platform reports delivery and read receipts ({@link InboundSink#receipts}). */
    DELIVERY_RECEIPTS,
    /** Outbound messages may offer quick-reply {@link Button}s. */
    BUTTONS,
    /** Outbound messages may be approved {@link MessageTemplate}s. */
    TEMPLATES,
    /** Messages carry HTML alongside text (email). */
    HTML
}
