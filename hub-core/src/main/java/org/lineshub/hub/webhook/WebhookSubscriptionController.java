package org.lineshub.hub.webhook;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.lineshub.hub.access.AccessService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/api/v1/webhook-subscriptions")
@Tag(name = "Outgoing webhooks", description = "Hub events posted to other systems, signed, retried and kept in "
        + "order per session (admins)")
class WebhookSubscriptionController {

    private static final String SIGNING = " Each delivery is a POST of {\"id\",\"type\",\"at\",\"data\"} (data as in "
            + "the events WebSocket) with the headers X-Hub-Event, X-Hub-Delivery (the same on every attempt), "
            + "X-Hub-Timestamp (seconds) and X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of \"<timestamp>.<body>\" "
            + "keyed with the secret>.";

    private final WebhookSubscriptions subscriptions;
    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final AccessService access;

    WebhookSubscriptionController(WebhookSubscriptions subscriptions, WebhookDeliveries deliveries,
                                  WebhookSender sender, AccessService access) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.sender = sender;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "List webhook subscriptions", description = "Secrets are never returned; secretSet says "
            + "whether one is stored.")
    List<WebhookSubscriptionView> list() {
        access.requireAdmin();
        return subscriptions.list();
    }

    @GetMapping("/event-types")
    @Operation(summary = "List the event types a subscription may name")
    List<String> eventTypes() {
        access.requireAdmin();
        return WebhookEvents.TYPES;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a webhook subscription", description = "url: http or https, without credentials; "
            + "events: types from /event-types; secret: required; lineId: only that line's sessions (a transfer "
            + "counts for the line it left and the one it joined), omitted for all lines; enabled: true when "
            + "omitted. Events that happen from the commit on are delivered." + SIGNING)
    WebhookSubscriptionView create(@Valid @RequestBody WebhookSubscriptionRequest request) {
        access.requireAdmin();
        return subscriptions.create(request);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a webhook subscription")
    WebhookSubscriptionView get(@PathVariable long id) {
        access.requireAdmin();
        return subscriptions.get(id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a webhook subscription", description = "Every field as on creation, except the "
            + "secret: omitted keeps the stored one. Pending deliveries go to the new URL with the new secret; a "
            + "disabled subscription gets no new deliveries and its pending ones wait until it is enabled again.")
    WebhookSubscriptionView update(@PathVariable long id, @Valid @RequestBody WebhookSubscriptionRequest request) {
        access.requireAdmin();
        return subscriptions.update(id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a webhook subscription", description = "Its deliveries, pending ones included, "
            + "are deleted with it.")
    void delete(@PathVariable long id) {
        access.requireAdmin();
        subscriptions.delete(id);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "List a subscription's deliveries", description = "Newest first, each with its status "
            + "(PENDING, DELIVERED, FAILED), attempts and the last attempt's result. Pages: when more follow, the "
            + "Link header (rel=\"next\") names the next page.")
    ResponseEntity<List<WebhookDeliveryView>> deliveries(@PathVariable long id,
                                                         @RequestParam(defaultValue = "50") int limit,
                                                         @RequestParam(required = false) Long before) {
        access.requireAdmin();
        subscriptions.get(id);
        int size = Math.max(1, Math.min(200, limit));
        WebhookDeliveries.Page page = deliveries.page(id, before, size);
        if (page.next() == null) {
            return ResponseEntity.ok(page.deliveries());
        }
        String next = UriComponentsBuilder.fromPath("/api/v1/webhook-subscriptions/{id}/deliveries")
                .queryParam("limit", size).queryParam("before", page.next()).buildAndExpand(id).toUriString();
        return ResponseEntity.ok().header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"").body(page.deliveries());
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @Operation(summary = "Send a delivery again", description = "A delivered or failed delivery goes out again with "
            + "the same delivery id and body, retried like a new one; later deliveries of its session to this "
            + "subscription wait for it. 409 while it is still pending.")
    WebhookDeliveryView redeliver(@PathVariable long id, @PathVariable String deliveryId) {
        access.requireAdmin();
        subscriptions.get(id);
        WebhookDeliveryView view = deliveries.redeliver(id, deliveryId);
        sender.wakeUp();
        return view;
    }
}
