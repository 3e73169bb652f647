package org.lineshub.plugin.api;

/**
 * Long-lived connections from browsers to one account, for channels whose clients are web pages (a web chat's
 * visitors): the hub serves a WebSocket at {@code <webhook address>/live} ({@code /webhooks/<key>/live}) and hands
 * each connection to this endpoint. The plugin authenticates its clients itself (a visitor token in the first frame
 * or the query), checks the {@code Origin} header of the handshake against what the account allows, and pushes
 * outbound messages to the connections of the chat they are for. Since API 1.1.
 *
 * <p>Called on web server threads, concurrently for different connections; frames of one connection arrive in
 * order, one at a time.
 */
@FunctionalInterface
public interface LiveEndpoint {

    /**
     * A browser connected.
     *
     * @param handshake the handshake request: headers (with {@code Origin}), query, {@link WebhookRequest#path()}
     *                  {@code /live}; no body
     * @param peer      the connection, for sending frames to it and closing it
     * @return what handles the connection's frames
     * @throws RejectedInputException to refuse the connection (an origin that is not allowed, too many
     *                                connections); the hub closes it with a policy-violation code and the reason
     */
    LiveListener open(WebhookRequest handshake, LivePeer peer) throws RejectedInputException;

    /** What happens on one connection. */
    interface LiveListener {

        /**
         * @param text a text frame the browser sent (at most 64 KiB; longer frames close the connection)
         */
        void onText(String text);

        /** The connection closed, from either side. Called exactly once. */
        default void onClose() {
        }
    }

    /** One browser connection. Safe to use from any thread. */
    interface LivePeer {

        /** @return an id unique among the hub's open connections, for the plugin's own bookkeeping */
        String id();

        /**
         * Queues a text frame for the browser; frames are sent in the order queued. A browser that does not read is
         * disconnected rather than slowing the caller.
         *
         * @param text the frame
         * @return {@code false} when the connection is closed
         */
        boolean send(String text);

        /**
         * Closes the connection.
         *
         * @param reason why, short and without secrets; the browser sees it
         */
        void close(String reason);
    }
}
