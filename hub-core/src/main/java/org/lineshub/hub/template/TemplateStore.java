package org.lineshub.hub.template;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.lineshub.hub.system.Jdbc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The rows of templates, their lines, channels and files, and of articles. There are few templates in a hub (tens,
 * a few hundred), so they are read whole and filtered by the caller.
 */
@Repository
class TemplateStore {

    /**
     * A template's file as stored.
     *
     * @param id       the file
     * @param fileName its name
     * @param mimeType its type, or {@code null}
     * @param size     its size in bytes
     * @param localRef its reference in the hub's file store
     */
    record StoredFile(long id, String fileName, String mimeType, long size, String localRef) {
    }

    private record Row(long id, String name, String tag, String text, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    TemplateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<TemplateView> templates() {
        return assemble(jdbc.sql("SELECT id, name, tag, body, updated_at FROM reply_template ORDER BY tag, id")
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Jdbc.instant(rs, 5))).list());
    }

    Optional<TemplateView> template(long id) {
        return assemble(jdbc.sql("SELECT id, name, tag, body, updated_at FROM reply_template WHERE id = ?")
                .param(id).query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), Jdbc.instant(rs, 5))).list()).stream().findFirst();
    }

    /** @return the id of the template with this tag in any letter case, other than {@code except} */
    Optional<Long> tagOwner(String tag, long except) {
        return jdbc.sql("SELECT id FROM reply_template WHERE tag = ? AND id <> ?").param(tag).param(except)
                .query(Long.class).optional();
    }

    long insert(String name, String tag, String text, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO reply_template (name, tag, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                .params(name, tag, text, Jdbc.utc(now), Jdbc.utc(now)).update(key);
        return key.getKey().longValue();
    }

    void update(long id, String name, String tag, String text, Instant now) {
        jdbc.sql("UPDATE reply_template SET name = ?, tag = ?, body = ?, updated_at = ? WHERE id = ?")
                .params(name, tag, text, Jdbc.utc(now), id).update();
    }

    void touch(long id, Instant now) {
        jdbc.sql("UPDATE reply_template SET updated_at = ? WHERE id = ?").params(Jdbc.utc(now), id).update();
    }

    /** Replaces where a template is usable. */
    void scope(long id, Collection<Long> lineIds, Collection<String> channelTypes) {
        jdbc.sql("DELETE FROM reply_template_line WHERE template_id = ?").param(id).update();
        jdbc.sql("DELETE FROM reply_template_channel WHERE template_id = ?").param(id).update();
        for (Long line : lineIds) {
            jdbc.sql("INSERT INTO reply_template_line (template_id, line_id) VALUES (?, ?)").params(id, line)
                    .update();
        }
        for (String type : channelTypes) {
            jdbc.sql("INSERT INTO reply_template_channel (template_id, channel_type) VALUES (?, ?)")
                    .params(id, type).update();
        }
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM reply_template WHERE id = ?").param(id).update();
    }

    List<StoredFile> files(long templateId) {
        return jdbc.sql("SELECT id, file_name, mime_type, size_bytes, local_ref FROM reply_template_file"
                        + " WHERE template_id = ? ORDER BY id").param(templateId)
                .query((rs, n) -> new StoredFile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5))).list();
    }

    void addFile(long templateId, String fileName, String mimeType, long size, String localRef, Instant now) {
        jdbc.sql("INSERT INTO reply_template_file (template_id, file_name, mime_type, size_bytes, local_ref,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(templateId, fileName, mimeType, size, localRef, Jdbc.utc(now)).update();
    }

    /** @return whether the file was the template's and is deleted */
    boolean deleteFile(long templateId, long fileId) {
        return jdbc.sql("DELETE FROM reply_template_file WHERE id = ? AND template_id = ?")
                .params(fileId, templateId).update() == 1;
    }

    private List<TemplateView> assemble(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> ids = rows.stream().map(Row::id).toList();
        Map<Long, List<Long>> lines = new HashMap<>();
        jdbc.sql("SELECT template_id, line_id FROM reply_template_line WHERE template_id IN (:ids)"
                        + " ORDER BY line_id").param("ids", ids)
                .query((rs, n) -> lines.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2)))
                .list();
        Map<Long, List<String>> channels = new HashMap<>();
        jdbc.sql("SELECT template_id, channel_type FROM reply_template_channel WHERE template_id IN (:ids)"
                        + " ORDER BY channel_type").param("ids", ids)
                .query((rs, n) -> channels.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(rs.getString(2))).list();
        Map<Long, List<TemplateView.FileView>> files = new HashMap<>();
        jdbc.sql("SELECT template_id, id, file_name, mime_type, size_bytes FROM reply_template_file"
                        + " WHERE template_id IN (:ids) ORDER BY id").param("ids", ids)
                .query((rs, n) -> files.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new TemplateView.FileView(rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getLong(5)))).list();
        return rows.stream().map(r -> new TemplateView(r.id(), r.name(), r.tag(), r.text(),
                List.copyOf(lines.getOrDefault(r.id(), List.of())),
                List.copyOf(channels.getOrDefault(r.id(), List.of())),
                List.copyOf(files.getOrDefault(r.id(), List.of())), false, r.updatedAt())).toList();
    }

    List<ArticleView> articles() {
        return jdbc.sql("SELECT id, title, url, summary, updated_at FROM article ORDER BY title, id")
                .query((rs, n) -> ArticleView.of(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Jdbc.instant(rs, 5))).list();
    }

    Optional<ArticleView> article(long id) {
        return jdbc.sql("SELECT id, title, url, summary, updated_at FROM article WHERE id = ?").param(id)
                .query((rs, n) -> ArticleView.of(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Jdbc.instant(rs, 5))).optional();
    }

    long insertArticle(String title, String url, String summary, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO article (title, url, summary, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                .params(title, url, summary, Jdbc.utc(now), Jdbc.utc(now)).update(key);
        return key.getKey().longValue();
    }

    boolean updateArticle(long id, String title, String url, String summary, Instant now) {
        return jdbc.sql("UPDATE article SET title = ?, url = ?, summary = ?, updated_at = ? WHERE id = ?")
                .params(title, url, summary, Jdbc.utc(now), id).update() == 1;
    }

    boolean deleteArticle(long id) {
        return jdbc.sql("DELETE FROM article WHERE id = ?").param(id).update() == 1;
    }
}
