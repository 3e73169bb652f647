package org.lineshub.hub.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Talks to a running hub over real HTTP, as an integration or a browser would: with HTTP Basic, a bearer token, or
 * a session cookie plus CSRF token after {@link #login}.
 */
public final class HubClient {

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param body   the JSON body, or a missing node
     * @param raw    the body as text
     */
    public record Response(int status, JsonNode body, String raw) {

        /** @return the body, after checking the status is 2xx */
        public JsonNode ok() {
            if (status < 200 || status > 299) {
                throw new AssertionError("expected 2xx, got " + status + ": " + raw);
            }
            return body;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final String base;
    private final String authorization;
    private final HttpClient http;
    private final CookieManager cookies;

    private HubClient(String base, String authorization, CookieManager cookies) {
        this.base = base;
        this.authorization = authorization;
        this.cookies = cookies;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (cookies != null) {
            builder.cookieHandler(cookies);
        }
        this.http = builder.build();
    }

    /** @return a client that sends HTTP Basic credentials */
    public static HubClient basic(String base, String username, String password) {
        String token = Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return new HubClient(base, "Basic " + token, null);
    }

    /** @return a client that sends a bearer API token */
    public static HubClient bearer(String base, String token) {
        return new HubClient(base, "Bearer " + token, null);
    }

    /** @return a client with no credentials, keeping cookies (log in with {@link #login}) */
    public static HubClient browser(String base) {
        return new HubClient(base, null, new CookieManager());
    }

    /** @return the base URL */
    public String base() {
        return base;
    }

    /** @return the Authorization header this client sends, or {@code null} */
    public String authorization() {
        return authorization;
    }

    /**
     * @param name a cookie name
     * @return the cookie's value this browser client holds, or {@code null}
     */
    public String cookie(String name) {
        if (cookies == null) {
            return null;
        }
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    /** Logs in like the web app: fetches a CSRF token, then posts the credentials. */
    public Response login(String username, String password) {
        get("/api/v1/auth/csrf");
        return post("/api/v1/auth/login", Map.of("username", username, "password", password));
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Response put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** Posts raw bytes with extra headers, e.g. to a webhook. */
    public Response postRaw(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return send(builder);
    }

    /** Posts a multipart form with one file part and optional text fields. */
    public Response postFile(String path, String field, String fileName, String contentType, byte[] content,
                             Map<String, String> fields) {
        String boundary = "----hub" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        fields.forEach((k, v) -> head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                .append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(field)
                .append("\"; filename=\"").append(fileName).append("\"\r\nContent-Type: ").append(contentType)
                .append("\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[start.length + content.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(content, 0, all, start.length, content.length);
        System.arraycopy(end, 0, all, start.length + content.length, end.length);
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(all)));
    }

    /**
     * A page of a paged list.
     *
     * @param body the page's JSON, after checking the status is 2xx
     * @param next the path of the next page, from the {@code Link} header's {@code rel="next"}, or {@code null}
     */
    public record Page(JsonNode body, String next) {
    }

    /** @return the page at the path, with the link to the next one */
    public Page getPage(String path) {
        try {
            HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() < 200 || r.statusCode() > 299) {
                throw new AssertionError("expected 2xx, got " + r.statusCode() + ": " + r.body());
            }
            String next = r.headers().allValues("Link").stream()
                    .flatMap(link -> java.util.Arrays.stream(link.split(",")))
                    .map(String::trim)
                    .filter(link -> link.endsWith("rel=\"next\"") && link.startsWith("<") && link.contains(">"))
                    .map(link -> link.substring(1, link.indexOf('>')))
                    .findFirst().orElse(null);
            return new Page(JSON.readTree(r.body()), next);
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the bytes of a download, after checking the status is 200 */
    public byte[] download(String path) {
        try {
            HttpResponse<byte[]> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new AssertionError("download " + path + " answered " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (cookies != null) {
            cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().ifPresent(t -> builder.header("X-XSRF-TOKEN", t));
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = r.body() == null || r.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(r.body());
            } catch (IOException e) {
                body = MissingNode.getInstance();
            }
            return new Response(r.statusCode(), body, r.body());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
