package org.lineshub.hub.session;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.file.FileStore;
import org.lineshub.hub.system.ForbiddenException;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.Button;
import org.lineshub.plugin.api.MessageTemplate;
import org.lineshub.plugin.api.AttachmentKind;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/api/v1/sessions")
@Tag(name = "Sessions", description = "Conversations: the inbox, replies, comments, take, assign, transfer, close")
class SessionController {

    static final long MAX_FILE_BYTES = 50L * 1024 * 1024;
    /** The longest text of a message, in characters, whether it comes as JSON or in a multipart form. */
    static final int MAX_TEXT = 65536;

    /**
     * @param text     the text
     * @param internal true for an internal comment
     * @param template an approved template to send instead of free text, on channels that have them
     * @param buttons  quick-reply buttons to offer, on channels that have them
     */
    record WriteRequest(@Size(max = MAX_TEXT) String text, Boolean internal, @Valid TemplateRequest template,
                        @Size(max = 10) List<@NotNull @Valid ButtonRequest> buttons) {

        OutboundOptions options() {
            if (template == null && (buttons == null || buttons.isEmpty())) {
                return null;
            }
            return new OutboundOptions(template == null ? null : new MessageTemplate(template.name(),
                    template.language(), template.parameters()),
                    buttons == null ? List.of() : buttons.stream().map(b -> new Button(b.text(), b.payload())).toList());
        }
    }

    record TemplateRequest(@NotBlank @Size(max = 512) String name, @Size(max = 35) String language,
                           @Size(max = 20) List<@NotNull @Size(max = 1024) String> parameters) {
    }

    record ButtonRequest(@NotBlank @Size(max = 256) String text, @Size(max = 1024) String payload) {
    }

    record AssignRequest(@NotNull Long operatorId) {
    }

    record TransferRequest(Long toOperatorId, Long toLineId, @Size(max = 1000) String reason) {
    }

    record CloseRequest(@Size(max = 1000) String reason) {
    }

    record ReadRequest(Long messageId) {
    }

    record StartRequest(@NotNull Long clientId, @NotNull Long accountId, @Size(max = 65536) String text) {
    }

    private final SessionCommands sessions;
    private final OperatorMessages writing;
    private final SessionReader reader;
    private final SessionQueries queries;
    private final MessageSearch search;
    private final AccessService access;
    private final FileStore files;

    SessionController(SessionCommands sessions, OperatorMessages writing, SessionReader reader,
                      SessionQueries queries, MessageSearch search, AccessService access, FileStore files) {
        this.sessions = sessions;
        this.writing = writing;
        this.reader = reader;
        this.queries = queries;
        this.search = search;
        this.access = access;
        this.files = files;
    }

    @GetMapping
    @Operation(summary = "List sessions", description = "Only sessions the caller may see: operators the queue, "
            + "their own and closed sessions of their lines; supervisors and readers all of their lines. view is "
            + "queue, mine, active or closed; sort is created, lastActivity, duration or waiting. Each session "
            + "carries the caller's unread count. Pages: when more may follow, the Link header (rel=\"next\") "
            + "names the next page, the same query with a cursor; sessions that arrive meanwhile never make a "
            + "session show twice or be skipped.")
    ResponseEntity<List<SessionView>> list(@RequestParam(required = false) String view,
                                           @RequestParam(required = false) Long lineId,
                                           @RequestParam(required = false) List<SessionStatus> status,
                                           @RequestParam(required = false) String channel,
                                           @RequestParam(required = false) Long operatorId,
                                           @RequestParam(required = false) Long clientId,
                                           @RequestParam(required = false) String sort,
                                           @RequestParam(defaultValue = "50") int limit,
                                           @RequestParam(required = false) String cursor) {
        SessionQueries.SessionPage page = queries.page(access.current(), new SessionQuery(view, lineId, status,
                channel, operatorId, clientId, sort, limit, cursor));
        if (page.nextCursor() == null) {
            return ResponseEntity.ok(page.sessions());
        }
        String next = UriComponentsBuilder.fromPath("/api/v1/sessions")
                .queryParamIfPresent("view", Optional.ofNullable(view))
                .queryParamIfPresent("lineId", Optional.ofNullable(lineId))
                .queryParamIfPresent("status", Optional.ofNullable(status).filter(s -> !s.isEmpty()))
                .queryParamIfPresent("channel", Optional.ofNullable(channel))
                .queryParamIfPresent("operatorId", Optional.ofNullable(operatorId))
                .queryParamIfPresent("clientId", Optional.ofNullable(clientId))
                .queryParamIfPresent("sort", Optional.ofNullable(sort))
                .queryParam("limit", limit)
                .queryParam("cursor", page.nextCursor())
                .encode().build().toUriString();
        return ResponseEntity.ok().header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"").body(page.sessions());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start a session with a known client", description = "Through a channel account whose "
            + "channel can write first; not while the operator is offline.")
    SessionView start(@Valid @RequestBody StartRequest request) {
        UserAccess me = access.current();
        long id = writing.start(me, request.clientId(), request.accountId(), request.text());
        return queries.get(me, id);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a session")
    SessionView get(@PathVariable long id) {
        UserAccess me = access.current();
        SessionView view = queries.get(me, id);
        if (view == null) {
            throw new NotFoundException("session", id);
        }
        if (!me.canSeeSession(view.lineId(), view.status(), view.operatorId())) {
            throw new ForbiddenException("You may not see this session");
        }
        return view;
    }

    @GetMapping("/{id}/messages")
    @Operation(summary = "Read a session's messages, or search the client's history", description = "Without q: "
            + "in the order the platform sent them: sortTime (its time), then sortSeq (its number of the message in the "
            + "chat, which orders messages of the same second; 0 when it gives none), then id; page with after, the "
            + "id of the previous page's last message: the page holds the messages after that one in this order, so a message that "
            + "arrived late with an early time is on the page its time puts it on. 400 when after is not a message "
            + "of the session. With q (1 to 200 characters): the messages of this session and of the same client's "
            + "earlier sessions whose text contains q in any letter case (% and _ match only themselves), newest "
            + "first, at most limit and never more than 100; each carries its sessionId. Only sessions, and internal "
            + "comments, the caller may see are searched; system entries are not.")
    List<MessageView> messages(@PathVariable long id, @RequestParam(defaultValue = "0") long after,
                               @RequestParam(defaultValue = "200") int limit,
                               @RequestParam(required = false) String q) {
        if (q != null) {
            return search.search(access.current(), id, q, limit);
        }
        return reader.messages(access.current(), id, after, limit);
    }

    @PostMapping(path = "/{id}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Reply, or write an internal comment", description = "A reply is stored as PENDING and "
            + "delivered through the session's channel; its deliveryStatus becomes SENT (then DELIVERED and READ "
            + "where the platform reports it) or FAILED. With internal=true the message is a comment only "
            + "colleagues see, never sent. template and buttons only on channels that have them; on a channel "
            + "with a reply window (WhatsApp: 24 h), a free-form reply after the window is refused with 409 and "
            + "only a template may be sent.")
    MessageView write(@PathVariable long id, @Valid @RequestBody WriteRequest request) {
        return writing.write(access.current(), id, request.text(), Boolean.TRUE.equals(request.internal()),
                List.of(), request.options());
    }

    @PostMapping(path = "/{id}/messages", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Reply with files", description = "Multipart: text (optional, up to 65536 characters) "
            + "and files (one or more, up to 50 MB each). Whether the caller may reply is checked before any file "
            + "is stored; the files of a refused reply are not kept.")
    MessageView writeWithFiles(@PathVariable long id, @RequestParam(required = false) String text,
                               @RequestPart(name = "files", required = false) List<MultipartFile> uploads)
            throws IOException {
        UserAccess me = access.current();
        if (text != null && text.length() > MAX_TEXT) {
            throw new InvalidRequestException("text", "text may be at most " + MAX_TEXT + " characters");
        }
        boolean withFiles = uploads != null && !uploads.isEmpty();
        // nothing is written to the file store for a reply that would be refused
        writing.checkReply(me, id, withFiles);
        List<Attachment> stored = new ArrayList<>();
        try {
            if (withFiles) {
                for (MultipartFile upload : uploads) {
                    stored.add(store(upload));
                }
            }
            return writing.write(me, id, text, false, stored, null);
        } catch (IOException | RuntimeException | Error e) {
            stored.forEach(file -> files.discard(file.localRef()));
            throw e;
        }
    }

    private Attachment store(MultipartFile upload) throws IOException {
        if (upload.getSize() > MAX_FILE_BYTES) {
            throw new InvalidRequestException("files", "a file may be at most 50 MB");
        }
        String ref;
        try (InputStream in = upload.getInputStream()) {
            ref = files.store(in, MAX_FILE_BYTES);
        } catch (FileStore.FileTooLargeException e) {
            throw new InvalidRequestException("files", "a file may be at most 50 MB");
        }
        String type = upload.getContentType();
        AttachmentKind kind = AttachmentKind.ofMimeType(type);
        String name = upload.getOriginalFilename() == null ? "file"
                : upload.getOriginalFilename().replaceAll("[\\\\/\\p{Cntrl}]", "_");
        return new Attachment(kind, name, type, upload.getSize(), null, ref, null, null, null);
    }

    @PostMapping("/{id}/take")
    @Operation(summary = "Take a queued session", description = "409 when someone else took it first, or when the "
            + "operator is offline or at the line's limit.")
    SessionView take(@PathVariable long id) {
        UserAccess me = access.current();
        sessions.take(me, id);
        return queries.get(me, id);
    }

    @PostMapping("/{id}/assign")
    @Operation(summary = "Assign a session to an operator (supervisors)")
    SessionView assign(@PathVariable long id, @Valid @RequestBody AssignRequest request) {
        UserAccess me = access.current();
        sessions.assign(me, id, request.operatorId());
        return queries.get(me, id);
    }

    @PostMapping("/{id}/transfer")
    @Operation(summary = "Transfer a session", description = "To another operator of the line, to another line's "
            + "queue, or to an operator of another line; the reason is kept in the history.")
    SessionView transfer(@PathVariable long id, @Valid @RequestBody TransferRequest request) {
        UserAccess me = access.current();
        sessions.transfer(me, id, request.toOperatorId(), request.toLineId(), request.reason());
        return queries.get(me, id);
    }

    @PostMapping("/{id}/close")
    @Operation(summary = "Close a session", description = "The history stays; a client writing again opens a new "
            + "session.")
    SessionView close(@PathVariable long id, @Valid @RequestBody(required = false) CloseRequest request) {
        UserAccess me = access.current();
        sessions.close(me, id, request == null ? null : request.reason());
        return queries.get(me, id);
    }

    @PostMapping("/{id}/reopen")
    @Operation(summary = "Reopen a closed session (supervisors)", description = "It goes back to the queue.")
    SessionView reopen(@PathVariable long id) {
        UserAccess me = access.current();
        sessions.reopen(me, id);
        return queries.get(me, id);
    }

    @PostMapping("/{id}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Mark messages read", description = "Up to messageId, or to the last message; the marker "
            + "never moves back.")
    void read(@PathVariable long id, @RequestBody(required = false) ReadRequest request) {
        sessions.markRead(access.current(), id, request == null ? null : request.messageId());
    }
}
