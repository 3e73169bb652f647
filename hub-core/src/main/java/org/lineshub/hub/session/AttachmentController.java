package org.lineshub.hub.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.channel.ChannelRuntime;
import org.lineshub.hub.file.FileStore;
import org.lineshub.hub.system.Errors;
import org.lineshub.hub.system.Problems;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.AttachmentFetcher;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Streams a message's file: from the hub's file store when the hub has it (operators' uploads), otherwise from the
 * platform through the account's plugin, on demand. Nothing is cached: the platform stays the source.
 * <p>
 * Whoever sent a file chose its type, so a file must never become a page of the hub's origin: only inert media
 * (raster images, audio, video) are shown inline, everything else (HTML, SVG, PDF...) is a download, and every file
 * comes with {@code X-Content-Type-Options: nosniff} and {@code Content-Security-Policy: sandbox}, which runs
 * whatever a browser does render in an opaque origin without script.
 */
@RestController
@Tag(name = "Sessions")
class AttachmentController {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentController.class);
    private static final Set<String> INLINE_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "image/bmp", "image/avif");

    private final SessionReader sessions;
    private final AccessService access;
    private final FileStore files;
    private final ChannelRuntime channels;

    AttachmentController(SessionReader sessions, AccessService access, FileStore files, ChannelRuntime channels) {
        this.sessions = sessions;
        this.access = access;
        this.files = files;
        this.channels = channels;
    }

    @GetMapping("/api/v1/messages/{messageId}/attachments/{attachmentId}")
    @Operation(summary = "Download a message's file", description = "Fetched from the platform through the channel "
            + "plugin when the hub does not store it; 503 while the account is not running, 502 when the platform "
            + "fails.")
    ResponseEntity<Object> download(@PathVariable long messageId, @PathVariable long attachmentId) throws IOException {
        SessionReader.AttachmentRef ref = sessions.attachment(access.current(), messageId, attachmentId);
        Attachment a = ref.attachment();
        if (a.localRef() != null) {
            return stream(a, files.open(a.localRef()), a.mimeType(), files.size(a.localRef()));
        }
        AttachmentFetcher fetcher = channels.attachments(ref.accountId()).orElse(null);
        if (fetcher == null) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE,
                    "The channel account is not running or cannot serve files");
        }
        AttachmentContent content;
        try {
            content = fetcher.fetch(a);
        } catch (ChannelRejectedException e) {
            return problem(HttpStatus.NOT_FOUND, "The platform refused the file: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "The hub is stopping; try again");
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Fetching attachment {} of message {} failed: {}", attachmentId, messageId, Errors.describe(e));
            return problem(HttpStatus.BAD_GATEWAY, "The platform did not deliver the file; try again");
        }
        if (content == null) {
            return problem(HttpStatus.BAD_GATEWAY, "The channel plugin returned no content");
        }
        return stream(a, content.content(), content.mimeType() != null ? content.mimeType() : a.mimeType(),
                content.size());
    }

    private static ResponseEntity<Object> stream(Attachment a, InputStream content, String mimeType, Long size) {
        MediaType type;
        try {
            type = mimeType == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(mimeType);
        } catch (IllegalArgumentException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        ContentDisposition.Builder disposition = inline(type) ? ContentDisposition.inline()
                : ContentDisposition.attachment();
        ResponseEntity.BodyBuilder builder = ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition
                        .filename(a.fileName() == null ? "file" : a.fileName(), StandardCharsets.UTF_8).build()
                        .toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox");
        if (size != null) {
            builder.contentLength(size);
        }
        return builder.body(new InputStreamResource(content));
    }

    /** @return whether a browser may show a file of this type in place: raster images, audio and video only */
    private static boolean inline(MediaType type) {
        String base = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        return INLINE_IMAGES.contains(base) || type.getType().equalsIgnoreCase("audio")
                || type.getType().equalsIgnoreCase("video");
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return Problems.response(status, detail);
    }
}
