package org.lineshub.plugin.api;

import java.nio.charset.StandardCharsets;

/**
 * What the hub answers the platform's webhook request.
 *
 * @param status      the HTTP status
 * @param contentType the body's media type, or {@code null} when there is no body
 * @param body        the body; empty, never {@code null}, when there is none
 */
public record WebhookResponse(int status, String contentType, byte[] body) {

    /** Checks the status and defaults the body. */
    public WebhookResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        body = body == null ? new byte[0] : body;
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
                && java.util.Objects.equals(contentType, r.contentType) && java.util.Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(status, contentType, java.util.Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "WebhookResponse[" + status + ", " + body.length + " bytes]";
    }
}
