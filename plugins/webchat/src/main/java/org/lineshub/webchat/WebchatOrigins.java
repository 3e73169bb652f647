package org.lineshub.webchat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The websites allowed to embed an account's widget ({@code allowedOrigins}): they become the chat frame's
 * {@code frame-ancestors}, and the live socket takes connections only from them and from the hub's own origin (the
 * frame's). An origin is {@code scheme://host[:port]}; a host may start with {@code *.} for every subdomain, as in
 * CSP. Empty: any website may embed the widget.
 */
final class WebchatOrigins {

    private static final Pattern HOST = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*"
            + "[a-z0-9])?)*|\\[[0-9a-f:.]+]");

    /** One allowed origin; {@code host} may start with {@code *.}; {@code port} is -1 for the scheme's default. */
    private record Allowed(String scheme, String host, int port) {

        boolean matches(Origin origin) {
            if (!scheme.equals(origin.scheme()) || port != origin.port()) {
                return false;
            }
            return host.startsWith("*.") ? origin.host().endsWith(host.substring(1)) : host.equals(origin.host());
        }

        @Override
        public String toString() {
            return scheme + "://" + host + (port < 0 ? "" : ":" + port);
        }
    }

    /** A concrete origin, normalised: lower case, the scheme's default port as -1. */
    record Origin(String scheme, String host, int port) {

        /** @return the origin of an {@code Origin} header or a URL, or empty when it is none */
        static Optional<Origin> of(String value) {
            if (value == null || value.isBlank() || value.equals("null")) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(value.trim());
                if (uri.getScheme() == null || uri.getHost() == null) {
                    return Optional.empty();
                }
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                return Optional.of(new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT),
                        normalPort(scheme, uri.getPort())));
            } catch (java.net.URISyntaxException e) {
                return Optional.empty();
            }
        }

        /** @return whether the {@code Host} header {@code host} (with its port, if any) names this origin's host */
        boolean hasAuthority(String authority) {
            Optional<Origin> other = of(scheme + "://" + authority);
            return other.isPresent() && other.get().equals(this);
        }

        @Override
        public String toString() {
            return scheme + "://" + host + (port < 0 ? "" : ":" + port);
        }
    }

    private final List<Allowed> allowed;

    private WebchatOrigins(List<Allowed> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /**
     * @param setting comma-separated origins, or empty
     * @return the parsed list
     * @throws IllegalArgumentException naming the first entry that is not an origin
     */
    static WebchatOrigins parse(String setting) {
        List<Allowed> list = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.endsWith("/")) {
                entry = entry.substring(0, entry.length() - 1);
            }
            list.add(allowed(entry));
        }
        return new WebchatOrigins(list);
    }

    private static Allowed allowed(String entry) {
        int colon = entry.indexOf("://");
        String scheme = colon < 0 ? "" : entry.substring(0, colon);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("each entry must be an origin such as https://shop.example: scheme://"
                    + "host[:port], without a path");
        }
        String rest = entry.substring(colon + 3);
        String host = rest;
        int port = -1;
        int portColon = rest.lastIndexOf(':');
        if (portColon > 0 && !rest.endsWith("]")) {
            host = rest.substring(0, portColon);
            try {
                port = Integer.parseInt(rest.substring(portColon + 1));
            } catch (NumberFormatException e) {
                port = 0;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("an entry has a port that is not a number from 1 to 65535");
            }
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("each entry must be an origin such as https://shop.example: scheme://"
                    + "host[:port], without a path");
        }
        return new Allowed(scheme, host, normalPort(scheme, port));
    }

    private static int normalPort(String scheme, int port) {
        boolean standard = (scheme.equals("https") || scheme.equals("wss")) && port == 443
                || (scheme.equals("http") || scheme.equals("ws")) && port == 80;
        return standard ? -1 : port;
    }

    /** @return how many origins are listed; 0 means any website may embed the widget */
    int size() {
        return allowed.size();
    }

    /** @return the frame's {@code frame-ancestors} sources: the hub itself and the allowed origins, or {@code *} */
    String frameAncestors() {
        if (allowed.isEmpty()) {
            return "*";
        }
        StringBuilder sources = new StringBuilder("'self'");
        allowed.forEach(a -> sources.append(' ').append(a));
        return sources.toString();
    }

    /**
     * @param origin an origin a browser sent
     * @return whether it is one of the allowed origins
     */
    boolean allows(Origin origin) {
        return allowed.stream().anyMatch(a -> a.matches(origin));
    }
}
