package org.lineshub.plugin.api;

/**
 * Handles the platform's requests to one account's webhook address, {@code <hub>/webhooks/<key>}
 * ({@link ChannelContext#webhookUrl()}): verification handshakes (GET) and updates (POST). Called on web request
 * threads, concurrently.
 *
 * <p>An update is acknowledged by returning: store it through {@link ChannelContext#inbound()} first, and return only
 * after {@link InboundSink#store} returned. What the hub answers:
 * <ul>
 *   <li>the returned {@link WebhookResponse};</li>
 *   <li>{@link RejectedInputException}: its 4xx status and reason (a 400 body is also parked in the dead-letter
 *       list); use it for a wrong signature (401/403) and a body that is not the platform's format (400);</li>
 *   <li>{@link NotStoredException}: 503 with {@code Retry-After}, so the platform delivers again;</li>
 *   <li>any other exception: 503 with {@code Retry-After} (the hub failed, not the request), logged with the
 *   account's id and the exception's class and message with the account's secrets blanked, never with the body;
 *   5 different requests or replies failing so in a row within 10 minutes stop the account as failed.</li>
 * </ul>
 * Bodies over 1 MiB ({@link ChannelDescriptor#webhookBodyLimit()}) are refused with 413 before the handler is
 * called. Requests to paths below the address ({@code /webhooks/<key>/...}, {@link WebhookRequest#path()}) and
 * {@code OPTIONS} requests (CORS preflights) reach the handler too.
 */
@FunctionalInterface
public interface WebhookHandler {

    /**
     * @param request the request as received
     * @return the answer
     * @throws RejectedInputException the request is not acceptable
     * @throws NotStoredException     what it carried was not stored; the platform must deliver again
     */
    WebhookResponse handle(WebhookRequest request) throws NotStoredException;
}
