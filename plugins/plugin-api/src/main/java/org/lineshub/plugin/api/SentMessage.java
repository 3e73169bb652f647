package org.lineshub.plugin.api;

import java.time.Instant;

/**
 * What the platform answered to a delivered {@link OutboundMessage}. The hub cuts values that do not fit its columns
 * and ignores implausible times rather than fail to record a message the platform accepted.
 *
 * @param externalMessageId the platform's id of the sent message (of the last part, when the plugin sent several),
 *                          in the same form as inbound ids of the channel; {@link DeliveryReceipt}s name it; or
 *                          {@code null} when the platform gives none
 * @param providerTime      when the platform says it was sent, or {@code null}
 */
public record SentMessage(String externalMessageId, Instant providerTime) {
}
