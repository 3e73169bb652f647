package org.lineshub.viber;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public addresses of the files operators attach to replies. Viber takes no uploads: a picture or file message
 * carries the {@code media} URL Viber downloads it from ("URL of the image", "URL of the file ... URL should include
 * the file extension", REST Bot API "Send Message"). The hub stores those files privately, so the plugin serves them
 * itself below the account's public webhook address:
 * {@code <webhook>/media/<payload>.<signature>/<file name>}.
 *
 * <p>The payload names the hub's file, its type and an expiry; the signature is an HMAC-SHA256 with a key derived from
 * the bot's auth token, so nobody can forge a link to another file of the hub, and a link works only for
 * {@link #LIFETIME}. Links survive restarts (nothing is kept in memory) and stop working when the token changes.
 */
final class ViberMediaLinks {

    /** The sub-path below the webhook address. */
    static final String PREFIX = "/media/";
    /** How long Viber (and the client's devices, through Viber) may fetch a file sent with a reply. */
    static final Duration LIFETIME = Duration.ofDays(30);
    /** Viber's largest file: "Max size 50 MB" (file message). Larger files are refused before sending. */
    static final long MAX_BYTES = 50L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ViberMediaLinks.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

    private final ChannelContext channel;
    private final String base;
    private final byte[] key;
    private final Clock clock;

    /**
     * @param channel    the account's context, which opens the hub's files
     * @param webhookUrl the account's public webhook address
     * @param authToken  the bot's auth token, from which the signing key is derived
     * @param clock      the time for expiries
     */
    ViberMediaLinks(ChannelContext channel, URI webhookUrl, String authToken, Clock clock) {
        this.channel = channel;
        this.base = webhookUrl.toString().replaceAll("/+$", "");
        // a key of its own, so a link's signature is never a signature of anything else made with the token
        this.key = hmac(authToken.getBytes(StandardCharsets.UTF_8),
                "lines-hub viber media links".getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
    }

    /**
     * @param file     an attachment of an outbound message, with the hub's {@link Attachment#localRef()}
     * @param mimeType the type to serve it as
     * @param fileName the last path segment, with the extension Viber expects
     * @return the public address
     */
    URI link(Attachment file, String mimeType, String fileName) {
        Instant expires = clock.instant().plus(LIFETIME);
        String payload = String.join("\n", file.kind().name(), file.localRef(), mimeType,
                Long.toString(expires.getEpochSecond()));
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        String token = B64.encodeToString(bytes) + "." + B64.encodeToString(hmac(key, bytes));
        return URI.create(base + PREFIX + token + "/"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /**
     * Serves a file of a link this account made: 404 for anything else, a forged or expired link included.
     *
     * @param request a GET (or HEAD) below the webhook address
     * @return the file, or 404
     */
    WebhookResponse serve(WebhookRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return notFound();
        }
        String path = request.path();
        if (!path.startsWith(PREFIX)) {
            return notFound();
        }
        String token = path.substring(PREFIX.length()).split("/", 2)[0];
        int dot = token.indexOf('.');
        if (dot < 0) {
            return notFound();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = B64_DECODE.decode(token.substring(0, dot));
            signature = B64_DECODE.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return notFound();
        }
        // constant time, so a signature cannot be guessed byte by byte from response times
        if (!MessageDigest.isEqual(signature, hmac(key, payload))) {
            return notFound();
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 4 || Instant.ofEpochSecond(Long.parseLong(parts[3])).isBefore(clock.instant())) {
            return notFound();
        }
        Attachment file = new Attachment(AttachmentKind.valueOf(parts[0]), null, parts[2], null, null, parts[1],
                null, null, null);
        byte[] content;
        try (InputStream in = channel.openAttachment(file)) {
            content = in.readNBytes((int) MAX_BYTES + 1);
        } catch (IOException e) {
            LOG.info("Account {}: a file sent to Viber is no longer in the hub: {}", channel.accountId(),
                    e.getClass().getSimpleName());
            return notFound();
        }
        if (content.length > MAX_BYTES) {
            return notFound();
        }
        return new WebhookResponse(200, parts[2], request.method().equals("HEAD") ? null : content)
                // the hub's origin serves what operators uploaded: never as a page that could run a script
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Content-Security-Policy", "default-src 'none'; sandbox")
                .withHeader("Cache-Control", "private, max-age=86400");
    }

    private static WebhookResponse notFound() {
        return new WebhookResponse(404, "text/plain; charset=UTF-8",
                "No such file".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * @param name a file name as the operator's upload had it, or {@code null}
     * @return the name without path separators or control characters, at most {@code max} characters, keeping
     *         its extension
     */
    static String safeName(String name, String fallback, int max) {
        String clean = name == null ? "" : name.replaceAll("[\\p{Cntrl}/\\\\]", "_").strip();
        if (clean.isEmpty() || clean.equals(".") || clean.equals("..")) {
            clean = fallback;
        }
        if (clean.codePointCount(0, clean.length()) <= max) {
            return clean;
        }
        int dot = clean.lastIndexOf('.');
        String extension = dot > 0 && clean.length() - dot <= 16 ? clean.substring(dot) : "";
        String stem = clean.substring(0, clean.length() - extension.length());
        int keep = max - extension.codePointCount(0, extension.length());
        return stem.substring(0, stem.offsetByCodePoints(0, Math.min(keep, stem.codePointCount(0, stem.length()))))
                + extension;
    }

    /** @return the lower-case extension of a file name with its dot, or empty */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot).toLowerCase(Locale.ROOT) : "";
    }
}
