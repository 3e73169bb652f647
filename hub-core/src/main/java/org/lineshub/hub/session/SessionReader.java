package org.lineshub.hub.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.channel.ChannelAccount;
import org.lineshub.hub.channel.ChannelAccountRepository;
import org.lineshub.hub.channel.ChannelRuntime;
import org.lineshub.hub.client.ClientIdentity;
import org.lineshub.hub.client.ClientIdentityRepository;
import org.lineshub.hub.client.ClientRepository;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.MessageEvent;
import org.lineshub.hub.event.SessionEvent;
import org.lineshub.hub.event.SessionSnapshot;
import org.lineshub.hub.line.Line;
import org.lineshub.hub.line.LineMembers;
import org.lineshub.hub.line.LineRepository;
import org.lineshub.hub.access.LineRole;
import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.ForbiddenException;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.lineshub.hub.user.OperatorStatus;
import org.lineshub.hub.user.User;
import org.lineshub.hub.user.UserRepository;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.ChannelCapability;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading sessions' messages, their files and their history, for whoever may see them. */
@Service
public class SessionReader {

    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final MessageAttachmentRepository attachments;
    private final MessageRevisionRepository revisions;
    private final SessionRules rules;
    private final SessionWriter writer;

    SessionReader(SessionRepository sessions, MessageRepository messages, MessageAttachmentRepository attachments,
                  MessageRevisionRepository revisions, SessionRules rules, SessionWriter writer) {
        this.sessions = sessions;
        this.messages = messages;
        this.attachments = attachments;
        this.revisions = revisions;
        this.rules = rules;
        this.writer = writer;
    }

    /**
     * Pages through a session's messages in their order (sort time, then sort sequence, then id): a page starts right after the message
     * given, on that order's key, so a message whose provider time lies before messages stored earlier is on the
     * page its time puts it on, and no message is skipped or repeated.
     *
     * @param me      who reads
     * @param id      the session
     * @param afterId only messages after this message of the session (the last one of the previous page), 0 for the
     *                start
     * @param limit   the most to return
     * @return the session's messages in order; internal comments only for those who may see them
     * @throws InvalidRequestException when {@code afterId} is not a message of the session
     */
    @Transactional(readOnly = true)
    public List<MessageView> messages(UserAccess me, long id, long afterId, int limit) {
        Session s = sessions.findById(id).orElseThrow(() -> new NotFoundException("session", id));
        rules.requireVisible(me, s);
        PageRequest page = PageRequest.of(0, Math.max(1, Math.min(500, limit)));
        boolean fromStart = afterId == 0;
        MessageRepository.SortKey after = fromStart ? null : messages.findSortKey(id, afterId).orElseThrow(() ->
                new InvalidRequestException("after", "after must be the id of a message of this session"));
        Instant afterTime = fromStart ? null : after.time();
        long afterSeq = fromStart ? 0 : after.seq();
        List<Message> found = me.canSeeInternal(s.getLineId())
                ? messages.findPage(id, fromStart, afterTime, afterSeq, afterId, page)
                : messages.findPublicPage(id, fromStart, afterTime, afterSeq, afterId, page);
        if (found.isEmpty()) {
            return List.of();
        }
        Map<Long, List<MessageAttachment>> files = attachments.findByMessageIdInOrderByMessageIdAscPositionAsc(
                found.stream().map(Message::getId).toList()).stream()
                .collect(Collectors.groupingBy(MessageAttachment::getMessageId));
        return found.stream().map(m -> MessageView.of(m, files.getOrDefault(m.getId(), List.of()),
                writer.extras(m.getExtras()))).toList();
    }

    /**
     * @return the attachment and the channel account of its message, when the caller may see the message
     */
    @Transactional(readOnly = true)
    public AttachmentRef attachment(UserAccess me, long messageId, long attachmentId) {
        Message m = messages.findById(messageId).orElseThrow(() -> new NotFoundException("message", messageId));
        Session s = sessions.findById(m.getSessionId()).orElseThrow();
        rules.requireVisible(me, s);
        if (m.getDirection() == MessageDirection.INTERNAL && !me.canSeeInternal(s.getLineId())) {
            throw new ForbiddenException("You may not see this message");
        }
        MessageAttachment a = attachments.findById(attachmentId).filter(x -> x.getMessageId().equals(messageId))
                .orElseThrow(() -> new NotFoundException("attachment", attachmentId));
        return new AttachmentRef(s.getAccountId(), a.toSpi());
    }

    /**
     * An attachment and where its content comes from.
     *
     * @param accountId  the channel account whose plugin serves content the hub does not store
     * @param attachment the attachment
     */
    public record AttachmentRef(long accountId, Attachment attachment) {
    }


    /**
     * @param me        who reads
     * @param messageId a message
     * @return what the message said before each change the client made, oldest first
     */
    @Transactional(readOnly = true)
    public List<RevisionView> history(UserAccess me, long messageId) {
        Message m = visibleMessage(me, messageId);
        return revisions.findByMessageIdOrderById(m.getId()).stream().map(RevisionView::of).toList();
    }

    private Message visibleMessage(UserAccess me, long messageId) {
        Message m = messages.findById(messageId).orElseThrow(() -> new NotFoundException("message", messageId));
        Session s = sessions.findById(m.getSessionId()).orElseThrow();
        rules.requireVisible(me, s);
        if (m.getDirection() == MessageDirection.INTERNAL && !me.canSeeInternal(s.getLineId())) {
            throw new ForbiddenException("You may not see this message");
        }
        return m;
    }
}
