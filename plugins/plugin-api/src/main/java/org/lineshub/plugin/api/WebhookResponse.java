package org.lineshub.plugin.api;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the hub answers the platform's webhook request.
 *
 * @param status      the HTTP status
 * @param contentType the body's media type, or {@code null} when there is no body
 * @param body        the body; empty, never {@code null}, when there is none
 * @param headers     further response headers (caching, CORS, a Content-Security-Policy of a page the plugin
 *                    serves), by name; the hub does not pass {@code Set-Cookie} or framing headers
 *                    ({@code Content-Length}, {@code Transfer-Encoding}) on (since API 1.1)
 */
public record WebhookResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    /** Checks the status and defaults the body. */
    public WebhookResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        body = body == null ? new byte[0] : body;
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** An answer without further headers. */
    public WebhookResponse(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    /**
     * @param name  a header name
     * @param value its value
     * @return this answer with that header added (replacing one of the same name)
     */
    public WebhookResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new WebhookResponse(status, contentType, body, more);
    }

    /** @return 200 with no body */
    public static WebhookResponse ok() {
        return new WebhookResponse(200, null, null);
    }

    /**
     * @param text a plain text body, e.g. VK's confirmation string, WhatsApp's {@code hub.challenge} or {@code ok}
     * @return 200 with that body as {@code text/plain; charset=UTF-8}
     */
    public static WebhookResponse text(String text) {
        return new WebhookResponse(200, "text/plain; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param json a JSON document
     * @return 200 with that body as {@code application/json}
     */
    public static WebhookResponse json(String json) {
        return new WebhookResponse(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookResponse r && status == r.status
                && java.util.Objects.equals(contentType, r.contentType) && java.util.Arrays.equals(body, r.body)
                && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(status, contentType, java.util.Arrays.hashCode(body), headers);
    }

    @Override
    public String toString() {
        return "WebhookResponse[" + status + ", " + body.length + " bytes]";
    }
}
