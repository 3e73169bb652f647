package org.lineshub.hub.system;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;

/**
 * The security headers of the hub's answers: the Content-Security-Policy of its pages, and the headers every answer
 * on the webhook paths carries, whether the webhooks' security filter chain or the webhook fast path answers. Each
 * writer leaves a header the answer already has alone, so a plugin's page may set its own policy or caching.
 */
public final class SecurityHeaders {

    /** Lets pages run only the hub's own script files: no inline script, no {@code eval}, no plugins, no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; object-src 'none'; "
            + "img-src 'self' data:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /*
     * Spring Security's defaults without X-Frame-Options: a plugin's page other sites may embed (a web chat's frame)
     * sets its own policy with frame-ancestors, which the default policy then does not replace; X-Frame-Options has no
     * way to allow that, and the default policy's frame-ancestors 'none' already keeps every other answer out of
     * frames.
     */
    private static final List<HeaderWriter> WEBHOOK_WRITERS = List.of(new XContentTypeOptionsHeaderWriter(),
            new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new HstsHeaderWriter(),
            new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY));

    private SecurityHeaders() {
    }

    /** @return the writers of the headers of every answer on the webhook paths, in Spring Security's order */
    public static List<HeaderWriter> webhookWriters() {
        return WEBHOOK_WRITERS;
    }

    /** Writes the webhook paths' headers the answer does not have yet; call before the answer is committed. */
    public static void writeWebhookHeaders(HttpServletRequest request, HttpServletResponse response) {
        for (HeaderWriter writer : WEBHOOK_WRITERS) {
            writer.writeHeaders(request, response);
        }
    }
}
