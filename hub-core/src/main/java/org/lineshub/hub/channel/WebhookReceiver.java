package org.lineshub.hub.channel;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.lineshub.hub.system.Problems;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the public webhook paths answer: {@code /webhooks/{key}} of each channel account, and
 * {@code /webhooks/shared/{type}} of a channel type whose plugin routes one app's updates to its accounts itself. The
 * hub hands the raw request to the plugin's handler, which verifies and maps it and answers only after the message is
 * stored, so the platform delivers again whatever the hub did not store. Bodies are never logged. Platform deliveries
 * reach it through {@link WebhookFastPath}, everything else on these paths through {@link WebhookController}.
 */
@Component
class WebhookReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

    private final ChannelAccountRepository accounts;
    private final ChannelRuntime runtime;
    private final DeadLetterStore deadLetters;

    WebhookReceiver(ChannelAccountRepository accounts, ChannelRuntime runtime, DeadLetterStore deadLetters) {
        this.accounts = accounts;
        this.runtime = runtime;
        this.deadLetters = deadLetters;
    }

    /**
     * @param key     the account's webhook key, from the path
     * @param request the platform's request
     * @return the answer: the plugin's, or a problem
     */
    ResponseEntity<Object> receive(String key, HttpServletRequest request) throws IOException {
        ChannelRuntime.AccountWebhook hook = runtime.webhook(key).orElse(null);
        if (hook == null) {
            // stopped, starting, restarting, or its plugin stopped or reloading: the account may run again soon
            if (accounts.findByWebhookKeyAndDeletedAtIsNull(key).isEmpty()) {
                return problem(HttpStatus.NOT_FOUND, "No channel account has this webhook address");
            }
            return retryLater("The channel account is not running; deliver again");
        }
        if (hook.handler() == null) {
            // settings changed since the account started (say, to receive webhooks): it restarts with them shortly
            if (accounts.findByWebhookKeyAndDeletedAtIsNull(key)
                    .filter(a -> !a.getUpdatedAt().equals(hook.changedAt())).isPresent()) {
                return retryLater("The channel account is restarting; deliver again");
            }
            return problem(HttpStatus.NOT_FOUND, "This channel account does not receive webhooks");
        }
        long id = hook.accountId();
        WebhookRequest in = read(request, subPath(request, key), hook.bodyLimit());
        if (in == null) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "The body is larger than " + hook.bodyLimit() + " bytes");
        }
        try (var mdc = Mdc.of(hook.pluginId(), id)) {
            return answer(hook.handler().handle(in));
        } catch (RejectedInputException e) {
            return rejected(id, in, e);
        } catch (NotStoredException e) {
            LOG.warn("Webhook of account {}: the update was not stored: {}", id, e.getMessage());
            return retryLater("The update could not be stored; deliver it again");
        } catch (RuntimeException | LinkageError e) {
            if (!runtime.isRunning(id)) {
                // the account stopped while its plugin handled the request (a restart, the plugin unloading, the
                // plugin failing once too often)
                LOG.info("Webhook of account {} failed while the account stopped: {}", id, e.toString());
                return retryLater("The channel account is not running; deliver again");
            }
            if (!(e instanceof PluginFailureException)) {
                // the runtime logged the plugin's own failures, without the account's secrets
                LOG.warn("Webhook of account {} could not be handled: {}", id, e.toString());
            }
            // the hub's side failed, not the platform's request: the platform must deliver it again
            return retryLater("The update could not be handled now; deliver it again");
        }
    }

    /**
     * @param type    the channel type, from the path
     * @param request the platform's request
     * @return the answer: the plugin's, or a problem
     */
    ResponseEntity<Object> receiveShared(String type, HttpServletRequest request) throws IOException {
        ChannelRuntime.SharedWebhook hook = runtime.sharedWebhook(type).orElse(null);
        if (hook == null) {
            // while the type's plugin is stopped or reloading, its accounts' platforms must deliver again later
            if (runtime.descriptor(type).isEmpty() && accounts.findByDeletedAtIsNullOrderById().stream()
                    .anyMatch(a -> a.getType().equals(type))) {
                return retryLater("The plugin of channel type " + type + " is not running; deliver again");
            }
            return problem(HttpStatus.NOT_FOUND, "No running plugin offers a shared webhook for channel type " + type);
        }
        int limit = runtime.descriptor(type).map(ChannelDescriptor::webhookBodyLimit)
                .orElse(ChannelDescriptor.DEFAULT_WEBHOOK_BODY_LIMIT);
        WebhookRequest in = read(request, "", limit);
        if (in == null) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "The body is larger than " + limit + " bytes");
        }
        try (var mdc = Mdc.of(hook.pluginId(), 0)) {
            return answer(hook.handler().handle(in, hook.accounts()));
        } catch (RejectedInputException e) {
            return rejected(null, in, e);
        } catch (NotStoredException e) {
            LOG.warn("Shared webhook of {}: the update was not stored: {}", type, e.getMessage());
            return retryLater("The update could not be stored; deliver it again");
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Shared webhook of {} could not be handled", type, e);
            return retryLater("The update could not be handled now; deliver it again");
        }
    }

    private ResponseEntity<Object> rejected(Long accountId, WebhookRequest in, RejectedInputException rejected) {
        LOG.info("Webhook of account {} refused with {}: {}", accountId, rejected.status(), rejected.getMessage());
        if (rejected.status() == HttpStatus.BAD_REQUEST.value()) {
            deadLetters.park(accountId, null, rejected.getMessage(), in.bodyText());
        }
        return problem(HttpStatus.valueOf(rejected.status()), rejected.getMessage());
    }

    private static ResponseEntity<Object> answer(WebhookResponse response) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(response.status());
        response.headers().forEach((name, value) -> {
            if (passedOn(name) && value != null) {
                builder.header(name, value);
            }
        });
        if (response.body().length == 0) {
            return builder.build();
        }
        MediaType type;
        try {
            type = response.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM
                    : MediaType.parseMediaType(response.contentType());
        } catch (IllegalArgumentException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return builder.contentType(type).body(response.body());
    }

    /** @return 503 with Retry-After: the platform is to deliver the update again later */
    static ResponseEntity<Object> retryLater(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", detail, null));
    }

    /** Headers a plugin may not set: the server's framing of the answer, and cookies of the hub's origin. */
    private static boolean passedOn(String header) {
        return !(header.equalsIgnoreCase(HttpHeaders.SET_COOKIE) || header.equalsIgnoreCase("Set-Cookie2")
                || header.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)
                || header.equalsIgnoreCase(HttpHeaders.TRANSFER_ENCODING)
                || header.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) || header.equalsIgnoreCase(HttpHeaders.CONNECTION));
    }

    /** @return what follows {@code /webhooks/<key>} in the request's path, e.g. {@code /widget.js}; may be empty */
    private static String subPath(HttpServletRequest request, String key) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String prefix = "/webhooks/" + key;
        return path.length() > prefix.length() ? path.substring(prefix.length()) : "";
    }

    /** @return the request as the plugin gets it, or {@code null} when the body is larger than the limit */
    private static WebhookRequest read(HttpServletRequest request, String path, int limit) throws IOException {
        byte[] body = readBody(request.getInputStream(), limit);
        if (body == null) {
            return null;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (request.getQueryString() != null) {
            UriComponentsBuilder.newInstance().query(request.getQueryString()).build().getQueryParams()
                    .forEach((k, v) -> query.put(decode(k), v.stream().map(WebhookReceiver::decode).toList()));
        }
        return new WebhookRequest(request.getMethod(), headers, query, body, path, request.getRemoteAddr());
    }

    private static String decode(String value) {
        if (value == null) {
            return "";
        }
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static byte[] readBody(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return Problems.response(status, detail);
    }

}
