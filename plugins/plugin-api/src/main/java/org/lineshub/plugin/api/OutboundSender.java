package org.lineshub.plugin.api;

/**
 * Delivers one account's outbound messages to the platform. The hub's outbox calls it from its sender threads, one
 * message of a session at a time and in the session's order; messages of different sessions may be sent
 * concurrently, so an implementation must be thread-safe.
 *
 * <p>What the hub does with the outcome:
 * <ul>
 *   <li>a returned {@link SentMessage}: the message is SENT, with the platform's id and time;</li>
 *   <li>{@link ChannelRejectedException}: FAILED at once with the exception's message, never retried;</li>
 *   <li>{@link ChannelTransportException} or any other exception: retried with exponential backoff (at least the
 *       exception's {@link ChannelTransportException#retryAfter()}) until the hub's attempt limit, then FAILED;</li>
 *   <li>an interrupt means the hub is stopping: the message is retried later.</li>
 * </ul>
 * The same {@link OutboundMessage#messageId()} comes on every attempt. Delivery is at least once: a crash after the
 * platform accepted a message and before the hub recorded it sends it again, unless the plugin passes the message
 * id to a platform that deduplicates by it.
 */
@FunctionalInterface
public interface OutboundSender {

    /**
     * @param message what to send
     * @return what the platform answered
     * @throws ChannelRejectedException  the platform refused it for good
     * @throws ChannelTransportException the platform could not be reached or asked to come back later
     * @throws InterruptedException      the hub is stopping
     */
    SentMessage send(OutboundMessage message) throws InterruptedException;
}
