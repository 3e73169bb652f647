package org.lineshub.plugin.api;

import java.time.Instant;

/**
 * What the platform answered to a delivered {@link OutboundMessage}.
 *
 * @param externalMessageId the platform's id of the sent message, in the same form as inbound ids of the channel
 * @param providerTime      when the platform says it was sent, or {@code null}
 */
public record SentMessage(String externalMessageId, Instant providerTime) {
}
