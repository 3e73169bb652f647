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
 * The same {@link OutboundMessage#messageId()} comes on every attempt. A message for which a {@link SentMessage} was
 * returned is not sent again, even when the hub cannot store what the platform answered (it then records the message
 * as sent without the platform's id). Delivery is still at least once: a crash after the platform accepted a message
 * and before the hub recorded it sends it again, unless the plugin passes the message id to a platform that
 * deduplicates by it.
 *
 * <p>A sender that delivers one message as several platform messages (parts: a long text split, one message per
 * file) skips the first {@link OutboundMessage#partsSent()} parts, which the platform accepted on earlier attempts, and
 * reports the parts accepted so far in {@link ChannelTransportException#partsSent()} when a later part fails. Its parts
 * must come out the same on every attempt of a message.
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
