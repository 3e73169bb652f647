package org.lineshub.plugin.api;

/** What a channel can do beyond receiving and sending text. */
public enum ChannelCapability {
    /** Inbound messages may carry files; the plugin serves their content on {@link ChannelContext#attachmentUri()}. */
    RECEIVE_ATTACHMENTS,
    /** Outbound messages may carry files, which the plugin reads through {@link ChannelContext#openAttachment}. */
    SEND_ATTACHMENTS,
    /** An operator may start a conversation: the platform lets the account write first to a known client. */
    START_CONVERSATION,
    /** The platform reports edits of earlier messages. */
    EDITS
}
