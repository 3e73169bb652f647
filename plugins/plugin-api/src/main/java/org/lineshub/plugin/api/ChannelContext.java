package org.lineshub.plugin.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.RoutesBuilder;

/**
 * What the hub hands a plugin for one channel account: its settings, the {@link #inbound() sink} for what arrives,
 * and the services the account may use. The hub creates one context per account start; after the account stops,
 * every method but the getters throws {@link IllegalStateException} or does nothing, as documented.
 */
public interface ChannelContext {

    /** @return the account's id, stable for the account's life; for log lines and names of the plugin's own */
    long accountId();

    /** @return the account's display name, for log lines */
    String accountName();

    /** @return the id of the plugin serving the account */
    String pluginId();

    /** @return the account's settings, checked against the schema, with defaults applied and secrets decrypted */
    ChannelSettings settings();

    /**
     * @return where this account hands the hub what arrived: messages, unmappable input, delivery receipts, edits;
     *         bound to this account
     */
    InboundSink inbound();

    /**
     * The public address of this account's own webhook, {@code <hub public URL>/webhooks/<key>} with a random key,
     * for registering it with the platform. Requests to it reach {@link ConnectedAccount#webhook()}.
     *
     * @return the URL, or empty when the hub has no public URL configured
     */
    Optional<URI> webhookUrl();

    /**
     * Opens the content of a file the hub stores, e.g. one an operator attached to a reply.
     *
     * @param attachment an attachment of an {@link OutboundMessage}, with a {@link Attachment#localRef()}
     * @return the content; the caller closes it
     * @throws IOException when the content cannot be read
     */
    InputStream openAttachment(Attachment attachment) throws IOException;

    /**
     * Stores the content of a received file in the hub, for platforms that keep no copy the plugin could fetch later
     * (a mail's attachment). The returned reference goes into {@link Attachment#localRef()}; the hub then serves the
     * file itself, and {@link ConnectedAccount#attachments()} is never asked for it. A file stored for a message
     * that is then not stored stays unreferenced; storing it again on redelivery is harmless.
     *
     * @param content  the bytes; read to the end, not closed
     * @param maxBytes the largest size accepted
     * @return the hub's reference to the stored content
     * @throws IOException when the content cannot be read or stored, or is larger than {@code maxBytes}
     */
    default String storeFile(InputStream content, long maxBytes) throws IOException {
        throw new IOException("this hub stores no files for plugins");
    }

    /**
     * @return the messages the hub keeps of the account's chats, for clients that keep no history of their own
     * @since 1.1
     */
    default ConversationHistory history() {
        throw new UnsupportedOperationException("this hub keeps no history for plugins");
    }

    /**
     * The account's durable state: small values the plugin keeps across restarts of the account and of the hub,
     * such as a poll position that lets a poller go on where it stopped. Its calls throw
     * {@link IllegalStateException} once the account has stopped.
     *
     * @return the state of this account
     * @since 1.1
     */
    default AccountState state() {
        throw new UnsupportedOperationException("this hub keeps no state for plugins");
    }

    /**
     * @return whether an operator of the account's line is online now, e.g. for a web chat that offers a
     *         contact form instead while nobody is; cheap enough to ask for every visitor
     * @since 1.1
     */
    default boolean operatorsOnline() {
        return true;
    }

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
     * The hub stops the account asynchronously (on another thread, so a plugin may call this from its own poller)
     * and marks it failed with the reason.
     *
     * @param reason what an admin must fix, without secrets
     */
    void fail(String reason);

    /**
     * The hub's Camel context, for a plugin that runs Camel routes or components of its own (the email plugin runs
     * {@code camel-mail}). Add routes with {@link #addRoutes} and components with {@link #addComponent}, so the hub
     * stops and removes them with the account; never stop or remove what the hub or other accounts own.
     *
     * @return the hub's Camel context
     */
    CamelContext camelContext();

    /**
     * Adds Camel routes of this account. The hub starts them now and stops and removes them, as one group, when the
     * account stops. Use {@link #routeId(String)} for route ids. Routes must not look classes up by name
     * ({@code bean:} by class name, data formats by class name): the hub's class loader cannot see plugin classes.
     *
     * @param routes the routes
     * @throws Exception when Camel refuses them
     */
    void addRoutes(RoutesBuilder routes) throws Exception;

    /**
     * Adds a Camel component the plugin created, under a name of the plugin's own. Camel's service discovery cannot
     * see plugin class loaders, so plugin components are added this way; the hub removes them, and their endpoints,
     * when the account stops.
     *
     * @param name      the component's scheme; must not be in use
     * @param component the component
     */
    void addComponent(String name, Component component);

    /**
     * @param role what the route does, e.g. {@code inbound}
     * @return the route id to use: {@code <plugin>.<account>.<role>}
     */
    default String routeId(String role) {
        return pluginId() + "." + accountId() + "." + role;
    }
}
