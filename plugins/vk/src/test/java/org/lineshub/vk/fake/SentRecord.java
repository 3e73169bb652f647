package org.lineshub.vk.fake;

import java.util.List;

/**
 * A message the community sent through the fake's {@code messages.send}.
 *
 * @param messageId   the id VK answered with (0 in group chats)
 * @param cmid        its {@code conversation_message_id} in the peer's conversation
 * @param peerId      where it went
 * @param randomId    the {@code random_id} it was sent with
 * @param text        the {@code message}, or {@code null}
 * @param attachments the {@code attachment} entries, e.g. {@code photo-1_10}; empty when none
 * @param forward     the {@code forward} JSON, or {@code null}
 */
public record SentRecord(long messageId, long cmid, long peerId, int randomId, String text, List<String> attachments,
                         String forward) {
}
