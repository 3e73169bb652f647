package org.lineshub.hub.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.file.FileStore;
import org.lineshub.hub.line.Line;
import org.lineshub.hub.line.LineRepository;
import org.lineshub.hub.session.MessageView;
import org.lineshub.hub.session.OperatorMessages;
import org.lineshub.hub.session.SessionQueries;
import org.lineshub.hub.session.SessionView;
import org.lineshub.hub.system.ForbiddenException;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.springframework.stereotype.Service;

/**
 * Templates and articles in a session: which ones fit it, a template's text filled in from the session (the client's
 * name, the name of the user answering, the line's name), and a reply sent with it. The text is filled in here, on
 * the server, so every client of the API gets the same result.
 */
@Service
class TemplateReplies {

    /** At most this many templates and this many articles are suggested at once. */
    static final int MAX_SUGGESTIONS = 50;

    /**
     * What fits a session.
     *
     * @param templates the templates usable on the session's line and channel whose tag starts with the prefix
     * @param articles  the articles whose title contains the prefix
     */
    record Suggestions(List<TemplateView> templates, List<ArticleView> articles) {
    }

    /**
     * A template filled in for one session.
     *
     * @param templateId the template
     * @param text       its text with the placeholders filled in
     * @param files      the files a reply with it sends
     */
    record Expanded(long templateId, String text, List<TemplateView.FileView> files) {
    }

    private final TemplateStore store;
    private final SessionQueries sessions;
    private final OperatorMessages writing;
    private final LineRepository lines;
    private final FileStore files;

    TemplateReplies(TemplateStore store, SessionQueries sessions, OperatorMessages writing, LineRepository lines,
                    FileStore files) {
        this.store = store;
        this.sessions = sessions;
        this.writing = writing;
        this.lines = lines;
        this.files = files;
    }

    Suggestions suggest(UserAccess me, long sessionId, String prefix) {
        SessionView s = session(me, sessionId);
        String wanted = prefix == null ? "" : TemplateService.normalize(prefix).toLowerCase(Locale.ROOT);
        if (wanted.startsWith("/")) {
            wanted = wanted.substring(1);
        }
        String p = wanted;
        List<TemplateView> templates = store.templates().stream()
                .filter(t -> t.usableIn(s.lineId(), s.channelType()))
                .filter(t -> t.tag().toLowerCase(Locale.ROOT).startsWith(p))
                .limit(MAX_SUGGESTIONS).toList();
        List<ArticleView> articles = store.articles().stream()
                .filter(a -> a.title().toLowerCase(Locale.ROOT).contains(p))
                .limit(MAX_SUGGESTIONS).toList();
        return new Suggestions(templates, articles);
    }

    Expanded preview(UserAccess me, long sessionId, long templateId) {
        SessionView s = session(me, sessionId);
        TemplateView t = usable(s, templateId);
        return new Expanded(t.id(), expand(me, s, t), t.files());
    }

    /**
     * Replies with a template: its text filled in (or the text given, such as the filled-in text an operator then
     * edited) and copies of its files.
     *
     * @param text the text to send instead of the filled-in one, or {@code null}
     */
    MessageView send(UserAccess me, long sessionId, long templateId, String text) {
        SessionView s = session(me, sessionId);
        TemplateView t = usable(s, templateId);
        String body = text != null ? text : expand(me, s, t);
        List<TemplateStore.StoredFile> stored = store.files(t.id());
        // refused before any copy is written, as a reply with uploaded files is
        writing.checkReply(me, sessionId, !stored.isEmpty());
        List<Attachment> copies = new ArrayList<>();
        try {
            for (TemplateStore.StoredFile f : stored) {
                copies.add(copy(f));
            }
            return writing.write(me, sessionId, body, false, copies, null);
        } catch (RuntimeException | Error e) {
            copies.forEach(a -> files.discard(a.localRef()));
            throw e;
        }
    }

    /** Each reply gets its own copy, so deleting the template or its file never takes a sent message's file. */
    private Attachment copy(TemplateStore.StoredFile f) {
        try (InputStream in = files.open(f.localRef())) {
            String ref = files.store(in, TemplateService.MAX_FILE_BYTES);
            return new Attachment(AttachmentKind.ofMimeType(f.mimeType()), f.fileName(), f.mimeType(), f.size(), null, ref, null, null,
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException("the template's file " + f.fileName() + " cannot be read", e);
        }
    }

    private String expand(UserAccess me, SessionView s, TemplateView t) {
        String line = lines.findById(s.lineId()).map(Line::getName).orElse(null);
        Map<String, String> values = new java.util.HashMap<>();
        values.put(Placeholders.CLIENT_NAME, s.clientName());
        // the user who answers, whose name the reply goes out under
        values.put(Placeholders.OPERATOR_NAME, me.displayName());
        values.put(Placeholders.LINE_NAME, line);
        return Placeholders.expand(t.text(), values);
    }

    private TemplateView usable(SessionView s, long templateId) {
        TemplateView t = store.template(templateId).orElseThrow(() -> new NotFoundException("template", templateId));
        if (!t.usableIn(s.lineId(), s.channelType())) {
            throw new InvalidRequestException("templateId", "template /" + t.tag()
                    + " is not usable on this session's line or channel");
        }
        return t;
    }

    /** The session, when the caller may see it and write in it (operators and supervisors, not readers). */
    private SessionView session(UserAccess me, long id) {
        SessionView s = sessions.get(me, id);
        if (s == null) {
            throw new NotFoundException("session", id);
        }
        if (!me.canSeeSession(s.lineId(), s.status(), s.operatorId())) {
            throw new ForbiddenException("You may not see this session");
        }
        if (!me.canSeeInternal(s.lineId())) {
            throw new ForbiddenException("Readers do not write in sessions");
        }
        return s;
    }
}
