package org.lineshub.plugin.api;

import java.time.Instant;

/**
 * The platform's report on a message the hub sent through this account (WhatsApp {@code statuses}, Viber
 * {@code delivered}/{@code seen}/{@code failed}, an email bounce).
 *
 * @param externalMessageId the platform's id of the sent message, as the plugin returned it in
 *                          {@link SentMessage#externalMessageId()}
 * @param status            what happened
 * @param time              when the platform says it happened, or {@code null} for now
 * @param error             for {@link ReceiptStatus#FAILED}, the platform's reason without secrets; otherwise
 *                          {@code null}
 */
public record DeliveryReceipt(String externalMessageId, ReceiptStatus status, Instant time, String error) {

    /** Checks the id and the status. */
    public DeliveryReceipt {
        if (externalMessageId == null || externalMessageId.isBlank()) {
            throw new IllegalArgumentException("externalMessageId is required");
        }
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
    }
}
