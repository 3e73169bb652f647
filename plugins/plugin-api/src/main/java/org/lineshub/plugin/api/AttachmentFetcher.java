package org.lineshub.plugin.api;

/**
 * Streams the content of a file a client sent, when someone opens it: the hub stores only the platform's reference
 * ({@link Attachment#externalRef()}) and asks the plugin for the bytes on demand. Called from web request threads,
 * concurrently.
 */
@FunctionalInterface
public interface AttachmentFetcher {

    /**
     * @param attachment an attachment of an inbound message of this account, as the plugin delivered it
     * @return the content; the hub closes the stream
     * @throws ChannelRejectedException  the platform no longer offers the file (answered 404 to the user)
     * @throws ChannelTransportException the platform failed (answered 502; the user may try again)
     * @throws InterruptedException      the hub is stopping
     */
    AttachmentContent fetch(Attachment attachment) throws InterruptedException;
}
