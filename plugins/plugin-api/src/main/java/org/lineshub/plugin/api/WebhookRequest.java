package org.lineshub.plugin.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request the platform made to the account's webhook address, exactly as received: signatures are computed over
 * {@link #body()} as it is, byte for byte. {@link #toString()} prints the method and size only.
 *
 * @param method  the HTTP method, upper case
 * @param headers the headers by name, looked up without regard to case; a header sent twice has two values
 * @param query   the query parameters, decoded; a parameter given twice has two values
 * @param body    the body bytes; empty, never {@code null}, when there is none
 * @param path    what follows the webhook address in the request's path, e.g. {@code /widget.js} for
 *                {@code /webhooks/<key>/widget.js}; empty for the address itself (since API 1.1)
 * @param remoteAddress the client's address as the hub sees it (behind a reverse proxy, what the proxy reports
 *                      when the hub is configured to trust it), for per-client limits; {@code null} when unknown
 *                      (since API 1.1)
 */
public record WebhookRequest(String method, Map<String, List<String>> headers, Map<String, List<String>> query,
                             byte[] body, String path, String remoteAddress) {

    /** A request below the address, from an unknown client address. */
    public WebhookRequest(String method, Map<String, List<String>> headers, Map<String, List<String>> query,
                          byte[] body, String path) {
        this(method, headers, query, body, path, null);
    }

    /** A request to the webhook address itself (no sub-path). */
    public WebhookRequest(String method, Map<String, List<String>> headers, Map<String, List<String>> query,
                          byte[] body) {
        this(method, headers, query, body, "", null);
    }

    /** Copies the maps; header names become case-insensitive keys. */
    public WebhookRequest {
        method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> h.merge(k, List.copyOf(v), (a, b) -> {
                List<String> all = new java.util.ArrayList<>(a);
                all.addAll(b);
                return List.copyOf(all);
            }));
        }
        headers = java.util.Collections.unmodifiableMap(h);
        query = query == null ? Map.of() : Map.copyOf(query);
        body = body == null ? new byte[0] : body;
        path = path == null ? "" : path;
    }

    /**
     * @param name a header name, in any case
     * @return its first value, or empty
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * @param name a query parameter
     * @return its first value, or empty
     */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return the body decoded as UTF-8 */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookRequest r && method.equals(r.method) && headers.equals(r.headers)
                && query.equals(r.query) && java.util.Arrays.equals(body, r.body) && path.equals(r.path)
                && java.util.Objects.equals(remoteAddress, r.remoteAddress);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(method, headers, query, java.util.Arrays.hashCode(body), path, remoteAddress);
    }

    @Override
    public String toString() {
        return "WebhookRequest[" + method + (path.isEmpty() ? "" : " " + path) + ", " + body.length + " bytes]";
    }
}
