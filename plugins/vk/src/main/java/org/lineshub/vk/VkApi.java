package org.lineshub.vk;

import java.io.InputStream;
import java.util.Collection;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.AttachmentContent;

/**
 * The part of the VK API the plugin uses (https://dev.vk.com/method), with a community access token. Methods return
 * the {@code response} of VK's answer as a JSON tree; failures throw {@link VkApiException}. Every call can be
 * interrupted, so a stopping account never waits for a long poll to end.
 */
interface VkApi extends AutoCloseable {

    /**
     * {@code groups.getLongPollServer}: a Bots Long Poll session.
     *
     * @param groupId the community
     * @return the session's server address, key and current event number
     * @throws InterruptedException when the calling thread is interrupted
     */
    LongPollServer getLongPollServer(long groupId) throws InterruptedException;

    /**
     * {@code GET {server}?act=a_check&key={key}&ts={ts}&wait={wait}}: waits up to {@code waitSeconds} for events.
     *
     * @param server      the session
     * @param ts          the number of the event from which on events are wanted
     * @param waitSeconds how long VK may wait for events
     * @return the answer: {@code {"ts": ..., "updates": [...]}} or {@code {"failed": n, ...}}
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode checkLongPoll(LongPollServer server, String ts, int waitSeconds) throws InterruptedException;

    /**
     * {@code users.get}.
     *
     * @param userIds up to 1000 user ids
     * @param fields  the profile fields wanted besides the names, comma-separated
     * @return the array of user objects
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode usersGet(Collection<Long> userIds, String fields) throws InterruptedException;

    /**
     * {@code messages.send} to one peer.
     *
     * @param message what to send
     * @return the message id VK answers with (0 in group chats, where communities get no message ids)
     * @throws InterruptedException when the calling thread is interrupted
     */
    long messagesSend(Send message) throws InterruptedException;

    /**
     * {@code messages.getById} for one message of the community.
     *
     * @param groupId   the community
     * @param messageId the message
     * @return the {@code items} array
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode messagesGetById(long groupId, long messageId) throws InterruptedException;

    /**
     * {@code photos.getMessagesUploadServer}.
     *
     * @param peerId where the photo will be sent
     * @return the {@code upload_url}
     * @throws InterruptedException when the calling thread is interrupted
     */
    String photosGetMessagesUploadServer(long peerId) throws InterruptedException;

    /**
     * {@code photos.saveMessagesPhoto} with what the upload server answered.
     *
     * @return the array of saved photos
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode photosSaveMessagesPhoto(String photo, String server, String hash) throws InterruptedException;

    /**
     * {@code docs.getMessagesUploadServer} with {@code type=doc}.
     *
     * @param peerId where the document will be sent
     * @return the {@code upload_url}
     * @throws InterruptedException when the calling thread is interrupted
     */
    String docsGetMessagesUploadServer(long peerId) throws InterruptedException;

    /**
     * {@code docs.save} with what the upload server answered.
     *
     * @param file  the upload server's {@code file}
     * @param title the document's title (its file name)
     * @return the response, {@code {"type": "doc", "doc": {...}}}
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode docsSave(String file, String title) throws InterruptedException;

    /**
     * Posts a file to an upload server as {@code multipart/form-data}.
     *
     * @param uploadUrl the {@code upload_url} VK gave
     * @param field     the form field: {@code photo} for message photos, {@code file} for documents
     * @param file      the file; its stream is closed afterwards
     * @return the upload server's JSON answer
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode upload(String uploadUrl, String field, Upload file) throws InterruptedException;

    /**
     * Streams a file a client sent, from the address in its attachment.
     *
     * @param url the file's address
     * @return the content; the caller closes it
     * @throws InterruptedException when the calling thread is interrupted
     */
    AttachmentContent download(String url) throws InterruptedException;

    /** Releases the client's threads. */
    @Override
    void close();

    /**
     * A Bots Long Poll session.
     *
     * @param server the long-poll server's address
     * @param key    the session key; secret
     * @param ts     the number of the last event when the session was made
     */
    record LongPollServer(String server, String key, String ts) {

        @Override
        public String toString() {
            return "LongPollServer[ts=" + ts + "]";
        }
    }

    /**
     * One {@code messages.send} call.
     *
     * @param peerId     the destination
     * @param randomId   the deduplication id: VK sends nothing for a {@code random_id} it has seen from the community
     * @param text       the text, or {@code null}
     * @param attachment the attachments as {@code photo<owner>_<id>,doc<owner>_<id>}, or {@code null}
     * @param forward    the {@code forward} JSON that quotes a message, or {@code null}
     */
    record Send(long peerId, int randomId, String text, String attachment, String forward) {

        @Override
        public String toString() {
            return "Send[peer=" + peerId + ", randomId=" + randomId + "]";
        }
    }

    /**
     * A file to upload.
     *
     * @param fileName the file name
     * @param mimeType the media type, or {@code null}
     * @param content  the content
     */
    record Upload(String fileName, String mimeType, InputStream content) {
    }
}
