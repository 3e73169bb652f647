package org.lineshub.viber;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.lineshub.plugin.api.AttachmentContent;

/**
 * The REST Bot API calls the plugin makes, for one bot. Every call has a timeout. Failures are
 * {@link ViberApiException}s; an interrupt (the account stopping) cancels the call.
 */
interface ViberService extends AutoCloseable {

    /**
     * {@code POST <base>/set_webhook}: Viber calls the URL back with a {@code webhook} event before it answers.
     *
     * @param url        the hub's public webhook address of the account
     * @param eventTypes the callbacks to receive besides the mandatory ones
     * @return Viber's answer, {@code status} 0
     * @throws InterruptedException when the account stops
     */
    JsonNode setWebhook(URI url, List<String> eventTypes) throws InterruptedException;

    /**
     * {@code POST <base>/send_message}.
     *
     * @param message the message as the REST Bot API describes it, with {@code receiver}, {@code type} and
     *                {@code sender}
     * @return Viber's answer, {@code status} 0, with the {@code message_token}
     * @throws InterruptedException when the hub stops
     */
    JsonNode sendMessage(ObjectNode message) throws InterruptedException;

    /**
     * Downloads a file a user sent, from the {@code media} URL of its callback. The auth token is not sent along.
     *
     * @param media the URL
     * @return the content; the caller closes it
     * @throws InterruptedException when the account stops
     */
    AttachmentContent download(URI media) throws InterruptedException;

    /** Releases the client's threads; a later call builds a new client. */
    @Override
    void close();
}
