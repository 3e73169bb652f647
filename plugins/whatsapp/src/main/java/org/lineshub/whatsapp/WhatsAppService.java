package org.lineshub.whatsapp;

import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.lineshub.plugin.api.AttachmentContent;

/**
 * The part of the WhatsApp Cloud API (Graph API) one business phone number uses. Failures throw
 * {@link WhatsAppApiException}; every call can be interrupted.
 */
interface WhatsAppService extends AutoCloseable {

    /**
     * {@code POST /<version>/<phone-number-id>/messages}.
     *
     * @param message the message object without {@code messaging_product}, which the call adds
     * @return Meta's answer: {@code {"messaging_product","contacts":[...],"messages":[{"id":"wamid..."}]}}
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode sendMessage(ObjectNode message) throws InterruptedException;

    /**
     * {@code POST /<version>/<phone-number-id>/media}, a multipart upload.
     *
     * @param file the file; its stream is read to the end and closed
     * @return the media id to send the file with
     * @throws InterruptedException when the calling thread is interrupted
     */
    String uploadMedia(Upload file) throws InterruptedException;

    /**
     * Streams received media: {@code GET /<version>/<media-id>} gives a short-lived URL, which is then downloaded with
     * the access token.
     *
     * @param mediaId the media id of an inbound message
     * @return the content
     * @throws InterruptedException when the calling thread is interrupted
     */
    AttachmentContent downloadMedia(String mediaId) throws InterruptedException;

    /** Releases the client's threads; never throws. */
    @Override
    void close();

    /**
     * A file to upload.
     *
     * @param fileName the file name
     * @param mimeType the media type Meta files it under
     * @param content  the bytes
     */
    record Upload(String fileName, String mimeType, InputStream content) {
    }
}
