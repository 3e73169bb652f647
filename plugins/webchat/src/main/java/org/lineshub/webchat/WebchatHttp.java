package org.lineshub.webchat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ConversationHistory;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.WebhookHandler;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;

/**
 * Everything below the account's webhook address but the live socket: the widget's files, the chat frame's page,
 * uploads, downloads and the offline form. Refusals are answered here, with a JSON reason the frame shows, rather
 * than thrown: the hub keeps the body of every request a plugin rejects as malformed in its dead letters, and these
 * requests come from anyone on the internet, some carrying files.
 */
final class WebchatHttp implements WebhookHandler {

    /** Image types a browser may show inline; anything else (an SVG with a script, an HTML page) is a download. */
    private static final Set<String> INLINE_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_"
            + ".+-]{0,127}");
    private static final Pattern FILE_PATH = Pattern.compile("/files/([0-9]{1,18})/([0-9]{1,18})");
    private static final String JSON = "application/json";
    private static final int MAX_FILE_NAME = 200;

    private final ChannelContext context;
    private final WebchatSettings settings;
    private final WebchatFrames frames;
    private final WebchatInbound inbound;
    private final WebchatVisitors visitors;
    private final WebchatLimits limits;
    private final WebchatLive live;
    private final WebchatAssets assets;
    private final WebchatAssets.Asset widget;

    WebchatHttp(ChannelContext context, WebchatSettings settings, WebchatFrames frames, WebchatInbound inbound,
                WebchatVisitors visitors, WebchatLimits limits, WebchatLive live, WebchatAssets assets) {
        this.context = context;
        this.settings = settings;
        this.frames = frames;
        this.inbound = inbound;
        this.visitors = visitors;
        this.limits = limits;
        this.live = live;
        this.assets = assets;
        this.widget = assets.widget(frames.scriptConfig(settings));
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) throws NotStoredException {
        String path = request.path();
        if (request.method().equals("OPTIONS")) {
            // no CORS: the frame is on the hub's origin, so nothing of this is for other origins' scripts
            return new WebhookResponse(204, null, null).withHeader("Allow", "GET, POST, OPTIONS");
        }
        return switch (path) {
            case "/widget.js" -> get(request, () -> cached(request, widget, "public, max-age=300")
                    .withHeader("Cross-Origin-Resource-Policy", "cross-origin"));
            case "/frame" -> get(request, () -> frame(request));
            case "/frame.js" -> get(request, () -> versioned(request, assets.frameScript()));
            case "/frame.css" -> get(request, () -> versioned(request, assets.frameStyle()));
            case "/upload" -> request.method().equals("POST") ? upload(request) : notAllowed("POST");
            case "/offline" -> request.method().equals("POST") ? offline(request) : notAllowed("POST");
            default -> FILE_PATH.matcher(path).matches() ? get(request, () -> file(request))
                    : problem(404, "not-found", "nothing here");
        };
    }

    /** An answer that needs no store, so cannot fail to be stored. */
    private interface Answer {
        WebhookResponse get();
    }

    private WebhookResponse get(WebhookRequest request, Answer answer) {
        return request.method().equals("GET") ? answer.get() : notAllowed("GET");
    }

    private WebhookResponse frame(WebhookRequest request) {
        String lang = Optional.ofNullable(WebchatVisitor.lang(request.queryParam("lang").orElse(null)))
                .or(() -> Optional.ofNullable(WebchatVisitor.lang(request.header("Accept-Language").orElse(null))))
                .orElse("en");
        return cached(request, assets.frame(lang), "no-cache")
                .withHeader("Content-Security-Policy", policy(request))
                .withHeader("Referrer-Policy", "no-referrer");
    }

    /** The frame page's policy: only its own files, the socket to this hub, and framing by the allowed sites. */
    String policy(WebhookRequest request) {
        Optional<URI> publicUrl = context.webhookUrl();
        StringBuilder connect = new StringBuilder("'self'");
        WebchatRequests.hubAuthority(request, publicUrl).ifPresent(host -> {
            if (publicUrl.isPresent()) {
                connect.append(publicUrl.get().getScheme().equalsIgnoreCase("https") ? " wss://" : " ws://")
                        .append(host);
            } else {
                connect.append(" wss://").append(host).append(" ws://").append(host);
            }
        });
        String avatar = settings.avatarOrigin();
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"
                + (avatar == null ? "" : " " + avatar) + "; connect-src " + connect + "; frame-ancestors "
                + settings.origins().frameAncestors() + "; base-uri 'none'; form-action 'self'; object-src 'none'";
    }

    private WebhookResponse versioned(WebhookRequest request, WebchatAssets.Asset asset) {
        boolean current = request.queryParam("v").map(assets.version()::equals).orElse(false);
        return cached(request, asset, current ? "public, max-age=31536000, immutable" : "no-cache");
    }

    private static WebhookResponse cached(WebhookRequest request, WebchatAssets.Asset asset, String cacheControl) {
        boolean fresh = request.header("If-None-Match").map(tags -> tags.contains(asset.etag())).orElse(false);
        WebhookResponse response = fresh ? new WebhookResponse(304, null, null)
                : new WebhookResponse(200, asset.contentType(), asset.body());
        return response.withHeader("ETag", asset.etag()).withHeader("Cache-Control", cacheControl)
                .withHeader("X-Content-Type-Options", "nosniff");
    }

    private WebhookResponse upload(WebhookRequest request) throws NotStoredException {
        String chatId = knownChat(request.queryParam("token").orElse(null));
        if (chatId == null) {
            return problem(403, "unknown-visitor", "unknown visitor; reload the chat");
        }
        String clientId = request.queryParam("id").orElseGet(() -> UUID.randomUUID().toString());
        if (!WebchatInbound.validClientId(clientId)) {
            return problem(400, "malformed", "id must be 8 to 64 letters, digits or dashes");
        }
        byte[] body = request.body();
        if (body.length == 0) {
            return problem(400, "empty", "the file is empty");
        }
        if (body.length > settings.maxFileBytes()) {
            return problem(413, "too-large", "the file is larger than " + settings.maxFileMb() + " MB");
        }
        String fileName;
        String caption;
        WebchatVisitor told;
        try {
            fileName = fileName(decode(request.header("X-File-Name").orElse(null)));
            caption = decode(request.header("X-Caption").orElse(null));
            told = new WebchatVisitor(WebchatVisitor.name(decode(request.header("X-Visitor-Name").orElse(null))),
                    WebchatVisitor.email(decode(request.header("X-Visitor-Email").orElse(null))), null);
        } catch (IllegalArgumentException e) {
            return problem(400, "malformed", "a header is not URL-encoded UTF-8");
        } catch (WebchatVisitor.InvalidException e) {
            return problem(400, e.code(), e.getMessage());
        }
        if (caption != null && caption.length() > WebchatInbound.MAX_TEXT) {
            return problem(400, "too-long", "the caption is longer than " + WebchatInbound.MAX_TEXT + " characters");
        }
        if (!limits.uploads.tryAcquire(chatId)) {
            return problem(429, "rate-limited", limits.uploads.reason());
        }
        String type = mediaType(request.header("Content-Type").orElse(null));
        String ref;
        try {
            ref = context.storeFile(new ByteArrayInputStream(body), settings.maxFileBytes());
        } catch (IOException e) {
            throw new NotStoredException("the file could not be stored", e);
        }
        Attachment file = new Attachment(kind(type), fileName, type, (long) body.length, null, ref, null, null, null);
        WebchatVisitor visitor = live.profile(chatId).with(told);
        return stored(chatId, clientId, visitor, caption == null || caption.isBlank() ? null : caption.strip(), file,
                null);
    }

    private WebhookResponse offline(WebhookRequest request) throws NotStoredException {
        if (!settings.offlineForm()) {
            return problem(404, "not-found", "the contact form is off");
        }
        String address = WebchatRequests.address(request);
        JsonNode form;
        String clientId;
        String text;
        WebchatVisitor visitor;
        String given;
        try {
            form = frames.parse(request.bodyText());
            given = WebchatFrames.text(form, "token");
            clientId = Optional.ofNullable(WebchatFrames.text(form, "id")).orElseGet(() -> UUID.randomUUID().toString());
            text = WebchatFrames.text(form, "message");
            visitor = new WebchatVisitor(WebchatVisitor.name(WebchatFrames.text(form, "name")),
                    WebchatVisitor.email(WebchatFrames.text(form, "email")),
                    WebchatVisitor.lang(WebchatFrames.text(form, "lang")));
        } catch (WebchatFrames.MalformedException e) {
            return problem(400, "malformed", e.getMessage());
        } catch (WebchatVisitor.InvalidException e) {
            return problem(400, e.code(), e.getMessage());
        }
        if (!WebchatInbound.validClientId(clientId)) {
            return problem(400, "malformed", "id must be 8 to 64 letters, digits or dashes");
        }
        if (text == null || text.isBlank()) {
            return problem(400, "empty", "the message is empty");
        }
        if (text.length() > WebchatInbound.MAX_TEXT) {
            return problem(400, "too-long", "the message is longer than " + WebchatInbound.MAX_TEXT + " characters");
        }
        if (visitor.email() == null && settings.askEmail() != WebchatSettings.Ask.HIDDEN) {
            return problem(400, "email-required", "give your email address, so that we can answer");
        }
        if (visitor.name() == null && settings.askName() == WebchatSettings.Ask.REQUIRED) {
            return problem(400, "name-required", "give your name");
        }
        if (!limits.offline.tryAcquire(address)) {
            return problem(429, "rate-limited", limits.offline.reason());
        }
        String chatId = knownChat(given);
        String token = given;
        if (chatId == null) {
            WebchatRateLimit limit = limits.visitorsFrom(address);
            if (!limit.tryAcquire(address)) {
                return problem(429, "rate-limited", limit.reason());
            }
            token = visitors.issue();
            chatId = WebchatVisitors.chatId(token);
        }
        return stored(chatId, clientId, live.profile(chatId).with(visitor), text.strip(), null, token);
    }

    /** Stores a visitor's message, shows it in the chat's open tabs, and answers with it. */
    private WebhookResponse stored(String chatId, String clientId, WebchatVisitor visitor, String text,
                                   Attachment file, String token) throws NotStoredException {
        ConversationHistory.Entry entry;
        try {
            entry = inbound.store(chatId, clientId, visitor, text, file);
        } catch (WebchatInbound.RefusedException e) {
            return problem(422, "refused", e.getMessage());
        }
        live.broadcast(chatId, frames.message(entry, clientId));
        String body = token == null ? frames.entryDocument(entry) : frames.offlineStored(token, entry);
        return new WebhookResponse(200, JSON, body.getBytes(StandardCharsets.UTF_8))
                .withHeader("Cache-Control", "no-store");
    }

    private WebhookResponse file(WebhookRequest request) {
        var matcher = FILE_PATH.matcher(request.path());
        String token = request.queryParam("token").orElse(null);
        if (!matcher.matches() || !WebchatVisitors.wellFormed(token)) {
            return problem(404, "not-found", "no such file");
        }
        String chatId = WebchatVisitors.chatId(token);
        long messageId = Long.parseLong(matcher.group(1));
        long fileId = Long.parseLong(matcher.group(2));
        byte[] bytes;
        String type;
        try {
            Optional<AttachmentContent> content = context.history().open(chatId, messageId, fileId);
            if (content.isEmpty()) {
                return problem(404, "not-found", "no such file");
            }
            try (InputStream in = content.get().content()) {
                bytes = in.readAllBytes();
            }
            type = content.get().mimeType();
        } catch (IOException e) {
            return problem(503, "unavailable", "the file cannot be read now");
        }
        String name = inbound.find(chatId, messageId).flatMap(e -> e.files().stream()
                .filter(f -> f.id() == fileId).findFirst()).map(ConversationHistory.EntryFile::fileName)
                .orElse("file");
        String mediaType = mediaType(type);
        boolean inline = INLINE_IMAGES.contains(mediaType);
        return new WebhookResponse(200, mediaType, bytes)
                .withHeader("Content-Disposition", (inline ? "inline" : "attachment") + "; " + dispositionName(name))
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Content-Security-Policy", "sandbox")
                .withHeader("Cache-Control", "private, max-age=86400")
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("Cross-Origin-Resource-Policy", "same-origin");
    }

    /**
     * @return the chat of a token the plugin made or whose chat the hub has, or {@code null}: a token nobody was
     *         given does not make a visitor
     */
    private String knownChat(String token) {
        if (!WebchatVisitors.wellFormed(token)) {
            return null;
        }
        String chatId = WebchatVisitors.chatId(token);
        return visitors.issued(token) || inbound.exists(chatId) ? chatId : null;
    }

    private static String decode(String header) {
        return header == null ? null : URLDecoder.decode(header, StandardCharsets.UTF_8);
    }

    /** @return the last segment of a file name, without control characters, cut to a sane length */
    static String fileName(String raw) {
        if (raw == null) {
            return "file";
        }
        String name = raw.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "file";
        }
        return name.length() > MAX_FILE_NAME ? name.substring(name.length() - MAX_FILE_NAME) : name;
    }

    /** @return the media type without parameters, lower case, or {@code application/octet-stream} */
    static String mediaType(String raw) {
        if (raw == null) {
            return "application/octet-stream";
        }
        String type = raw.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return MEDIA_TYPE.matcher(type).matches() ? type : "application/octet-stream";
    }

    private static AttachmentKind kind(String mediaType) {
        if (INLINE_IMAGES.contains(mediaType)) {
            return AttachmentKind.IMAGE;
        }
        if (mediaType.startsWith("audio/")) {
            return AttachmentKind.AUDIO;
        }
        if (mediaType.startsWith("video/")) {
            return AttachmentKind.VIDEO;
        }
        return AttachmentKind.DOCUMENT;
    }

    /** @return {@code filename="ascii"; filename*=UTF-8''encoded}: every browser gets a usable name */
    private static String dispositionName(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\"", "_").replace("\\", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private WebhookResponse notAllowed(String allowed) {
        return problem(405, "method-not-allowed", "use " + allowed).withHeader("Allow", allowed);
    }

    /** @return an error the frame shows: {@code {"code":..,"reason":..}} */
    private WebhookResponse problem(int status, String code, String reason) {
        return new WebhookResponse(status, JSON, frames.problem(code, reason).getBytes(StandardCharsets.UTF_8))
                .withHeader("Cache-Control", "no-store");
    }
}
