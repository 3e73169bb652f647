/**
 * The Lines hub plugin API, version {@link org.lineshub.plugin.api.PluginApi#VERSION}: what a channel plugin
 * implements and what the hub hands it.
 *
 * <p>A channel plugin is a PF4J plugin with a {@link org.lineshub.plugin.api.ChannelConnector} extension. For each
 * configured account the hub calls {@link org.lineshub.plugin.api.ChannelConnector#connect(ChannelContext)}, which
 * returns the account's typed ports ({@link org.lineshub.plugin.api.ConnectedAccount}):
 * <ul>
 *   <li>an {@link org.lineshub.plugin.api.OutboundSender} the hub's outbox calls with each
 *       {@link org.lineshub.plugin.api.OutboundMessage}; it returns a {@link org.lineshub.plugin.api.SentMessage}, or
 *       throws {@link org.lineshub.plugin.api.ChannelRejectedException} (final) or
 *       {@link org.lineshub.plugin.api.ChannelTransportException} (retried);</li>
 *   <li>optionally a {@link org.lineshub.plugin.api.WebhookHandler} (raw request in, response out) and an
 *       {@link org.lineshub.plugin.api.AttachmentFetcher};</li>
 *   <li>the inbound lifecycle: start and stop polling or webhook registration.</li>
 * </ul>
 * What arrives goes to {@link ChannelContext#inbound()}: {@link org.lineshub.plugin.api.InboundSink#store} returns
 * after the commit, so the plugin acknowledges the platform afterwards; it also takes unmappable input, delivery
 * receipts, and edits and deletions. Plugins may run Camel routes and components of their own through the context.
 * Nothing here depends on Spring, Hibernate or Jackson; the API only grows by additions.
 */
package org.lineshub.plugin.api;
