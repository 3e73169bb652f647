package org.lineshub.telegram;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.lineshub.plugin.api.AttachmentContent;

/**
 * {@link TelegramService} over the JDK HTTP client. Requests go to {@code <base>/bot<token>/<method>} with a JSON
 * body, or multipart for uploads. Those URLs contain the token, so they appear in no log line and no exception:
 * failures say which method failed and what Telegram answered, with the token scrubbed from anything the JDK reports.
 */
final class TelegramHttpService implements TelegramService {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Uploads and downloads of up to 50 MB (Telegram's limit) over a slow line. */
    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(5);
    /** Added to a long poll's own timeout, so the network has time to deliver the answer. */
    private static final Duration POLL_MARGIN = Duration.ofSeconds(15);
    private static final Duration THREAD_KEEP_ALIVE = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ObjectMapper json;
    private final String baseUrl;
    private final String token;

    /** Built on first use and dropped by {@link #close()}; guarded by this. */
    private HttpClient client;
    private ThreadPoolExecutor executor;

    /**
     * @param baseUrl the Bot API server, e.g. {@code https://api.telegram.org}
     * @param token   the bot token
     * @param json    the plugin's mapper, used for trees only
     */
    TelegramHttpService(URI baseUrl, String token, ObjectMapper json) {
        this.baseUrl = baseUrl.toString().replaceAll("/+$", "");
        this.token = token;
        this.json = json;
    }

    /**
     * Releases the client's threads. Threads created by plugin code keep the plugin's class loader reachable (through
     * their context class loader and inherited access control context) as long as they live, so an account that
     * stops must not leave idle HTTP threads behind. A later call builds a new client.
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
     * loader through it.
     */
    private synchronized HttpClient client() {
        if (client == null) {
            executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, THREAD_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                    new SynchronousQueue<>(), TelegramHttpService::newThread);
            Thread current = Thread.currentThread();
            ClassLoader previous = current.getContextClassLoader();
            // the selector thread the builder starts inherits the context class loader of the building thread
            current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            try {
                client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .executor(executor)
                        .build();
            } finally {
                current.setContextClassLoader(previous);
            }
        }
        return client;
    }

    private static Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "telegram-http-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        return thread;
    }

    @Override
    public JsonNode getMe() throws InterruptedException {
        return call("getMe", json.createObjectNode(), CALL_TIMEOUT);
    }

    @Override
    public JsonNode getUpdates(long offset, int limit, int timeoutSeconds, List<String> allowedUpdates)
            throws InterruptedException {
        ObjectNode params = json.createObjectNode()
                .put("offset", offset)
                .put("limit", limit)
                .put("timeout", timeoutSeconds);
        allowedUpdates.forEach(params.putArray("allowed_updates")::add);
        JsonNode result = call("getUpdates", params, Duration.ofSeconds(timeoutSeconds).plus(POLL_MARGIN));
        if (!result.isArray()) {
            throw new TelegramApiException("getUpdates", TelegramApiException.NO_RESPONSE,
                    "the result is not an array", null);
        }
        return result;
    }

    @Override
    public JsonNode sendMessage(String chatId, String text, Long replyToMessageId) throws InterruptedException {
        ObjectNode params = json.createObjectNode().put("chat_id", chatId).put("text", text);
        if (replyToMessageId != null) {
            params.set("reply_parameters", replyParameters(replyToMessageId));
        }
        return call("sendMessage", params, CALL_TIMEOUT);
    }

    @Override
    public JsonNode sendPhoto(String chatId, Upload photo, String caption, Long replyToMessageId)
            throws InterruptedException {
        return upload("sendPhoto", "photo", chatId, photo, caption, replyToMessageId);
    }

    @Override
    public JsonNode sendDocument(String chatId, Upload document, String caption, Long replyToMessageId)
            throws InterruptedException {
        return upload("sendDocument", "document", chatId, document, caption, replyToMessageId);
    }

    @Override
    public JsonNode getFile(String fileId) throws InterruptedException {
        return call("getFile", json.createObjectNode().put("file_id", fileId), CALL_TIMEOUT);
    }

    @Override
    public AttachmentContent downloadFile(String filePath) throws InterruptedException {
        String path = Stream.of(filePath.split("/"))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/file/bot" + token + "/" + path))
                .timeout(FILE_TIMEOUT)
                .GET()
                .build();
        HttpResponse<InputStream> response = send("downloadFile", request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            closeQuietly(response.body());
            throw new TelegramApiException("downloadFile", response.statusCode(), "the file could not be downloaded",
                    null);
        }
        Long size = response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst().orElse(null);
        String mimeType = response.headers().firstValue("Content-Type").orElse(null);
        return new AttachmentContent(response.body(), mimeType, size);
    }

    @Override
    public void setWebhook(URI url, String secretToken, List<String> allowedUpdates) throws InterruptedException {
        ObjectNode params = json.createObjectNode().put("url", url.toString()).put("secret_token", secretToken);
        allowedUpdates.forEach(params.putArray("allowed_updates")::add);
        call("setWebhook", params, CALL_TIMEOUT);
    }

    @Override
    public void deleteWebhook(boolean dropPendingUpdates) throws InterruptedException {
        call("deleteWebhook", json.createObjectNode().put("drop_pending_updates", dropPendingUpdates), CALL_TIMEOUT);
    }

    private ObjectNode replyParameters(long messageId) {
        // a reply to a message the client deleted meanwhile is still delivered, just without the quote
        return json.createObjectNode().put("message_id", messageId).put("allow_sending_without_reply", true);
    }

    private JsonNode call(String method, ObjectNode params, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(methodUri(method))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(toBytes(params)))
                .build();
        return result(method, send(method, request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    private JsonNode upload(String method, String field, String chatId, Upload file, String caption,
                            Long replyToMessageId) throws InterruptedException {
        String boundary = "lines-" + HexFormat.of().formatHex(randomBytes());
        StringBuilder head = new StringBuilder();
        formField(head, boundary, "chat_id", chatId);
        if (caption != null) {
            formField(head, boundary, "caption", caption);
        }
        if (replyToMessageId != null) {
            formField(head, boundary, "reply_parameters", replyParameters(replyToMessageId).toString());
        }
        String fileName = file.fileName() == null || file.fileName().isBlank() ? field : file.fileName();
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(field).append("\"; filename=\"")
                .append(headerSafe(fileName)).append("\"\r\n")
                .append("Content-Type: ")
                .append(file.mimeType() == null ? "application/octet-stream" : headerSafe(file.mimeType()))
                .append("\r\n\r\n");
        byte[] prefix = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] suffix = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        // streamed, so a large file never sits in memory as a whole
        HttpRequest request = HttpRequest.newBuilder(methodUri(method))
                .timeout(FILE_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(
                        List.of(new ByteArrayInputStream(prefix), file.content(), new ByteArrayInputStream(suffix))))))
                .build();
        try {
            return result(method, send(method, request, HttpResponse.BodyHandlers.ofByteArray()));
        } finally {
            closeQuietly(file.content());
        }
    }

    private static void formField(StringBuilder body, String boundary, String name, String value) {
        body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\n\r\n")
                .append(value).append("\r\n");
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

    private URI methodUri(String method) {
        return URI.create(baseUrl + "/bot" + token + "/" + method);
    }

    private byte[] toBytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends and waits; an interrupt (a stopping account) cancels the request at once instead of waiting for the end
     * of a long poll. Not {@code sendAsync}: with a client executor of its own, the JDK hands each answer to
     * {@code CompletableFuture}'s default executor, which on two cores or fewer is a new thread per answer.
     */
    private <T> HttpResponse<T> send(String method, HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws InterruptedException {
        try {
            return client().send(request, handler);
        } catch (IOException e) {
            // HttpClient.send wraps the failure in an exception of its own, often a plain IOException
            throw new TelegramApiException(method, TelegramApiException.NO_RESPONSE,
                    describe(e.getCause() != null ? e.getCause() : e), null);
        }
    }

    private JsonNode result(String method, HttpResponse<byte[]> response) {
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            throw new TelegramApiException(method, response.statusCode(),
                    "HTTP " + response.statusCode() + " without a Bot API answer", null);
        }
        if (answer.path("ok").asBoolean(false) && response.statusCode() == 200) {
            return answer.path("result");
        }
        int code = answer.path("error_code").asInt(response.statusCode());
        String description = answer.path("description").asText("HTTP " + response.statusCode());
        JsonNode retryAfter = answer.path("parameters").path("retry_after");
        throw new TelegramApiException(method, code, scrub(description),
                retryAfter.canConvertToLong() ? Duration.ofSeconds(retryAfter.asLong()) : null);
    }

    /** What went wrong on the way, without the URL (the JDK rarely includes it, but the token must never leak). */
    private String describe(Throwable cause) {
        String what = cause == null ? "unknown error" : cause.getClass().getSimpleName();
        String message = cause == null ? null : cause.getMessage();
        return "could not reach the Bot API: " + what + (message == null ? "" : " " + scrub(message));
    }

    private String scrub(String text) {
        return text.replace(token, "<token>");
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
