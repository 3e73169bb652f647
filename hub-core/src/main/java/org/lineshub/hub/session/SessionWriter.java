package org.lineshub.hub.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lineshub.hub.channel.ChannelAccount;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.MessageEvent;
import org.lineshub.hub.event.SessionEvent;
import org.lineshub.hub.event.SessionSnapshot;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.InboundMessage;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The one place that opens sessions and adds messages to them, for intake (a client writes) and for operators (a
 * reply, a comment, a session an operator starts). Runs inside the caller's transaction; the events it publishes are
 * held until that transaction commits.
 */
@Service
class SessionWriter {

    private static final int INSERT_ROWS = 100;
    private static final int INBOUND_COLUMNS = 16;
    private static final String INSERT_INBOUND = "INSERT INTO message (session_id, account_id, direction, "
            + "author_name, subject, text, html, extras, external_id, reply_to_external_id, provider_time, sort_time, "
            + "sort_seq, created_at, raw_payload, attempts) VALUES ";
    private static final String INBOUND_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final MessageAttachmentRepository attachments;
    private final SessionSnapshots snapshots;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;
    private final JdbcClient jdbc;

    SessionWriter(SessionRepository sessions, MessageRepository messages, MessageAttachmentRepository attachments,
                  SessionSnapshots snapshots, ApplicationEventPublisher events, ObjectMapper json,
                  JdbcClient jdbc) {
        this.sessions = sessions;
        this.messages = messages;
        this.attachments = attachments;
        this.snapshots = snapshots;
        this.events = events;
        this.json = json;
        this.jdbc = jdbc;
    }

    /**
     * Opens a session for a conversation: queued when a client wrote, or assigned to the operator who starts it. At
     * most one session per conversation is open (a unique key); an operator-started session is flushed at once so
     * the race shows here as a {@link org.springframework.dao.DataIntegrityViolationException}.
     *
     * @param account   the channel account
     * @param clientId  the client
     * @param chat      where replies go
     * @param thread    the thread within the chat, or {@code null}
     * @param startedBy the operator who starts it, or {@code null} when the client wrote
     * @param now       the time
     * @return the new session
     */
    Session open(ChannelAccount account, long clientId, String chat, String thread, Long startedBy, Instant now) {
        if (startedBy == null) {
            return sessions.save(new Session(account.getLineId(), clientId, account.getId(), chat, thread,
                    SessionStatus.QUEUED, now));
        }
        Session s = new Session(account.getLineId(), clientId, account.getId(), chat, thread,
                SessionStatus.ASSIGNED, now);
        s.assign(startedBy, AssignedBy.STARTED, now);
        return sessions.saveAndFlush(s);
    }

    /**
     * A client's message, not stored yet: {@link #insertInbound} stores it with the others of its group. The session
     * records at once that the client now waits for an answer.
     *
     * @return the message, without an id until it is inserted
     */
    Message inbound(Session s, long accountId, InboundMessage in, String authorName, Instant now) {
        Message m = Message.inbound(s.getId(), accountId, in, toJson(in.extras()), authorName, now);
        s.clientWrote(now, in.subject());
        return m;
    }

    /**
     * Inserts clients' messages made by {@link #inbound} with one statement per {@value #INSERT_ROWS} of them, in the
     * order given, and then their files. Hibernate would insert them one by one (a database-generated id each);
     * at the intake's rate those round trips and Hibernate's per-row work cost more than the rest of storing the
     * message. {@code RETURNING} gives each row's id, which is set on the message; the messages stay unmanaged.
     *
     * @param stored the messages and their files, in order
     */
    void insertInbound(List<NewInbound> stored) {
        for (int from = 0; from < stored.size(); from += INSERT_ROWS) {
            List<NewInbound> chunk = stored.subList(from, Math.min(stored.size(), from + INSERT_ROWS));
            List<Object> params = new ArrayList<>(chunk.size() * INBOUND_COLUMNS);
            StringBuilder sql = new StringBuilder(INSERT_INBOUND);
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ",").append(INBOUND_ROW);
                chunk.get(i).message().inboundRow(params);
            }
            List<Long> ids = jdbc.sql(sql.append(" RETURNING id").toString()).params(params).query(Long.class)
                    .list();
            if (ids.size() != chunk.size()) {
                throw new IllegalStateException("Inserted " + chunk.size() + " messages, got " + ids.size() + " ids");
            }
            for (int i = 0; i < chunk.size(); i++) {
                chunk.get(i).message().inserted(ids.get(i));
            }
        }
        for (NewInbound added : stored) {
            saveAttachments(added.message(), added.files());
        }
    }

    /**
     * A client's message on its way into the database.
     *
     * @param message the message, from {@link #inbound}
     * @param files   its attachments, in order
     */
    record NewInbound(Message message, List<Attachment> files) {
    }

    /**
     * A message just stored and its files.
     *
     * @param message the message
     * @param files   its attachments, in order
     */
    record Added(Message message, List<MessageAttachment> files) {

        MessageView view() {
            return MessageView.of(message, files);
        }
    }

    /**
     * Adds a reply to the client, stored as pending for the outbox; the client no longer waits.
     *
     * @return the stored message and its attachments
     */
    Added addOutbound(Session s, long authorId, String authorName, String text, List<Attachment> files,
                      OutboundOptions options, Instant now) {
        Message m = messages.save(Message.outbound(s.getId(), s.getAccountId(), authorId, authorName, text,
                options == null || options.isEmpty() ? null : toJson(options), now));
        List<MessageAttachment> saved = saveAttachments(m, files);
        s.answered(now);
        return new Added(m, saved);
    }

    /** Adds a comment only colleagues see. */
    Added addInternal(Session s, long authorId, String authorName, String text, Instant now) {
        return new Added(messages.save(Message.internal(s.getId(), authorId, authorName, text, now)), List.of());
    }

    /** Adds a system event to the history and publishes it. */
    void addSystem(Session s, Long actor, String text, Instant now) {
        Message m = messages.save(Message.system(s.getId(), actor, text, now));
        publishAdded(snapshots.of(s), m, 0, now);
    }

    void publishCreated(SessionSnapshot session, Long actor, Instant now) {
        events.publishEvent(new SessionEvent(EventTypes.SESSION_CREATED, now, session, null, null, actor, null));
    }

    /** Publishes a change of a session's state, such as {@code session.blocked}. */
    void publishSession(String type, SessionSnapshot session, Long previousOperator, Long actor, Instant now) {
        events.publishEvent(new SessionEvent(type, now, session, null, previousOperator, actor, null));
    }

    void publishAdded(SessionSnapshot session, Message m, int attachmentCount, Instant now) {
        events.publishEvent(new MessageEvent(EventTypes.MESSAGE_CREATED, now, session, Snapshots.of(m,
                attachmentCount)));
    }

    /** Publishes {@code message.updated} for a message whose delivery or content changed. */
    void publishUpdated(Message m, Instant now) {
        Session session = sessions.findById(m.getSessionId()).orElseThrow();
        publishUpdated(m, snapshots.of(session), attachments.countByMessageId(m.getId()), now);
    }

    /** Publishes {@code message.updated} with the message's session and attachment count already at hand. */
    void publishUpdated(Message m, SessionSnapshot session, int attachmentCount, Instant now) {
        events.publishEvent(new MessageEvent(EventTypes.MESSAGE_UPDATED, now, session,
                Snapshots.of(m, attachmentCount)));
    }

    private List<MessageAttachment> saveAttachments(Message m, List<Attachment> files) {
        List<MessageAttachment> saved = new ArrayList<>(files.size());
        int position = 0;
        for (Attachment a : files) {
            saved.add(attachments.save(new MessageAttachment(m.getId(), position++, a)));
        }
        return saved;
    }

    private String toJson(Object value) {
        if (value == null || value instanceof Map<?, ?> map && map.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * @param stored JSON written by this class, or {@code null}
     * @return the outbound options, or {@code null}
     */
    OutboundOptions outboundOptions(String stored) {
        return read(stored, OutboundOptions.class);
    }

    /**
     * @param stored JSON written by this class, or {@code null}
     * @return the extras, empty when none
     */
    @SuppressWarnings("unchecked")
    Map<String, String> extras(String stored) {
        Map<String, String> map = read(stored, Map.class);
        return map == null ? Map.of() : map;
    }

    private <T> T read(String stored, Class<T> type) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not readable", e);
        }
    }
}
