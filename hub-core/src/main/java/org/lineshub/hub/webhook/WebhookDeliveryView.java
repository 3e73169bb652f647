package org.lineshub.hub.webhook;

import java.time.Instant;

/**
 * One delivery of an event to a subscription, as the API shows it.
 *
 * @param id             the delivery id: the {@code X-Hub-Delivery} header and the body's {@code id}
 * @param eventType      the event type
 * @param sessionId      the session the event is about, or {@code null}
 * @param status         {@code PENDING} (waiting for its first or next attempt), {@code DELIVERED} or {@code FAILED}
 * @param attempts       attempts so far (since it was last sent again)
 * @param nextAttemptAt  when it is tried next, while pending
 * @param lastStatusCode the HTTP status of the last attempt, or {@code null} when there was no answer
 * @param lastError      why the last attempt failed, or {@code null}
 * @param createdAt      when the event happened and the delivery was queued
 * @param lastAttemptAt  when it was last tried, or {@code null}
 */
record WebhookDeliveryView(String id, String eventType, Long sessionId, String status, int attempts,
                           Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt,
                           Instant lastAttemptAt) {
}
