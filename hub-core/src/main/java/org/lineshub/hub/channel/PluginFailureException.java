package org.lineshub.hub.channel;

/**
 * A channel plugin's code threw something the plugin API does not define (a bug, a class missing from its jar). It
 * stands in for the plugin's exception so the hub passes on only its class and message, with the account's secrets
 * blanked out; the outbox retries a reply that failed this way like after a transport error.
 */
public class PluginFailureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, without secrets */
    public PluginFailureException(String message) {
        super(message);
    }
}
