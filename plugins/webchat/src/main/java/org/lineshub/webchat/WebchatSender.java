package org.lineshub.webchat;

import java.time.Instant;

import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ConversationHistory;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.OutboundSender;
import org.lineshub.plugin.api.SentMessage;

/**
 * Delivers operators' answers: pushes each to the open connections of the visitor's chat on this hub node. An
 * answer is sent whether or not a connection is open: the hub keeps it, and the frame shows it from the chat's
 * history when the visitor comes back. Answers whose push reached a connection are reported DELIVERED.
 */
final class WebchatSender implements OutboundSender {

    private final WebchatLive live;
    private final WebchatInbound inbound;
    private final WebchatFrames frames;
    private final WebchatReceipts receipts;

    WebchatSender(WebchatLive live, WebchatInbound inbound, WebchatFrames frames, WebchatReceipts receipts) {
        this.live = live;
        this.inbound = inbound;
        this.frames = frames;
        this.receipts = receipts;
    }

    /** @return the external id of an answer, the form receipts name it by */
    static String externalId(long messageId) {
        return "out-" + messageId;
    }

    @Override
    public SentMessage send(OutboundMessage message) {
        String chatId = message.externalChatId();
        if (chatId == null || !chatId.startsWith(WebchatVisitors.CHAT_PREFIX)) {
            throw new ChannelRejectedException("not a web chat visitor");
        }
        String externalId = externalId(message.messageId());
        Instant now = Instant.now();
        if (live.connected(chatId)) {
            // the history has the answer's files with the ids the frame downloads them by, and its author's name
            ConversationHistory.Entry stored = inbound.find(chatId, message.messageId()).orElse(null);
            ConversationHistory.Entry entry = stored != null
                    ? new ConversationHistory.Entry(stored.messageId(), externalId, false, stored.text(),
                            stored.files(), stored.authorName(), stored.at(), "SENT")
                    : new ConversationHistory.Entry(message.messageId(), externalId, false, message.text(), null,
                            message.senderName() != null ? message.senderName() : message.lineName(), now, "SENT");
            if (live.broadcast(chatId, frames.message(entry, null)) > 0) {
                receipts.delivered(chatId, message.messageId());
            }
        }
        return new SentMessage(externalId, now);
    }
}
