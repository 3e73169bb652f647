package org.lineshub.hub.session;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Attachments of messages. */
public interface MessageAttachmentRepository extends JpaRepository<MessageAttachment, Long> {

    List<MessageAttachment> findByMessageIdOrderByPosition(Long messageId);

    List<MessageAttachment> findByMessageIdInOrderByMessageIdAscPositionAsc(Collection<Long> messageIds);

    int countByMessageId(Long messageId);
}
