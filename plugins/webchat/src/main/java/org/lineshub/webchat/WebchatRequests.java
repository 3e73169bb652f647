package org.lineshub.webchat;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.lineshub.plugin.api.WebhookRequest;

/**
 * What the plugin reads off a browser's request beyond its body: where it comes from (for rate limits) and which
 * address of the hub it was sent to (for the frame's policy and the socket's origin check).
 */
final class WebchatRequests {

    /** The key of requests whose address is unknown; they share one, larger, allowance. */
    static final String UNKNOWN_ADDRESS = "?";
    private static final Pattern AUTHORITY = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.\\[\\]]{2,64}");

    private WebchatRequests() {
    }

    /**
     * The browser's address as the hub saw it. Behind a reverse proxy that is the proxy's report only when the hub
     * trusts it ({@code server.forward-headers-strategy=native}); a header the browser itself sends is never believed,
     * so nobody escapes the per-address limits by inventing {@code X-Forwarded-For}.
     *
     * @return the address, or {@link #UNKNOWN_ADDRESS}
     */
    static String address(WebhookRequest request) {
        String remote = request.remoteAddress();
        return remote != null && ADDRESS.matcher(remote).matches() ? remote.toLowerCase(Locale.ROOT) : UNKNOWN_ADDRESS;
    }

    /**
     * @param publicUrl the account's public webhook address, when the hub has a public URL
     * @return the host (and port) browsers reach the hub at: the public URL's, else the request's {@code Host}
     */
    static Optional<String> hubAuthority(WebhookRequest request, Optional<URI> publicUrl) {
        if (publicUrl.isPresent() && publicUrl.get().getRawAuthority() != null) {
            return Optional.of(publicUrl.get().getRawAuthority());
        }
        return request.header("Host").map(String::strip).filter(h -> AUTHORITY.matcher(h).matches());
    }

    /**
     * @param origin    the {@code Origin} a browser sent
     * @param publicUrl the account's public webhook address, when the hub has a public URL
     * @return whether that origin is the hub's own: the public URL's, or the host the request was sent to
     */
    static boolean fromHub(WebchatOrigins.Origin origin, WebhookRequest request, Optional<URI> publicUrl) {
        if (publicUrl.isPresent()) {
            Optional<WebchatOrigins.Origin> hub = WebchatOrigins.Origin.of(publicUrl.get().toString());
            if (hub.isPresent() && hub.get().equals(origin)) {
                return true;
            }
        }
        return request.header("Host").map(origin::hasAuthority).orElse(false)
                || request.header("X-Forwarded-Host").map(h -> origin.hasAuthority(h.split(",")[0].strip()))
                        .orElse(false);
    }
}
