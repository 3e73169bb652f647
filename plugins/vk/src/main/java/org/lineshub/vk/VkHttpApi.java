package org.lineshub.vk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.lineshub.plugin.api.AttachmentContent;

/**
 * {@link VkApi} over the JDK HTTP client. Methods are called as VK documents (dev.vk.com, "API requests"):
 * {@code POST <apiBaseUrl>/method/<name>} with an {@code application/x-www-form-urlencoded} body that carries the
 * parameters, {@code access_token} and {@code v}. The token travels in the body only, never in a URL; the long-poll key
 * does travel in a URL, so no URL is ever logged or put into an exception.
 */
final class VkHttpApi implements VkApi {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Uploads and downloads of up to 200 MB (VK's document limit) over a slow line. */
    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(5);
    /** Added to a long poll's own wait, so the network has time to deliver the answer. */
    private static final Duration POLL_MARGIN = Duration.ofSeconds(15);
    private static final Duration THREAD_KEEP_ALIVE = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ObjectMapper json;
    private final String baseUrl;
    private final String token;
    private final String version;

    /** Built on first use and dropped by {@link #close()}; guarded by this. */
    private HttpClient client;
    private ThreadPoolExecutor executor;

    /**
     * @param baseUrl the API host, e.g. {@code https://api.vk.com}
     * @param token   the community access token
     * @param version the API version, e.g. {@code 5.199}
     * @param json    the plugin's mapper, used for trees only
     */
    VkHttpApi(URI baseUrl, String token, String version, ObjectMapper json) {
        this.baseUrl = baseUrl.toString().replaceAll("/+$", "");
        this.token = token;
        this.version = version;
        this.json = json;
    }

    /**
     * Releases the client's threads: threads created by plugin code keep the plugin's class loader reachable as long as
     * they live. A later call builds a new client.
     */
    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        executor = null;
        client = null;
    }

    /**
     * HTTP/1.1 keeps each long poll on a connection of its own, so cancelling one closes just that connection. The
     * client's threads get the platform class loader as context class loader, so none of them pins the plugin's
     * loader through it. Redirects are followed (not from https to http): document links redirect to their storage.
     */
    private synchronized HttpClient client() {
        if (client == null) {
            executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, THREAD_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                    new SynchronousQueue<>(), VkHttpApi::newThread);
            Thread current = Thread.currentThread();
            ClassLoader previous = current.getContextClassLoader();
            // the selector thread the builder starts inherits the context class loader of the building thread
            current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            try {
                client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .executor(executor)
                        .build();
            } finally {
                current.setContextClassLoader(previous);
            }
        }
        return client;
    }

    private static Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "vk-http-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        return thread;
    }

    @Override
    public LongPollServer getLongPollServer(long groupId) throws InterruptedException {
        JsonNode response = call("groups.getLongPollServer", Map.of("group_id", Long.toString(groupId)));
        String server = response.path("server").asText("");
        String key = response.path("key").asText("");
        JsonNode ts = response.path("ts");
        if (server.isEmpty() || key.isEmpty() || !(ts.isTextual() || ts.isIntegralNumber())) {
            throw new VkApiException("groups.getLongPollServer", VkApiException.NO_RESPONSE,
                    "the answer has no server, key and ts");
        }
        // the server comes with its scheme ("https://lp.vk.com/wh123"); old sessions named the host only
        return new LongPollServer(server.contains("://") ? server : "https://" + server, key, ts.asText());
    }

    @Override
    public JsonNode checkLongPoll(LongPollServer server, String ts, int waitSeconds) throws InterruptedException {
        String url = server.server() + (server.server().contains("?") ? "&" : "?") + "act=a_check&key="
                + encode(server.key()) + "&ts=" + encode(ts) + "&wait=" + waitSeconds;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(waitSeconds).plus(POLL_MARGIN))
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new VkApiException("long poll", VkApiException.NO_RESPONSE, "the long poll server is not a URL");
        }
        HttpResponse<byte[]> response = send("long poll", request, HttpResponse.BodyHandlers.ofByteArray(),
                server.key());
        JsonNode answer = parse(response.body());
        if (response.statusCode() != 200 || answer == null || !answer.isObject()) {
            throw new VkApiException("long poll", VkApiException.NO_RESPONSE,
                    "HTTP " + response.statusCode() + " without a long poll answer");
        }
        return answer;
    }

    @Override
    public JsonNode usersGet(Collection<Long> userIds, String fields) throws InterruptedException {
        return call("users.get", Map.of(
                "user_ids", userIds.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "fields", fields));
    }

    @Override
    public long messagesSend(Send message) throws InterruptedException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("peer_id", Long.toString(message.peerId()));
        params.put("random_id", Integer.toString(message.randomId()));
        if (message.text() != null) {
            params.put("message", message.text());
        }
        if (message.attachment() != null) {
            params.put("attachment", message.attachment());
        }
        if (message.forward() != null) {
            params.put("forward", message.forward());
        }
        JsonNode response = call("messages.send", params);
        if (!response.canConvertToLong()) {
            // VK took the message: a retry must not make the hub think it did not
            return 0;
        }
        return response.asLong();
    }

    @Override
    public JsonNode messagesGetById(long groupId, long messageId) throws InterruptedException {
        return call("messages.getById", Map.of("message_ids", Long.toString(messageId),
                "group_id", Long.toString(groupId))).path("items");
    }

    @Override
    public String photosGetMessagesUploadServer(long peerId) throws InterruptedException {
        return uploadUrl("photos.getMessagesUploadServer", Map.of("peer_id", Long.toString(peerId)));
    }

    @Override
    public JsonNode photosSaveMessagesPhoto(String photo, String server, String hash) throws InterruptedException {
        return call("photos.saveMessagesPhoto", Map.of("photo", photo, "server", server, "hash", hash));
    }

    @Override
    public String docsGetMessagesUploadServer(long peerId) throws InterruptedException {
        return uploadUrl("docs.getMessagesUploadServer", Map.of("type", "doc", "peer_id", Long.toString(peerId)));
    }

    @Override
    public JsonNode docsSave(String file, String title) throws InterruptedException {
        return call("docs.save", Map.of("file", file, "title", title));
    }

    private String uploadUrl(String method, Map<String, String> params) throws InterruptedException {
        String url = call(method, params).path("upload_url").asText("");
        if (url.isEmpty()) {
            throw new VkApiException(method, VkApiException.NO_RESPONSE, "the answer has no upload_url");
        }
        return url;
    }

    @Override
    public JsonNode upload(String uploadUrl, String field, Upload file) throws InterruptedException {
        String boundary = "lines-" + HexFormat.of().formatHex(randomBytes());
        String fileName = file.fileName() == null || file.fileName().isBlank() ? field : file.fileName();
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + headerSafe(fileName)
                + "\"\r\n"
                + "Content-Type: " + (file.mimeType() == null ? "application/octet-stream" : headerSafe(file.mimeType()))
                + "\r\n\r\n";
        byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
        byte[] suffix = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            HttpRequest request;
            try {
                // streamed, so a large file never sits in memory as a whole
                request = HttpRequest.newBuilder(URI.create(uploadUrl))
                        .timeout(FILE_TIMEOUT)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                                Collections.enumeration(List.of(new ByteArrayInputStream(prefix), file.content(),
                                        new ByteArrayInputStream(suffix))))))
                        .build();
            } catch (IllegalArgumentException e) {
                throw new VkApiException("upload", VkApiException.NO_RESPONSE, "the upload_url is not a URL");
            }
            HttpResponse<byte[]> response = send("upload", request, HttpResponse.BodyHandlers.ofByteArray(), null);
            JsonNode answer = parse(response.body());
            if (response.statusCode() >= 500 || answer == null || !answer.isObject()) {
                throw new VkApiException("upload", VkApiException.NO_RESPONSE,
                        "HTTP " + response.statusCode() + " without an upload answer");
            }
            if (answer.hasNonNull("error")) {
                // upload servers answer {"error": "ERR_UPLOAD_...: ..."}: the file was refused (type, size)
                JsonNode error = answer.get("error");
                throw new VkApiException("upload", VkApiException.REFUSED,
                        "the upload server refused the file: " + scrub(error.isTextual() ? error.asText()
                                : error.toString(), null));
            }
            return answer;
        } finally {
            closeQuietly(file.content());
        }
    }

    @Override
    public AttachmentContent download(String url) throws InterruptedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(FILE_TIMEOUT).GET().build();
        } catch (IllegalArgumentException e) {
            throw new VkApiException("download", VkApiException.REFUSED, "the file's address is not a URL");
        }
        HttpResponse<InputStream> response = send("download", request, HttpResponse.BodyHandlers.ofInputStream(),
                null);
        if (response.statusCode() != 200) {
            closeQuietly(response.body());
            int status = response.statusCode();
            // an expired or removed file answers 404 or 403 for good; anything else may pass
            throw new VkApiException("download", status >= 500 ? VkApiException.NO_RESPONSE
                    : VkApiException.REFUSED, "the file could not be downloaded: HTTP " + status);
        }
        Long size = response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst().orElse(null);
        String mimeType = response.headers().firstValue("Content-Type").orElse(null);
        return new AttachmentContent(response.body(), mimeType, size);
    }

    /** Calls a method; VK answers {@code {"response": ...}} or {@code {"error": {"error_code", "error_msg"}}}. */
    private JsonNode call(String method, Map<String, String> params) throws InterruptedException {
        StringJoiner form = new StringJoiner("&");
        params.forEach((name, value) -> form.add(encode(name) + "=" + encode(value)));
        form.add("access_token=" + encode(token));
        form.add("v=" + encode(version));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/method/" + method))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response = send(method, request, HttpResponse.BodyHandlers.ofByteArray(), null);
        JsonNode answer = parse(response.body());
        if (answer == null || !answer.isObject()) {
            throw new VkApiException(method, VkApiException.NO_RESPONSE,
                    "HTTP " + response.statusCode() + " without a VK API answer");
        }
        JsonNode error = answer.path("error");
        if (error.isObject()) {
            throw new VkApiException(method, error.path("error_code").asInt(VkApiException.NO_RESPONSE),
                    scrub(error.path("error_msg").asText("no error_msg"), null));
        }
        if (!answer.has("response")) {
            throw new VkApiException(method, VkApiException.NO_RESPONSE,
                    "HTTP " + response.statusCode() + " without a response");
        }
        return answer.get("response");
    }

    /**
     * Sends and waits; an interrupt (a stopping account) cancels the request at once instead of waiting for the end
     * of a long poll. Not {@code sendAsync}: with a client executor of its own, the JDK hands each answer to
     * {@code CompletableFuture}'s default executor, which on two cores or fewer is a new thread per answer.
     */
    private <T> HttpResponse<T> send(String what, HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                     String alsoSecret) throws InterruptedException {
        try {
            return client().send(request, handler);
        } catch (IOException e) {
            // HttpClient.send wraps the failure in an exception of its own, often a plain IOException
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = cause.getMessage();
            throw new VkApiException(what, VkApiException.NO_RESPONSE, "could not reach VK: "
                    + cause.getClass().getSimpleName() + (message == null ? "" : " " + scrub(message, alsoSecret)));
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Keeps the token (and a long-poll key) out of anything VK or the JDK reports. */
    private String scrub(String text, String alsoSecret) {
        String scrubbed = text.replace(token, "<token>");
        return alsoSecret == null || alsoSecret.isEmpty() ? scrubbed : scrubbed.replace(alsoSecret, "<key>");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Keeps a file name or type from breaking out of its multipart header. */
    private static String headerSafe(String value) {
        return value.replace("\"", "%22").replace("\r", " ").replace("\n", " ");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
