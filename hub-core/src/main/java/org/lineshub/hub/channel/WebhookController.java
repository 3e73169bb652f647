package org.lineshub.hub.channel;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public webhook paths in Spring MVC, where the OpenAPI document finds them. Platforms' deliveries (POST) are
 * answered before they get here, by {@link WebhookFastPath}; this takes the rest: other methods (verification
 * handshakes, a web chat's pages and files, its live socket) and paths the fast path leaves to MVC. {@link
 * WebhookReceiver} answers both alike.
 */
@RestController
@Tag(name = "Webhooks", description = "Where messaging platforms deliver updates (no authentication: the plugin "
        + "checks the platform's signature)")
class WebhookController {

    private final WebhookReceiver receiver;

    WebhookController(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    @RequestMapping(path = {"/webhooks/{key}", "/webhooks/{key}/**"}, method = {RequestMethod.POST, RequestMethod.GET,
            RequestMethod.PUT, RequestMethod.OPTIONS})
    @Operation(summary = "Receive a platform's webhook for one channel account",
            description = "Answered by the channel plugin: 200 (or the plugin's answer, e.g. a verification "
                    + "handshake) once the update is stored; 4xx when the plugin refuses it (bad signature 401/403, "
                    + "malformed body 400); 404 for an unknown key; 503 while the account is not running (stopped, "
                    + "restarting, its plugin stopped or reloading, failed), the update could not be stored or the "
                    + "plugin failed on it, so the platform delivers again. Paths below the address "
                    + "(`/webhooks/{key}/...`) reach the same plugin, which may serve pages and files there (the web "
                    + "chat's widget).")
    ResponseEntity<Object> receive(@PathVariable String key, HttpServletRequest request) throws IOException {
        return receiver.receive(key, request);
    }

    @RequestMapping(path = "/webhooks/shared/{type}", method = {RequestMethod.POST, RequestMethod.GET,
            RequestMethod.PUT})
    @Operation(summary = "Receive a platform's webhook shared by all accounts of a channel type",
            description = "For platforms that deliver every account of one app to one address (WhatsApp Cloud API). "
                    + "The plugin finds each update's account. Same answers as the per-account webhook; 503 while "
                    + "the type's plugin is stopped or reloading and accounts of the type exist; 404 when no plugin "
                    + "offers a shared webhook for the type.")
    ResponseEntity<Object> receiveShared(@PathVariable String type, HttpServletRequest request) throws IOException {
        return receiver.receiveShared(type, request);
    }
}
