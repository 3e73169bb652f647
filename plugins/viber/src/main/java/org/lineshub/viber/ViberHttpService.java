package org.lineshub.viber;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.lineshub.plugin.api.AttachmentContent;

/**
 * {@link ViberService} over the JDK HTTP client: JSON posts to {@code <base>/<method>} with the auth token in the
 * {@code X-Viber-Auth-Token} header, as the REST Bot API asks ("Each API request must include an HTTP Header called
 * X-Viber-Auth-Token containing the account's authentication token"). Viber answers HTTP 200 also for refusals; the
 * JSON {@code status} says whether the call succeeded. The token appears in no log line and no exception.
 */
final class ViberHttpService implements ViberService {

    static final String AUTH_HEADER = "X-Viber-Auth-Token";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** set_webhook waits for Viber's call to the webhook, so it may take a little longer than a send. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Received files are up to 200 MB; this is for the answer's start, the body streams afterwards. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration THREAD_KEEP_ALIVE = Duration.ofSeconds(10);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ObjectMapper json;
    private final String baseUrl;
    private final String token;

    /** Built on first use and dropped by {@link #close()}; guarded by this. */
    private HttpClient client;
    private ThreadPoolExecutor executor;

    /**
     * @param baseUrl the REST API, e.g. {@code https://chatapi.viber.com/pa}
     * @param token   the bot's auth token
     * @param json    the plugin's mapper, used for trees only
     */
    ViberHttpService(URI baseUrl, String token, ObjectMapper json) {
        this.baseUrl = baseUrl.toString().replaceAll("/+$", "");
        this.token = token;
        this.json = json;
    }

    /**
     * Releases the client's threads: threads created by plugin code keep the plugin's class loader reachable as long
     * as they live, so a stopped account must not leave idle HTTP threads behind.
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
     * The client's threads get the platform class loader as context class loader, so none of them pins the plugin's
     * loader through it.
     */
    private synchronized HttpClient client() {
        if (client == null) {
            executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, THREAD_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                    new SynchronousQueue<>(), ViberHttpService::newThread);
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
        Thread thread = new Thread(task, "viber-http-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        return thread;
    }

    @Override
    public JsonNode setWebhook(URI url, List<String> eventTypes) throws InterruptedException {
        ObjectNode params = json.createObjectNode().put("url", url.toString());
        eventTypes.forEach(params.putArray("event_types")::add);
        // without these two flags Viber leaves the user's name and picture out of the callbacks ("User Names and
        // Photos", REST Bot API: "To receive user names and photos, you can pass the send_name and send_photo flags")
        params.put("send_name", true).put("send_photo", true);
        return call("set_webhook", params);
    }

    @Override
    public JsonNode sendMessage(ObjectNode message) throws InterruptedException {
        return call("send_message", message);
    }

    @Override
    public AttachmentContent download(URI media) throws InterruptedException {
        String scheme = media.getScheme() == null ? "" : media.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new ViberApiException("download", ViberApiException.NO_ANSWER, 400, "not an http or https URL");
        }
        HttpRequest request = HttpRequest.newBuilder(media).timeout(DOWNLOAD_TIMEOUT).GET().build();
        HttpResponse<InputStream> response = send("download", request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            closeQuietly(response.body());
            throw new ViberApiException("download", ViberApiException.NO_ANSWER, response.statusCode(),
                    "the file could not be downloaded: HTTP " + response.statusCode());
        }
        Long size = response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst().orElse(null);
        String mimeType = response.headers().firstValue("Content-Type").orElse(null);
        return new AttachmentContent(response.body(), mimeType, size);
    }

    private JsonNode call(String method, ObjectNode params) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/" + method))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(AUTH_HEADER, token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(toBytes(params)))
                .build();
        return result(method, send(method, request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    private byte[] toBytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends and waits; an interrupt (a stopping account) cancels the request at once. Not {@code sendAsync}: with a
     * client executor of its own, the JDK hands each answer to {@code CompletableFuture}'s default executor, which on
     * two cores or fewer is a new thread per answer.
     */
    private <T> HttpResponse<T> send(String method, HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws InterruptedException {
        try {
            return client().send(request, handler);
        } catch (IOException e) {
            // HttpClient.send wraps the failure in an exception of its own, often a plain IOException
            throw new ViberApiException(method, ViberApiException.NO_ANSWER, 0,
                    describe(e.getCause() != null ? e.getCause() : e));
        }
    }

    private JsonNode result(String method, HttpResponse<byte[]> response) {
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (response.statusCode() != 200 || answer == null || !answer.path("status").isIntegralNumber()) {
            throw new ViberApiException(method, ViberApiException.NO_ANSWER, response.statusCode(),
                    "HTTP " + response.statusCode() + " without a REST API answer");
        }
        int status = answer.path("status").asInt();
        if (status != 0) {
            throw new ViberApiException(method, status, response.statusCode(),
                    scrub(answer.path("status_message").asText("status " + status)));
        }
        return answer;
    }

    /** What went wrong on the way; the JDK's messages never carry the header, but the token must never leak. */
    private String describe(Throwable cause) {
        String what = cause == null ? "unknown error" : cause.getClass().getSimpleName();
        String message = cause == null ? null : cause.getMessage();
        return "could not reach Viber: " + what + (message == null ? "" : " " + scrub(message));
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
