package org.lineshub.telegram;

import java.io.InputStream;
import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.AttachmentContent;

/**
 * The part of the Telegram Bot API the plugin uses (https://core.telegram.org/bots/api). Methods return the
 * {@code result} of Telegram's answer as a JSON tree; failures throw {@link TelegramApiException}. Every call can be
 * interrupted, so a stopping account never waits for a long poll to end.
 */
interface TelegramService extends AutoCloseable {

    /** The update kinds the plugin asks for: everything else is not even sent. */
    List<String> ALLOWED_UPDATES = List.of("message", "edited_message");

    /**
     * @return the bot's {@code User}
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode getMe() throws InterruptedException;

    /**
     * Fetches updates, waiting up to {@code timeoutSeconds} when there are none. Calling it with an offset confirms
     * every update with a lower {@code update_id}: Telegram never sends those again.
     *
     * @param offset         the first update id wanted; 0 for the oldest unconfirmed one
     * @param limit          at most this many updates, 1 to 100
     * @param timeoutSeconds the long-poll timeout in seconds
     * @param allowedUpdates the update kinds to receive
     * @return the array of {@code Update}s, maybe empty
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode getUpdates(long offset, int limit, int timeoutSeconds, List<String> allowedUpdates)
            throws InterruptedException;

    /**
     * @param chatId           the chat
     * @param text             1 to 4096 characters
     * @param replyToMessageId the message in that chat this one answers, or {@code null}
     * @return the sent {@code Message}
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode sendMessage(String chatId, String text, Long replyToMessageId) throws InterruptedException;

    /**
     * Uploads a picture, which Telegram shows inline (and recompresses).
     *
     * @param chatId           the chat
     * @param photo            the picture
     * @param caption          0 to 1024 characters, or {@code null}
     * @param replyToMessageId the message in that chat this one answers, or {@code null}
     * @return the sent {@code Message}
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode sendPhoto(String chatId, Upload photo, String caption, Long replyToMessageId)
            throws InterruptedException;

    /**
     * Uploads any file, which Telegram shows as a download.
     *
     * @param chatId           the chat
     * @param document         the file
     * @param caption          0 to 1024 characters, or {@code null}
     * @param replyToMessageId the message in that chat this one answers, or {@code null}
     * @return the sent {@code Message}
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode sendDocument(String chatId, Upload document, String caption, Long replyToMessageId)
            throws InterruptedException;

    /**
     * @param fileId a {@code file_id} from a received message
     * @return the {@code File}, whose {@code file_path} {@link #downloadFile} takes
     * @throws InterruptedException when the calling thread is interrupted
     */
    JsonNode getFile(String fileId) throws InterruptedException;

    /**
     * @param filePath the {@code file_path} of a {@code File}
     * @return the content as a stream the caller closes
     * @throws InterruptedException when the calling thread is interrupted
     */
    AttachmentContent downloadFile(String filePath) throws InterruptedException;

    /**
     * @param url            where Telegram posts updates
     * @param secretToken    what Telegram sends in {@code X-Telegram-Bot-Api-Secret-Token}
     * @param allowedUpdates the update kinds to receive
     * @throws InterruptedException when the calling thread is interrupted
     */
    void setWebhook(URI url, String secretToken, List<String> allowedUpdates) throws InterruptedException;

    /**
     * @param dropPendingUpdates whether to discard the updates not delivered yet
     * @throws InterruptedException when the calling thread is interrupted
     */
    void deleteWebhook(boolean dropPendingUpdates) throws InterruptedException;

    /** Releases connections and threads; a later call starts afresh. */
    @Override
    void close();

    /**
     * A file to upload.
     *
     * @param fileName the name the recipient sees
     * @param mimeType the media type, or {@code null} for {@code application/octet-stream}
     * @param content  the bytes; read once and closed by the service
     */
    record Upload(String fileName, String mimeType, InputStream content) {
    }
}
