package org.lineshub.plugin.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;

/**
 * What the hub hands a plugin for one channel account: its settings, the endpoints its routes connect to and the
 * services it may use. The hub creates one context per account start; it is worthless after the account stops.
 */
public interface ChannelContext {

    /** @return the account's id, stable for the account's life */
    long accountId();

    /** @return the account's display name, for log lines */
    String accountName();

    /** @return the id of the plugin serving the account */
    String pluginId();

    /** @return the account's settings, checked, with defaults applied and secrets decrypted */
    ChannelSettings settings();

    /** @return the hub's Camel context; routes are added through {@link ChannelConnector#routes} only */
    CamelContext camelContext();

    /**
     * @param role what the route does, e.g. {@code inbound}, {@code outbound}, {@code webhook}
     * @return the route id to use: {@code <plugin>.<account>.<role>}
     */
    default String routeId(String role) {
        return pluginId() + "." + accountId() + "." + role;
    }

    /** @return where inbound messages go: {@link HubEndpoints#INBOUND} */
    default String inboundUri() {
        return HubEndpoints.INBOUND;
    }

    /** @return where the hub sends this account's {@link OutboundMessage}s: the plugin consumes it */
    default String outboundUri() {
        return HubEndpoints.outbound(accountId());
    }

    /** @return where the hub hands this account's webhook requests: the plugin consumes it when it uses webhooks */
    default String webhookUri() {
        return HubEndpoints.webhook(accountId());
    }

    /** @return where the hub asks for the content of a received attachment: the plugin consumes it when it can */
    default String attachmentUri() {
        return HubEndpoints.attachment(accountId());
    }

    /** @return where a plugin parks input it cannot map: {@link HubEndpoints#DEAD_LETTER} */
    default String deadLetterUri() {
        return HubEndpoints.DEAD_LETTER;
    }

    /**
     * The public address of this account's webhook, {@code <hub public URL>/webhooks/<key>}, for registering it with
     * the platform.
     *
     * @return the URL, or empty when the hub has no public URL configured
     */
    Optional<URI> webhookUrl();

    /**
     * Adds a Camel component the plugin created, under a name of the plugin's own. Camel's service discovery cannot
     * see plugin class loaders, so plugin components are added this way; the hub removes them when the account stops.
     *
     * @param name      the component's scheme; must not be in use
     * @param component the component
     */
    void addComponent(String name, Component component);

    /**
     * Opens the content of an attachment the hub stores, e.g. a file an operator attached to a reply.
     *
     * @param attachment an attachment of an {@link OutboundMessage}, with a {@link Attachment#localRef()}
     * @return the content; the caller closes it
     * @throws IOException when the content cannot be read
     */
    InputStream openAttachment(Attachment attachment) throws IOException;

    /**
     * Tells the hub that the account works but the platform currently fails (unreachable, erroring). The account's
     * health shows the reason until {@link #reportHealthy()}. Safe to call often and from any thread.
     *
     * @param reason what fails, without secrets
     */
    void reportProblem(String reason);

    /** Clears a problem reported with {@link #reportProblem(String)}. Safe to call often and from any thread. */
    void reportHealthy();

    /**
     * Tells the hub that the account cannot work until an admin acts (e.g. the platform rejects the credentials).
     * The hub stops the account's routes asynchronously and marks it failed with the reason.
     *
     * @param reason what an admin must fix, without secrets
     */
    void fail(String reason);
}
