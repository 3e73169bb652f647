package org.lineshub.hub.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.lineshub.hub.access.LineRole;
import org.lineshub.hub.channel.ConversationStore;
import org.lineshub.hub.file.FileStore;
import org.lineshub.hub.line.LineMembers;
import org.lineshub.hub.system.Jdbc;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ConversationHistory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The conversations as channel plugins may read them: one chat's client-visible messages (never internal comments
 * or system events), the name the client is shown for each answer (the operator's or the line's, per the line's
 * setting), and the files of those messages. Read with plain SQL on the session-by-chat and message-order indexes.
 */
@Component
class PluginConversations implements ConversationStore {

    private final JdbcClient jdbc;
    private final FileStore files;
    private final LineMembers members;

    PluginConversations(JdbcClient jdbc, FileStore files, LineMembers members) {
        this.jdbc = jdbc;
        this.files = files;
        this.members = members;
    }

    private record Row(long id, String externalId, boolean inbound, String text, String author, boolean showOperator,
                       String lineName, String clientName, java.time.Instant at, String status) {
    }

    @Override
    public List<ConversationHistory.Entry> recent(long accountId, String externalChatId, int limit) {
        List<Row> rows = jdbc.sql("SELECT m.id, m.external_id, m.direction, m.text, m.author_name,"
                        + " l.show_operator_name, l.name, c.display_name, m.sort_time, m.delivery_status"
                        + " FROM session s JOIN message m ON m.session_id = s.id JOIN line l ON l.id = s.line_id"
                        + " JOIN client c ON c.id = s.client_id"
                        + " WHERE s.account_id = ? AND s.external_chat_id = ?"
                        + " AND m.direction IN ('INBOUND', 'OUTBOUND') AND m.deleted_at IS NULL"
                        + " ORDER BY m.sort_time DESC, m.sort_seq DESC, m.id DESC LIMIT ?")
                .params(accountId, externalChatId, limit)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), "INBOUND".equals(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getString(8),
                        Jdbc.instant(rs, 9), rs.getString(10)))
                .list();
        Map<Long, List<ConversationHistory.EntryFile>> filesByMessage = files(rows);
        List<ConversationHistory.Entry> entries = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String author = r.inbound() ? r.clientName()
                    : r.showOperator() && r.author() != null ? r.author() : r.lineName();
            entries.add(new ConversationHistory.Entry(r.id(), r.externalId(), r.inbound(), r.text(),
                    filesByMessage.getOrDefault(r.id(), List.of()), author, r.at(), r.inbound() ? null : r.status()));
        }
        Collections.reverse(entries);
        return entries;
    }

    private Map<Long, List<ConversationHistory.EntryFile>> files(List<Row> rows) {
        Map<Long, List<ConversationHistory.EntryFile>> byMessage = new HashMap<>();
        if (rows.isEmpty()) {
            return byMessage;
        }
        jdbc.sql("SELECT message_id, id, kind, file_name, mime_type, size_bytes FROM message_attachment"
                        + " WHERE message_id IN (:ids) ORDER BY message_id, position")
                .param("ids", rows.stream().map(Row::id).toList())
                .query(rs -> {
                    long size = rs.getLong(6);
                    byMessage.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(
                            new ConversationHistory.EntryFile(rs.getLong(2), AttachmentKind.valueOf(rs.getString(3)),
                                    rs.getString(4), rs.getString(5), rs.wasNull() ? null : size));
                });
        return byMessage;
    }

    @Override
    public Optional<AttachmentContent> open(long accountId, String externalChatId, long messageId, long attachmentId)
            throws IOException {
        Optional<String[]> found = jdbc.sql("SELECT a.local_ref, a.mime_type FROM message_attachment a"
                        + " JOIN message m ON m.id = a.message_id JOIN session s ON s.id = m.session_id"
                        + " WHERE a.id = ? AND a.message_id = ? AND s.account_id = ? AND s.external_chat_id = ?"
                        + " AND m.direction IN ('INBOUND', 'OUTBOUND') AND m.deleted_at IS NULL")
                .params(attachmentId, messageId, accountId, externalChatId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional();
        if (found.isEmpty() || found.get()[0] == null) {
            // files the platform keeps are served by the plugin that fetches them, not from here
            return Optional.empty();
        }
        String ref = found.get()[0];
        return Optional.of(new AttachmentContent(files.open(ref), found.get()[1], files.size(ref)));
    }

    @Override
    public boolean operatorsOnline(long accountId) {
        Optional<Long> line = jdbc.sql("SELECT line_id FROM channel_account WHERE id = ?").param(accountId)
                .query(Long.class).optional();
        return line.isPresent() && members.withRole(line.get(), LineRole.OPERATOR).stream()
                .anyMatch(m -> "ONLINE".equals(m.status()));
    }
}
