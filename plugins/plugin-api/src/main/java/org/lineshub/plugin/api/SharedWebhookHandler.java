package org.lineshub.plugin.api;

import java.util.List;
import java.util.Optional;

/**
 * One webhook address for every account of a channel type, {@code <hub>/webhooks/shared/<type>}, for platforms that
 * deliver all numbers or pages of one app to a single URL (Meta's WhatsApp Cloud API). A connector offers it through
 * {@link ChannelConnector#sharedWebhook()}; the handler finds the account each request (or each part of a request)
 * belongs to and hands it to that account's {@link ChannelContext#inbound()}. The same answering rules as
 * {@link WebhookHandler} apply.
 */
@FunctionalInterface
public interface SharedWebhookHandler {

    /**
     * @param request  the request as received
     * @param accounts the running accounts of the channel type
     * @return the answer
     * @throws RejectedInputException the request is not acceptable
     * @throws NotStoredException     what it carried was not stored; the platform must deliver again
     */
    WebhookResponse handle(WebhookRequest request, Accounts accounts) throws NotStoredException;

    /** The running accounts of one channel type, as a shared webhook sees them. */
    interface Accounts {

        /**
         * @param routingKey the value of the channel's {@link ChannelDescriptor#webhookRoutingSetting()} setting,
         *                   e.g. a WhatsApp {@code phone_number_id}
         * @return the running account with that value
         */
        Optional<ChannelContext> find(String routingKey);

        /** @return every running account of the type (e.g. to find whose verify token a handshake names) */
        List<ChannelContext> all();
    }
}
