package org.lineshub.hub.pipeline;

import java.util.List;

import org.lineshub.plugin.api.InboundMessage;

/**
 * What travels {@code hub.inbound}: one account's batch. The account comes from the sink the plugin called, never
 * from the plugin's messages.
 *
 * @param accountId the account the batch arrived at
 * @param messages  the messages, in the platform's order
 */
record IntakeBatch(long accountId, List<InboundMessage> messages) {

    IntakeBatch {
        messages = List.copyOf(messages);
    }
}
