package org.lineshub.hub.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lineshub.hub.event.HubEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns each hub event into deliveries for the subscriptions that want it, in the transaction that published the
 * event, just before it commits: the change and its deliveries commit together or not at all, so a crash right after
 * the commit loses no webhook (the other subscribers hear of events only after the commit, from memory). An event
 * published outside a transaction is queued at once.
 */
@Component
class WebhookQueue {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final WebhookSubscriptions subscriptions;
    private final WebhookDeliveries deliveries;
    private final ObjectMapper json;

    WebhookQueue(WebhookSubscriptions subscriptions, WebhookDeliveries deliveries, ObjectMapper json) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.json = json;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void enqueue(HubEvent event) {
        if (!WebhookEvents.TYPES.contains(event.type())) {
            return;
        }
        List<WebhookSubscriptions.Target> targets = subscriptions.enabled();
        if (targets.isEmpty()) {
            return;
        }
        // the event's fields as routes get them (nulls left out), without type and at, which the body has itself
        Map<String, Object> data = json.convertValue(event, MAP);
        data.remove("type");
        data.remove("at");
        Set<Long> lines = WebhookEvents.lineIds(data);
        Long sessionId = WebhookEvents.sessionId(data);
        for (WebhookSubscriptions.Target target : targets) {
            if (target.wants(event.type(), lines)) {
                String deliveryId = UUID.randomUUID().toString();
                deliveries.enqueue(target.id(), deliveryId, event.type(), sessionId, body(deliveryId, event, data));
            }
        }
    }

    private String body(String deliveryId, HubEvent event, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", deliveryId);
        body.put("type", event.type());
        body.put("at", event.at());
        body.put("data", data);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event cannot be written as JSON", e);
        }
    }
}
