package org.lineshub.loopback;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SentMessage;

/**
 * The platform's HTTP API for one account: {@code GET updates}, {@code POST send}, {@code GET files/<ref>}. Failures
 * become the API's exceptions: 429, 5xx and I/O errors are worth retrying, other 4xx are final.
 */
final class LoopbackClient {

    // the client's own threads, ended in close(): a thread the plugin started keeps its classes loaded
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "loopback-http");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(threads)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    LoopbackClient(URI baseUrl) {
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url : url + "/";
    }

    /** Long-polls the updates from {@code offset} on: the platform answers when it has some, or after a while. */
    String updates(long offset) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "updates?offset=" + offset))
                .timeout(Duration.ofSeconds(60)).GET().build();
        return call(request, BodyHandlers.ofString()).body();
    }

    /** Posts a message as a form; the platform answers with its id of the message. */
    SentMessage send(OutboundMessage message, ChannelContext context) throws InterruptedException {
        StringJoiner form = new StringJoiner("&");
        add(form, "chat", message.externalChatId());
        // the hub's id, the same on every attempt: a platform that deduplicates by it makes retries safe
        add(form, "message", Long.toString(message.messageId()));
        add(form, "text", message.text());
        add(form, "sender", message.senderName());
        add(form, "replyTo", message.replyToExternalId());
        for (Attachment file : message.attachments()) {
            try (InputStream content = context.openAttachment(file)) {
                add(form, "file", file.fileName() == null ? "file" : file.fileName());
                add(form, "data", Base64.getEncoder().encodeToString(content.readAllBytes()));
            } catch (IOException e) {
                throw new ChannelTransportException("a file of the message cannot be read", e);
            }
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "send")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        return new SentMessage(call(request, BodyHandlers.ofString()).body().trim(), null);
    }

    /** Streams a received file; the hub closes the stream. */
    AttachmentContent fetch(Attachment attachment) throws InterruptedException {
        String ref = URLEncoder.encode(attachment.externalRef(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "files/" + ref))
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<InputStream> response = call(request, BodyHandlers.ofInputStream());
        Long size = response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst().orElse(null);
        return new AttachmentContent(response.body(), response.headers().firstValue("Content-Type").orElse(null),
                size);
    }

    void close() {
        threads.shutdownNow();
    }

    private <T> HttpResponse<T> call(HttpRequest request, BodyHandler<T> handler) throws InterruptedException {
        try {
            HttpResponse<T> response = http.send(request, handler);
            int status = response.statusCode();
            if (status < 300) {
                return response;
            }
            String reason = response.body() instanceof String text ? text.lines().findFirst().orElse("") : "";
            if (response.body() instanceof Closeable body) {
                body.close();
            }
            if (status == 429 || status >= 500) {
                Duration retryAfter = response.headers().firstValue("Retry-After").filter(s -> s.matches("\\d{1,5}"))
                        .map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(null);
                throw new ChannelTransportException("the platform answered " + status, null, retryAfter);
            }
            throw new ChannelRejectedException("the platform refused with " + status
                    + (reason.isBlank() ? "" : ": " + reason.substring(0, Math.min(200, reason.length()))));
        } catch (IOException e) {
            // the exception's message may contain the URL; the class name says enough
            throw new ChannelTransportException("the platform cannot be reached (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    private static void add(StringJoiner form, String name, String value) {
        if (value != null) {
            form.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
