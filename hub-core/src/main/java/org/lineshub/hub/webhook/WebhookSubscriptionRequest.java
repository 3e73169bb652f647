package org.lineshub.hub.webhook;

import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/**
 * A webhook subscription as an admin creates or replaces it.
 *
 * @param url     where events are posted: an absolute {@code http} or {@code https} URL
 * @param events  the event types to send, e.g. {@code session.created}
 * @param secret  the key of the requests' signatures; required on creation, omitted on change to keep the stored one
 * @param enabled whether events are sent; {@code true} when omitted
 * @param lineId  only events of this line's sessions (for a transfer: the line it left or joined); omitted for all
 */
record WebhookSubscriptionRequest(@NotBlank @Size(max = 2000) String url, @NotEmpty Set<String> events,
                                  @Size(max = 255) String secret, Boolean enabled, Long lineId) {

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "WebhookSubscriptionRequest[url=" + url + ", events=" + events + ", secret="
                + (secret == null ? "" : "(set)") + ", enabled=" + enabled + ", lineId=" + lineId + "]";
    }
}
