package org.lineshub.hub.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Search in the conversation history: the messages of a session and of its client's earlier sessions that contain a
 * text, for an operator looking up what was said before. Each earlier session is searched only when the caller may
 * see it, and its internal comments only when the caller may see those, by the same rules as reading it.
 */
@Service
class MessageSearch {

    /** The most messages one search returns. */
    static final int MAX_RESULTS = 100;
    /** The longest text searched for, in characters. */
    static final int MAX_QUERY = 200;
    /** The LIKE escape character of {@link MessageRepository#search}. */
    private static final char ESCAPE = '!';

    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final MessageAttachmentRepository attachments;
    private final SessionRules rules;
    private final SessionWriter writer;
    private final JdbcClient jdbc;

    MessageSearch(SessionRepository sessions, MessageRepository messages, MessageAttachmentRepository attachments,
                  SessionRules rules, SessionWriter writer, JdbcClient jdbc) {
        this.sessions = sessions;
        this.messages = messages;
        this.attachments = attachments;
        this.rules = rules;
        this.writer = writer;
        this.jdbc = jdbc;
    }

    /**
     * @param me        who searches
     * @param sessionId the session the search starts from
     * @param text      what the messages contain, in any letter case
     * @param limit     the most to return, capped at {@value #MAX_RESULTS}
     * @return the matching messages of the session and of its client's earlier sessions, newest first
     */
    @Transactional(readOnly = true)
    List<MessageView> search(UserAccess me, long sessionId, String text, int limit) {
        String wanted = text == null ? "" : text.strip();
        if (wanted.isEmpty()) {
            throw new InvalidRequestException("q", "q must contain the text to search for");
        }
        if (wanted.length() > MAX_QUERY) {
            throw new InvalidRequestException("q", "q may be at most " + MAX_QUERY + " characters");
        }
        Session session = sessions.findById(sessionId).orElseThrow(() -> new NotFoundException("session", sessionId));
        rules.requireVisible(me, session);
        List<Long> visible = new ArrayList<>();
        List<Long> withInternal = new ArrayList<>();
        // a client has few sessions; who sees which is decided by the one rule every read uses
        jdbc.sql("SELECT id, line_id, status, operator_id FROM session WHERE client_id = :client AND id <= :session")
                .param("client", session.getClientId()).param("session", sessionId)
                .query((rs, n) -> {
                    long id = rs.getLong(1);
                    long line = rs.getLong(2);
                    if (me.canSeeSession(line, rs.getString(3), rs.getObject(4, Long.class))) {
                        visible.add(id);
                        if (me.canSeeInternal(line)) {
                            withInternal.add(id);
                        }
                    }
                    return id;
                }).list();
        List<Message> found = messages.search(visible, withInternal.isEmpty() ? List.of(0L) : withInternal,
                "%" + escape(wanted) + "%", PageRequest.of(0, Math.max(1, Math.min(MAX_RESULTS, limit))));
        if (found.isEmpty()) {
            return List.of();
        }
        Map<Long, List<MessageAttachment>> files = attachments.findByMessageIdInOrderByMessageIdAscPositionAsc(
                found.stream().map(Message::getId).toList()).stream()
                .collect(Collectors.groupingBy(MessageAttachment::getMessageId));
        return found.stream().map(m -> MessageView.of(m, files.getOrDefault(m.getId(), List.of()),
                writer.extras(m.getExtras()))).toList();
    }

    /** @return the text with LIKE's wildcards (and the escape character) matching only themselves */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (c == '%' || c == '_' || c == ESCAPE) {
                out.append(ESCAPE);
            }
            out.append(c);
        }
        return out.toString();
    }
}
