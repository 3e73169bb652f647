package org.lineshub.vk.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake VK API for tests: a real HTTP server on 127.0.0.1 that answers the way dev.vk.com and the VK API schema
 * (github.com/VKCOM/vk-api-schema) document it. One server plays all of VK's hosts:
 *
 * <ul>
 *   <li>{@code POST /method/<name>} (form-urlencoded or query parameters, {@code access_token} and {@code v}), answering
 *       {@code {"response": ...}} or {@code {"error": {"error_code", "error_msg", "request_params"}}}: groups.getLongPollServer,
 *       users.get, messages.send, messages.getById, photos.getMessagesUploadServer, photos.saveMessagesPhoto,
 *       docs.getMessagesUploadServer, docs.save;</li>
 *   <li>the Bots Long Poll server, {@code GET /whp/<group>?act=a_check&key=&ts=&wait=}, answering
 *       {@code {"ts": "..", "updates": [...]}} or {@code {"failed": 1|2|3}};</li>
 *   <li>the upload servers ({@code POST /upload/photo}, field {@code photo}; {@code POST /upload/doc}, field
 *       {@code file});</li>
 *   <li>file downloads ({@code GET /files/<name>}), for the addresses in received attachments.</li>
 * </ul>
 *
 * Communities are made with {@link #community(long, String)}; requests with another token get error 5. Thread-safe.
 * {@link #close()} stops the server and wakes long polls.
 */
public final class FakeVkApi implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, FakeCommunity> byToken = new ConcurrentHashMap<>();
    private final Map<Long, FakeCommunity> byGroup = new ConcurrentHashMap<>();
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A file the fake serves. */
    record StoredFile(byte[] content, String contentType) {
    }

    private FakeVkApi(int port) throws IOException {
        AtomicInteger threads = new AtomicInteger();
        requestThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-vk-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        server.setExecutor(requestThreads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return a running server on a free port */
    public static FakeVkApi start() {
        try {
            return new FakeVkApi(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake VK API", e);
        }
    }

    /** @return the base URL for the plugin's {@code apiBaseUrl} setting, e.g. {@code http://127.0.0.1:40123} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Returns the community with this id, creating it on first use with this access token.
     *
     * @param groupId the community's id, positive
     * @param token   its community access token
     * @return the community's state
     */
    public FakeCommunity community(long groupId, String token) {
        FakeCommunity community = byGroup.computeIfAbsent(groupId, id -> new FakeCommunity(this, id, token));
        byToken.put(community.token(), community);
        return community;
    }

    /**
     * Serves a file, as VK's storage serves the files of received messages.
     *
     * @param name        a name unique in this fake
     * @param content     the bytes
     * @param contentType the media type
     * @return the file's address
     */
    public String file(String name, byte[] content, String contentType) {
        files.put(name, new StoredFile(content.clone(), contentType));
        return baseUrl() + "/files/" + name;
    }

    /**
     * Posts an event to a Callback API address as VK does: {@code POST} with the event as JSON.
     *
     * @param url   the address
     * @param event the event, with its {@code secret}
     * @return the status and the body of the answer
     */
    public CallbackAnswer postCallback(String url, JsonNode event) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(event.toString(), StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new CallbackAnswer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a Callback API address answered.
     *
     * @param status the HTTP status
     * @param body   the body
     */
    public record CallbackAnswer(int status, String body) {
    }

    ObjectMapper json() {
        return json;
    }

    boolean isClosed() {
        return closed;
    }

    StoredFile storedFile(String name) {
        return files.get(name);
    }

    String storeFile(String prefix, byte[] content, String contentType) {
        String name = prefix + "-" + files.size() + "-" + Long.toHexString(System.nanoTime());
        return file(name, content, contentType);
    }

    /** Stops the server; waiting long polls return. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        byGroup.values().forEach(FakeCommunity::wakeUp);
        server.stop(0);
        requestThreads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.startsWith("/method/")) {
                Map<String, String> params = new LinkedHashMap<>();
                urlencoded(exchange.getRequestURI().getRawQuery(), params);
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                    urlencoded(new String(body, StandardCharsets.UTF_8), params);
                }
                respondJson(exchange, 200, method(path.substring("/method/".length()), params,
                        exchange.getRequestHeaders().getFirst("Authorization")));
            } else if (path.startsWith("/whp/")) {
                Map<String, String> params = new LinkedHashMap<>();
                urlencoded(exchange.getRequestURI().getRawQuery(), params);
                FakeCommunity community = group(path.substring("/whp/".length()));
                if (community == null) {
                    respondJson(exchange, 404, json.createObjectNode().put("failed", 2));
                } else {
                    respondJson(exchange, 200, community.longPoll(params));
                }
            } else if (path.startsWith("/upload/")) {
                Map<String, String> params = new LinkedHashMap<>();
                urlencoded(exchange.getRequestURI().getRawQuery(), params);
                FakeCommunity community = group(params.getOrDefault("group", ""));
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                Map<String, Part> parts = contentType == null
                        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                        ? Map.of() : multipart(body, boundary(contentType));
                respondJson(exchange, 200, community == null
                        ? json.createObjectNode().put("error", "ERR_UPLOAD_BAD_URL: unknown upload address")
                        : community.upload(path.substring("/upload/".length()), params, parts));
            } else if (path.startsWith("/files/")) {
                StoredFile file = files.get(URLDecoder.decode(path.substring("/files/".length()),
                        StandardCharsets.UTF_8));
                if (file == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.getResponseHeaders().set("Content-Type", file.contentType());
                    exchange.sendResponseHeaders(200, file.content().length == 0 ? -1 : file.content().length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(file.content());
                    }
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        } catch (RuntimeException e) {
            respondJson(exchange, 500, json.createObjectNode().put("fake", String.valueOf(e)));
        } finally {
            exchange.close();
        }
    }

    private FakeCommunity group(String id) {
        try {
            return byGroup.get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An API method call: the token (a parameter, or {@code Authorization: Bearer}) names the community. */
    private JsonNode method(String method, Map<String, String> params, String authorization) {
        String token = params.get("access_token");
        if (token == null && authorization != null && authorization.startsWith("Bearer ")) {
            token = authorization.substring("Bearer ".length());
        }
        FakeCommunity community = token == null ? null : byToken.get(token);
        if (community == null) {
            return error(5, "User authorization failed: invalid access_token (4).", method, params);
        }
        if (params.get("v") == null) {
            return error(8, "Invalid request: v (version) is required", method, params);
        }
        return community.call(method, params);
    }

    /** An error as VK answers it: the parameters are echoed in {@code request_params}, the token is not. */
    ObjectNode error(int code, String message, String method, Map<String, String> params) {
        ObjectNode answer = json.createObjectNode();
        ObjectNode error = answer.putObject("error").put("error_code", code).put("error_msg", message);
        var echoed = error.putArray("request_params");
        echoed.addObject().put("key", "method").put("value", method);
        echoed.addObject().put("key", "oauth").put("value", "1");
        params.forEach((k, v) -> {
            if (!k.equals("access_token")) {
                echoed.addObject().put("key", k).put("value", v);
            }
        });
        return answer;
    }

    private void respondJson(HttpExchange exchange, int status, JsonNode answer) throws IOException {
        byte[] bytes = json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void urlencoded(String query, Map<String, String> params) {
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
    }

    /**
     * One part of a multipart body.
     *
     * @param fileName    the part's file name, or {@code null}
     * @param contentType the part's media type, or {@code null}
     * @param content     the bytes
     */
    record Part(String fileName, String contentType, byte[] content) {
    }

    private static String boundary(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                return b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw new IllegalArgumentException("multipart body without boundary");
    }

    private static Map<String, Part> multipart(byte[] body, String boundary) {
        Map<String, Part> parts = new LinkedHashMap<>();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int start = indexOf(body, delimiter, 0);
        while (start >= 0) {
            int partStart = start + delimiter.length;
            if (partStart + 1 < body.length && body[partStart] == '-' && body[partStart + 1] == '-') {
                break;
            }
            partStart += 2;
            int next = indexOf(body, delimiter, partStart);
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), partStart);
            if (next < 0 || headerEnd < 0 || headerEnd > next) {
                throw new IllegalArgumentException("malformed multipart body");
            }
            String headers = new String(body, partStart, headerEnd - partStart, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headerEnd + 4, Math.max(headerEnd + 4, next - 2));
            String name = null;
            String fileName = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-disposition:")) {
                    name = attribute(line, "name");
                    fileName = attribute(line, "filename");
                } else if (lower.startsWith("content-type:")) {
                    type = line.substring("content-type:".length()).strip();
                }
            }
            if (name != null) {
                parts.put(name, new Part(fileName, type, content));
            }
            start = next;
        }
        return parts;
    }

    private static String attribute(String header, String attribute) {
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(attribute + "=\"") && p.endsWith("\"")) {
                return p.substring(attribute.length() + 2, p.length() - 1);
            }
        }
        return null;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
