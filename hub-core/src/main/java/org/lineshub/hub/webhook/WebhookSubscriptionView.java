package org.lineshub.hub.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription as the API shows it: the secret is never shown, only whether one is set.
 *
 * @param id        the subscription
 * @param url       where events are posted
 * @param events    the event types sent
 * @param secretSet whether a signing secret is stored
 * @param enabled   whether events are sent
 * @param lineId    the line whose events are sent, or {@code null} for every line
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
record WebhookSubscriptionView(long id, String url, List<String> events, boolean secretSet, boolean enabled,
                               Long lineId, Instant createdAt, Instant updatedAt) {
}
