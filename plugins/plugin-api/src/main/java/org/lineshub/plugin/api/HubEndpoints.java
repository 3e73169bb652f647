package org.lineshub.plugin.api;

/**
 * The Camel endpoints through which plugins and the hub talk. Typed once, here: plugins and the hub's core use these
 * methods and constants, never the literal URIs.
 */
public final class HubEndpoints {

    /**
     * The hub's intake. The body is an {@link InboundMessage} or a {@code List<InboundMessage>} (a batch from one
     * poll, stored in one transaction). The call returns after the messages are stored; duplicates by
     * (account, external message id) are dropped silently. A failure means nothing of the exchange was stored.
     */
    public static final String INBOUND = "direct:hub.inbound";

    /**
     * Where input that cannot be mapped is parked with its reason instead of being lost. The body is the raw
     * payload (String or bytes); headers {@link HubHeaders#ACCOUNT_ID} and {@link HubHeaders#DEAD_LETTER_REASON}.
     */
    public static final String DEAD_LETTER = "direct:hub.dead-letter";

    private HubEndpoints() {
    }

    /**
     * The endpoint a plugin consumes to send one account's replies. The body is an {@link OutboundMessage}; the
     * route leaves a {@link SentMessage} as the body, or fails with {@link ChannelTransportException} (retried with
     * backoff) or {@link ChannelRejectedException} (final).
     *
     * @param accountId the channel account
     * @return {@code direct:hub.account.<id>.outbound}
     */
    public static String outbound(long accountId) {
        return "direct:hub.account." + accountId + ".outbound";
    }

    /**
     * The endpoint a plugin consumes to receive one account's webhook requests. The body is the request body as
     * bytes; the HTTP headers are Camel headers (names starting with {@code Camel} or {@code Lines} are removed),
     * plus {@code CamelHttpMethod} and {@code CamelHttpQuery}. The plugin may set {@code CamelHttpResponseCode}
     * and a String body for the response; by default the answer is 200 with an empty body. A
     * {@link RejectedInputException} becomes a 4xx with its reason; any other failure a 500, so the platform retries.
     *
     * @param accountId the channel account
     * @return {@code direct:hub.account.<id>.webhook}
     */
    public static String webhook(long accountId) {
        return "direct:hub.account." + accountId + ".webhook";
    }

    /**
     * The endpoint a plugin consumes to serve the content of a received attachment. The body is the
     * {@link Attachment} as stored; the route leaves an {@link AttachmentContent} as the body.
     *
     * @param accountId the channel account
     * @return {@code direct:hub.account.<id>.attachment}
     */
    public static String attachment(long accountId) {
        return "direct:hub.account." + accountId + ".attachment";
    }
}
