package org.lineshub.whatsapp;

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
 * {@link WhatsAppService} over the JDK HTTP client: {@code <base>/<version>/...} with the access token as a bearer
 * token. The token is in a header, never in a URL; failures say which call failed and what Meta answered, and the
 * token is scrubbed from anything the JDK reports.
 */
final class WhatsAppHttpService implements WhatsAppService {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Uploads and downloads of up to 100 MB (Meta's document limit) over a slow line. */
    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration THREAD_KEEP_ALIVE = Duration.ofSeconds(10);
    /** A media download may be redirected to a CDN; a few hops are plenty. */
    private static final int MAX_REDIRECTS = 3;
    /**
     * Hosts Meta serves media from ("Download media": the URL from {@code GET /<media-id>} is on
     * {@code lookaside.fbsbx.com}); the access token goes to these and to the configured API host only, so an answer
     * that names another host cannot draw the token out.
     */
    private static final List<String> MEDIA_DOMAINS = List.of("fbsbx.com", "facebook.com", "fbcdn.net",
            "whatsapp.net");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ObjectMapper json;
    private final URI baseUrl;
    private final String version;
    private final String phoneNumberId;
    private final String token;

    /** Built on first use and dropped by {@link #close()}; guarded by this. */
    private HttpClient client;
    private ThreadPoolExecutor executor;

    WhatsAppHttpService(WhatsAppSettings settings, ObjectMapper json) {
        this.baseUrl = settings.apiBaseUrl();
        this.version = settings.apiVersion();
        this.phoneNumberId = settings.phoneNumberId();
        this.token = settings.accessToken();
        this.json = json;
    }

    /**
     * Releases the client's threads: a thread the plugin started keeps its class loader reachable as long as it
     * lives. A later call builds a new client.
     */
    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        executor = null;
        client = null;
    }

    /** The client's threads get the platform class loader as context class loader, so none pins the plugin's. */
    private synchronized HttpClient client() {
        if (client == null) {
            executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, THREAD_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                    new SynchronousQueue<>(), WhatsAppHttpService::newThread);
            Thread current = Thread.currentThread();
            ClassLoader previous = current.getContextClassLoader();
            // the selector thread the builder starts inherits the context class loader of the building thread
            current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            try {
                client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT)
                        // redirects are followed by hand, without the token (see download)
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
        Thread thread = new Thread(task, "whatsapp-http-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        return thread;
    }

    @Override
    public JsonNode sendMessage(ObjectNode message) throws InterruptedException {
        ObjectNode body = json.createObjectNode().put("messaging_product", "whatsapp");
        body.setAll(message);
        HttpRequest request = authorized(graph(phoneNumberId + "/messages"), CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(toBytes(body)))
                .build();
        return answer("send message", send("send message", request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    /**
     * "Upload media": multipart fields {@code messaging_product=whatsapp}, {@code type} (the MIME type) and
     * {@code file}; the answer is {@code {"id":"<MEDIA_ID>"}}.
     */
    @Override
    public String uploadMedia(Upload file) throws InterruptedException {
        String boundary = "lines-" + HexFormat.of().formatHex(randomBytes());
        StringBuilder head = new StringBuilder();
        formField(head, boundary, "messaging_product", "whatsapp");
        formField(head, boundary, "type", file.mimeType());
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"")
                .append(headerSafe(file.fileName())).append("\"\r\n")
                .append("Content-Type: ").append(headerSafe(file.mimeType())).append("\r\n\r\n");
        byte[] prefix = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] suffix = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        // streamed, so a large file never sits in memory as a whole
        HttpRequest request = authorized(graph(phoneNumberId + "/media"), FILE_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(
                        List.of(new ByteArrayInputStream(prefix), file.content(), new ByteArrayInputStream(suffix))))))
                .build();
        try {
            JsonNode answer = answer("upload media", send("upload media", request,
                    HttpResponse.BodyHandlers.ofByteArray()));
            String id = answer.path("id").asText("");
            if (id.isEmpty()) {
                throw new WhatsAppApiException("upload media", 200, WhatsAppApiException.NO_CODE,
                        "the answer carries no media id", null);
            }
            return id;
        } finally {
            closeQuietly(file.content());
        }
    }

    /**
     * "Retrieve media URL" then "Download media": {@code GET /<media-id>} answers {@code url}, {@code mime_type},
     * {@code sha256}, {@code file_size}; the URL is valid for 5 minutes and is downloaded with the access token.
     */
    @Override
    public AttachmentContent downloadMedia(String mediaId) throws InterruptedException {
        HttpRequest lookup = authorized(graph(URLEncoder.encode(mediaId, StandardCharsets.UTF_8)), CALL_TIMEOUT)
                .GET().build();
        JsonNode media = answer("retrieve media", send("retrieve media", lookup,
                HttpResponse.BodyHandlers.ofByteArray()));
        URI url;
        try {
            url = URI.create(media.path("url").asText(""));
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || url.getHost() == null || !trusted(url)) {
            throw new WhatsAppApiException("retrieve media", 200, WhatsAppApiException.NO_CODE,
                    "the answer names no download URL of Meta's", null);
        }
        HttpResponse<InputStream> response = download(url);
        // file_size comes as a string ("303833") or a number, depending on the version
        Long size = response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst()
                .orElseGet(() -> parseLong(media.path("file_size").asText("")));
        String mimeType = media.path("mime_type").isTextual() ? media.path("mime_type").asText()
                : response.headers().firstValue("Content-Type").orElse(null);
        return new AttachmentContent(response.body(), mimeType, size);
    }

    /** Downloads with the token; a redirect (to a CDN) is followed without it. */
    private HttpResponse<InputStream> download(URI url) throws InterruptedException {
        URI next = url;
        boolean withToken = true;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(next).timeout(FILE_TIMEOUT).GET();
            if (withToken) {
                builder.header("Authorization", "Bearer " + token);
            }
            HttpResponse<InputStream> response = send("download media", builder.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status == 200) {
                return response;
            }
            closeQuietly(response.body());
            String location = response.headers().firstValue("Location").orElse(null);
            if (status / 100 != 3 || location == null) {
                throw new WhatsAppApiException("download media", status, WhatsAppApiException.NO_CODE,
                        "HTTP " + status, null);
            }
            next = next.resolve(location);
            withToken = false;
        }
        throw new WhatsAppApiException("download media", 310, WhatsAppApiException.NO_CODE, "too many redirects",
                null);
    }

    private boolean trusted(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.equalsIgnoreCase(baseUrl.getHost())) {
            return true;
        }
        return "https".equalsIgnoreCase(url.getScheme())
                && MEDIA_DOMAINS.stream().anyMatch(d -> host.equals(d) || host.endsWith("." + d));
    }

    private URI graph(String path) {
        return URI.create(baseUrl + "/" + version + "/" + path);
    }

    private HttpRequest.Builder authorized(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", "Bearer " + token);
    }

    private static void formField(StringBuilder body, String boundary, String name, String value) {
        body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
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

    private byte[] toBytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends and waits; an interrupt (a stopping hub) cancels the request at once. Not {@code sendAsync}: with a
     * client executor of its own, the JDK hands each answer to {@code CompletableFuture}'s default executor, which on
     * two cores or fewer is a new thread per answer.
     */
    private <T> HttpResponse<T> send(String call, HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws InterruptedException {
        try {
            return client().send(request, handler);
        } catch (IOException e) {
            // HttpClient.send wraps the failure in an exception of its own, often a plain IOException
            throw new WhatsAppApiException(call, WhatsAppApiException.NO_RESPONSE, WhatsAppApiException.NO_CODE,
                    describe(e.getCause() != null ? e.getCause() : e), null);
        }
    }

    /** @return the answer's JSON when it is a 2xx, else the Graph error it carries as an exception */
    private JsonNode answer(String call, HttpResponse<byte[]> response) {
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        int status = response.statusCode();
        if (status / 100 == 2 && answer != null && answer.isObject()) {
            return answer;
        }
        Duration retryAfter = response.headers().firstValue("Retry-After").filter(s -> s.matches("\\d{1,5}"))
                .map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(null);
        JsonNode error = answer == null ? null : answer.path("error");
        if (error == null || !error.isObject()) {
            throw new WhatsAppApiException(call, status, WhatsAppApiException.NO_CODE,
                    "HTTP " + status + " without a Graph API answer", retryAfter);
        }
        int code = error.path("code").canConvertToInt() ? error.path("code").asInt() : WhatsAppApiException.NO_CODE;
        String message = error.path("message").asText("HTTP " + status);
        String details = error.path("error_data").path("details").asText("");
        String reason = details.isEmpty() || message.contains(details) ? message : message + " (" + details + ")";
        throw new WhatsAppApiException(call, status, code, cut(scrub(reason)), retryAfter);
    }

    /** What went wrong on the way, with the token scrubbed should the JDK ever include a header. */
    private String describe(Throwable cause) {
        String what = cause == null ? "unknown error" : cause.getClass().getSimpleName();
        String message = cause == null ? null : cause.getMessage();
        return "could not reach the Graph API: " + what + (message == null ? "" : " " + scrub(message));
    }

    private String scrub(String text) {
        return text.replace(token, "<token>");
    }

    private static String cut(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    private static Long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
