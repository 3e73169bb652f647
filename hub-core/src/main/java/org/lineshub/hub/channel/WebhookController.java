package org.lineshub.hub.channel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.CamelContext;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.lineshub.plugin.api.HubEndpoints;
import org.lineshub.plugin.api.HubHeaders;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.hub.system.EndpointCalls;
import org.lineshub.hub.system.Errors;
import org.lineshub.hub.system.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public webhook path of every channel account, {@code /webhooks/{key}}: the hub hands the raw request to the
 * account's plugin, which verifies and maps it, and answers only after the message is stored, so the platform
 * delivers again whatever the hub did not store. Bodies are never logged.
 */
@RestController
@Tag(name = "Webhooks", description = "Where messaging platforms deliver updates (no authentication: the plugin "
        + "checks the platform's signature)")
class WebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);
    private static final int MAX_BODY = 1024 * 1024;

    private final ChannelAccountRepository accounts;
    private final ChannelRuntime runtime;
    private final CamelContext camel;
    private final DeadLetterStore deadLetters;

    WebhookController(ChannelAccountRepository accounts, ChannelRuntime runtime, CamelContext camel,
                      DeadLetterStore deadLetters) {
        this.accounts = accounts;
        this.runtime = runtime;
        this.camel = camel;
        this.deadLetters = deadLetters;
    }

    @RequestMapping(path = "/webhooks/{key}", method = {RequestMethod.POST, RequestMethod.GET, RequestMethod.PUT})
    @Operation(summary = "Receive a platform's webhook",
            description = "200 once the update is stored; 4xx when the plugin refuses it (bad signature 401/403, "
                    + "malformed body 400); 404 for an unknown key; 503 while the account is not running.")
    ResponseEntity<Object> receive(@PathVariable String key, HttpServletRequest request) throws IOException {
        Long running = runtime.runningAccount(key).orElse(null);
        if (running == null) {
            if (accounts.findByWebhookKeyAndDeletedAtIsNull(key).isEmpty()) {
                return problem(HttpStatus.NOT_FOUND, "No channel account has this webhook address");
            }
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                            "The channel account is not running; deliver again", null));
        }
        long id = running;
        byte[] body = readBody(request.getInputStream());
        if (body == null) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "The body is larger than " + MAX_BODY + " bytes");
        }
        Exchange result = EndpointCalls.send(camel, HubEndpoints.webhook(id), exchange -> {
            for (String name : Collections.list(request.getHeaderNames())) {
                String lower = name.toLowerCase(Locale.ROOT);
                // outside callers must not set the hub's or Camel's own headers
                if (!lower.startsWith("camel") && !lower.startsWith("lines")) {
                    exchange.getMessage().setHeader(name, request.getHeader(name));
                }
            }
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, request.getMethod());
            exchange.getMessage().setHeader(Exchange.HTTP_QUERY, request.getQueryString());
            exchange.getMessage().setHeader(HubHeaders.ACCOUNT_ID, id);
            exchange.getMessage().setBody(body);
        });
        Exception error = result.getException();
        if (error == null) {
            return success(result);
        }
        RejectedInputException rejected = Errors.causeOf(error, RejectedInputException.class);
        if (rejected != null) {
            LOG.info("Webhook of account {} refused with {}: {}", id, rejected.status(), rejected.getMessage());
            if (rejected.status() == HttpStatus.BAD_REQUEST.value()) {
                deadLetters.park(id, null, rejected.getMessage(), new String(body, StandardCharsets.UTF_8));
            }
            return problem(HttpStatus.valueOf(rejected.status()), rejected.getMessage());
        }
        if (Errors.causeOf(error, DirectConsumerNotAvailableException.class) != null) {
            return problem(HttpStatus.NOT_FOUND, "This channel account does not receive webhooks");
        }
        LOG.error("Webhook of account {} could not be handled", id, error);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "The update could not be stored; deliver it again");
    }

    private static ResponseEntity<Object> success(Exchange result) {
        Integer status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String response = result.getMessage().getHeader(HubHeaders.WEBHOOK_RESPONSE, String.class);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status == null ? 200 : status);
        if (response == null) {
            return builder.build();
        }
        String type = result.getMessage().getHeader(HttpHeaders.CONTENT_TYPE, String.class);
        return builder.contentType(type == null ? MediaType.TEXT_PLAIN : MediaType.parseMediaType(type))
                .body(response);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        return bytes.length > MAX_BODY ? null : bytes;
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return Problems.response(status, detail);
    }

}
