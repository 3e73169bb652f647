package org.lineshub.hub.template;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.file.FileStore;
import org.lineshub.hub.line.LineRepository;
import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.ForbiddenException;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saving reply templates and articles. Admins manage every template and the articles; a supervisor manages the
 * templates that are limited to lines they supervise (all of the template's lines, before and after the change), and
 * sees those and the templates of every line.
 */
@Service
class TemplateService {

    static final int MAX_TEXT = 10_000;
    static final int MAX_FILES = 10;
    static final long MAX_FILE_BYTES = 50L * 1024 * 1024;

    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{M}\\p{Nd}_-]{1,64}");
    private static final Pattern CHANNEL_TYPE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,49}");

    private final TemplateStore store;
    private final LineRepository lines;
    private final FileStore files;
    private final Clock clock;

    TemplateService(TemplateStore store, LineRepository lines, FileStore files, Clock clock) {
        this.store = store;
        this.lines = lines;
        this.files = files;
        this.clock = clock;
    }

    /** @return the templates the caller manages or may read, each saying whether the caller may change it */
    @Transactional(readOnly = true)
    List<TemplateView> list(UserAccess me) {
        requireAdminOrSupervisor(me);
        return store.templates().stream()
                .filter(t -> me.admin() || t.lineIds().isEmpty() || t.lineIds().stream().anyMatch(me::canSupervise))
                .map(t -> t.editableBy(mayEdit(me, t.lineIds())))
                .toList();
    }

    @Transactional(readOnly = true)
    TemplateView get(UserAccess me, long id) {
        return list(me).stream().filter(t -> t.id() == id).findFirst()
                .orElseThrow(() -> new NotFoundException("template", id));
    }

    @Transactional
    TemplateView create(UserAccess me, TemplateRequest request) {
        Checked c = check(me, request, 0);
        Instant now = clock.instant();
        long id;
        try {
            id = store.insert(c.name(), c.tag(), c.text(), now);
        } catch (DuplicateKeyException e) {
            throw tagTaken(c.tag());
        }
        store.scope(id, c.lineIds(), c.channelTypes());
        return view(me, id);
    }

    @Transactional
    TemplateView update(UserAccess me, long id, TemplateRequest request) {
        TemplateView current = editable(me, id);
        Checked c = check(me, request, current.id());
        try {
            store.update(id, c.name(), c.tag(), c.text(), clock.instant());
        } catch (DuplicateKeyException e) {
            throw tagTaken(c.tag());
        }
        store.scope(id, c.lineIds(), c.channelTypes());
        return view(me, id);
    }

    @Transactional
    void delete(UserAccess me, long id) {
        editable(me, id);
        List<TemplateStore.StoredFile> stored = store.files(id);
        store.delete(id);
        // the files of replies already sent are copies, so the template's own can go
        stored.forEach(f -> files.discard(f.localRef()));
    }

    /**
     * Adds a file that every reply with the template sends (a copy of it).
     *
     * @param content  the bytes; not closed
     */
    @Transactional
    TemplateView addFile(UserAccess me, long id, String fileName, String mimeType, InputStream content)
            throws IOException {
        editable(me, id);
        if (store.files(id).size() >= MAX_FILES) {
            throw new InvalidRequestException("files", "a template may have at most " + MAX_FILES + " files");
        }
        String ref;
        try {
            ref = files.store(content, MAX_FILE_BYTES);
        } catch (FileStore.FileTooLargeException e) {
            throw new InvalidRequestException("files", "a file may be at most 50 MB");
        }
        try {
            String name = fileName == null || fileName.isBlank() ? "file"
                    : fileName.replaceAll("[\\\\/\\p{Cntrl}]", "_");
            store.addFile(id, cut(name, 255), mimeType == null ? null : cut(mimeType, 255), files.size(ref), ref,
                    clock.instant());
            store.touch(id, clock.instant());
        } catch (RuntimeException e) {
            files.discard(ref);
            throw e;
        }
        return view(me, id);
    }

    @Transactional
    TemplateView deleteFile(UserAccess me, long id, long fileId) {
        editable(me, id);
        TemplateStore.StoredFile file = store.files(id).stream().filter(f -> f.id() == fileId).findFirst()
                .orElseThrow(() -> new NotFoundException("template file", fileId));
        store.deleteFile(id, fileId);
        store.touch(id, clock.instant());
        files.discard(file.localRef());
        return view(me, id);
    }

    @Transactional(readOnly = true)
    List<ArticleView> articles(UserAccess me) {
        requireAdminOrSupervisor(me);
        return store.articles();
    }

    @Transactional
    ArticleView createArticle(UserAccess me, ArticleRequest request) {
        requireAdmin(me);
        long id = store.insertArticle(request.title().strip(), url(request.url()), summary(request.summary()),
                clock.instant());
        return store.article(id).orElseThrow();
    }

    @Transactional
    ArticleView updateArticle(UserAccess me, long id, ArticleRequest request) {
        requireAdmin(me);
        if (!store.updateArticle(id, request.title().strip(), url(request.url()), summary(request.summary()),
                clock.instant())) {
            throw new NotFoundException("article", id);
        }
        return store.article(id).orElseThrow();
    }

    @Transactional
    void deleteArticle(UserAccess me, long id) {
        requireAdmin(me);
        if (!store.deleteArticle(id)) {
            throw new NotFoundException("article", id);
        }
    }

    /** A template's fields, checked and normalised. */
    private record Checked(String name, String tag, String text, Set<Long> lineIds, Set<String> channelTypes) {
    }

    private Checked check(UserAccess me, TemplateRequest request, long id) {
        String tag = tag(request.tag());
        String text = request.text().strip();
        List<String> unknown = Placeholders.unknown(text);
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("text", "unknown placeholder {" + unknown.get(0) + "}; a template may"
                    + " use {" + Placeholders.CLIENT_NAME + "}, {" + Placeholders.OPERATOR_NAME + "} and {"
                    + Placeholders.LINE_NAME + "}");
        }
        Set<Long> lineIds = new LinkedHashSet<>(request.lineIds() == null ? List.of() : request.lineIds());
        for (Long line : lineIds) {
            if (!lines.existsById(line)) {
                throw new InvalidRequestException("lineIds", "line " + line + " does not exist");
            }
        }
        if (!mayEdit(me, lineIds)) {
            throw new ForbiddenException(lineIds.isEmpty() ? "Only admins manage templates of every line"
                    : "Only admins and supervisors of all of a template's lines manage it");
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : request.channelTypes() == null ? List.<String>of() : request.channelTypes()) {
            String normal = type.strip().toLowerCase(Locale.ROOT);
            if (!CHANNEL_TYPE.matcher(normal).matches()) {
                throw new InvalidRequestException("channelTypes", "a channel type is lower-case letters, digits,"
                        + " dash and underscore, such as telegram or email");
            }
            types.add(normal);
        }
        store.tagOwner(tag, id).ifPresent(other -> {
            throw tagTaken(tag);
        });
        return new Checked(request.name().strip(), tag, text, lineIds, types);
    }

    /** @return the tag without a leading slash, in composed Unicode form so that "й" is one letter */
    static String tag(String raw) {
        String tag = normalize(raw);
        if (tag.startsWith("/")) {
            tag = tag.substring(1);
        }
        if (!TAG.matcher(tag).matches()) {
            throw new InvalidRequestException("tag", "a tag is 1 to 64 letters, digits, dashes and underscores,"
                    + " such as hello or привет");
        }
        return tag;
    }

    /** @return the text trimmed, in composed Unicode form, as tags are stored and compared */
    static String normalize(String raw) {
        return Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
    }

    private static String url(String raw) {
        String url = raw.strip();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // answered below, like any other address that is not a web page's
        }
        throw new InvalidRequestException("url", "the link must be an http or https address, such as "
                + "https://example.com/help");
    }

    private static String summary(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    private static ConflictException tagTaken(String tag) {
        return new ConflictException("tag /" + tag + " is taken by another template");
    }

    private TemplateView editable(UserAccess me, long id) {
        requireAdminOrSupervisor(me);
        TemplateView t = store.template(id).orElseThrow(() -> new NotFoundException("template", id));
        if (!mayEdit(me, t.lineIds())) {
            throw new ForbiddenException("Only admins and supervisors of all of the template's lines manage it");
        }
        return t;
    }

    private TemplateView view(UserAccess me, long id) {
        TemplateView t = store.template(id).orElseThrow();
        return t.editableBy(mayEdit(me, t.lineIds()));
    }

    private static boolean mayEdit(UserAccess me, java.util.Collection<Long> lineIds) {
        return me.admin() || !lineIds.isEmpty() && lineIds.stream().allMatch(me::canSupervise);
    }

    private static boolean supervisesAny(UserAccess me) {
        return me.lineRoles().keySet().stream().anyMatch(me::canSupervise);
    }

    private static void requireAdminOrSupervisor(UserAccess me) {
        if (!me.admin() && !supervisesAny(me)) {
            throw new ForbiddenException("Only admins and supervisors manage templates");
        }
    }

    private static void requireAdmin(UserAccess me) {
        if (!me.admin()) {
            throw new ForbiddenException("Only admins manage articles");
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
