package org.lineshub.telegram.fake;

/**
 * One message a bot sent through the {@link FakeTelegramBotApi} (sendMessage, sendPhoto or sendDocument).
 *
 * @param method           the Bot API method, e.g. {@code sendMessage}
 * @param chatId           the {@code chat_id} parameter as sent
 * @param text             the {@code text} of a sendMessage, or {@code null}
 * @param caption          the {@code caption} of an upload, or {@code null}
 * @param fileName         the uploaded file's name, or {@code null}
 * @param mimeType         the uploaded file's media type as sent, or {@code null}
 * @param fileBytes        the uploaded bytes, or {@code null} when no file was uploaded
 * @param replyToMessageId the message answered ({@code reply_parameters.message_id} or
 *                         {@code reply_to_message_id}), or {@code null}
 * @param messageId        the {@code message_id} the fake assigned to the sent message
 */
public record SentRecord(String method, String chatId, String text, String caption, String fileName,
                         String mimeType, byte[] fileBytes, Long replyToMessageId, long messageId) {

    @Override
    public String toString() {
        return "SentRecord[" + method + " to " + chatId + " as " + messageId + (fileName == null ? "" : ", file "
                + fileName + " (" + (fileBytes == null ? 0 : fileBytes.length) + " bytes)") + "]";
    }
}
