/**
 * The Lines hub plugin API: what a channel plugin implements and what the hub hands it.
 *
 * <p>A channel plugin is a PF4J plugin with one {@link org.lineshub.plugin.api.ChannelConnector} extension. For each
 * configured channel account the hub calls {@link org.lineshub.plugin.api.ChannelConnector#routes(ChannelContext)} and
 * adds the returned Camel routes as one group. Those routes
 * <ul>
 *   <li>consume the platform (long poll, or the account's webhook endpoint {@link ChannelContext#webhookUri()}),
 *       map each update to an {@link org.lineshub.plugin.api.InboundMessage} and send it to
 *       {@link ChannelContext#inboundUri()}; that call returns only after the hub stored the message, so a plugin
 *       acknowledges the platform (advances an offset, answers the webhook) after it returns;</li>
 *   <li>consume {@link ChannelContext#outboundUri()}, where the body is an {@link org.lineshub.plugin.api.OutboundMessage},
 *       call the platform and leave a {@link org.lineshub.plugin.api.SentMessage} as the body;</li>
 *   <li>optionally consume {@link ChannelContext#attachmentUri()} to stream a received file on demand.</li>
 * </ul>
 * Nothing here depends on Spring, Hibernate or Jackson; the API only grows by additions.
 */
package org.lineshub.plugin.api;
