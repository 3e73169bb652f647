package org.lineshub.webchat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The widget's files, from the plugin jar: the launcher script host pages load ({@code widget.js}, with the
 * account's title and colour filled in), and the chat frame's page, script and stylesheet. Each has an entity tag;
 * the frame page names its script and stylesheet with a version, so browsers may keep those for good.
 */
final class WebchatAssets {

    /**
     * One file as served.
     *
     * @param body        its bytes
     * @param contentType its media type
     * @param etag        its entity tag, quoted
     */
    record Asset(byte[] body, String contentType, String etag) {
    }

    private static final String BASE = "/org/lineshub/webchat/web/";
    /** Where widget.js takes the account's settings. */
    private static final String CONFIG_SLOT = "/*config*/null";

    private final String widgetTemplate;
    private final String frameTemplate;
    private final Asset frameScript;
    private final Asset frameStyle;
    private final String version;

    WebchatAssets() {
        widgetTemplate = text("widget.js");
        frameTemplate = text("frame.html");
        frameScript = asset(bytes("frame.js"), "text/javascript; charset=UTF-8");
        frameStyle = asset(bytes("frame.css"), "text/css; charset=UTF-8");
        version = digest((frameScript.etag() + frameStyle.etag()).getBytes(StandardCharsets.UTF_8)).substring(0, 10);
        if (!widgetTemplate.contains(CONFIG_SLOT)) {
            throw new IllegalStateException("widget.js has no configuration slot");
        }
    }

    /** @return the version the frame page names its script and stylesheet with */
    String version() {
        return version;
    }

    /** @param configJson the account's settings for the launcher, as JSON safe inside a script @return widget.js */
    Asset widget(String configJson) {
        return asset(widgetTemplate.replace(CONFIG_SLOT, configJson).getBytes(StandardCharsets.UTF_8),
                "text/javascript; charset=UTF-8");
    }

    /** @param lang {@code en} or {@code ru} @return the frame page */
    Asset frame(String lang) {
        return asset(frameTemplate.replace("{{lang}}", lang).replace("{{version}}", version)
                .getBytes(StandardCharsets.UTF_8), "text/html; charset=UTF-8");
    }

    Asset frameScript() {
        return frameScript;
    }

    Asset frameStyle() {
        return frameStyle;
    }

    private static Asset asset(byte[] body, String contentType) {
        return new Asset(body, contentType, "\"" + digest(body).substring(0, 22) + "\"");
    }

    private static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String name) {
        try (InputStream in = WebchatAssets.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("the plugin jar lacks " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
