package org.lineshub.hub.blacklist;

import java.time.Instant;

/**
 * A blacklist rule.
 *
 * @param id            the rule's id
 * @param kind          what it matches by
 * @param channelType   for {@link RuleKind#IDENTITY}: the channel type; otherwise {@code null}
 * @param accountId     for {@link RuleKind#IDENTITY}: the one account it applies to, or {@code null} for every account
 *                      of the type; otherwise {@code null}
 * @param value         the user id, address, domain or phone digits
 * @param comment       why, for colleagues; may be {@code null}
 * @param expiresAt     when the rule stops matching, or {@code null} for never
 * @param createdBy     who created it, or {@code null} when that user is gone
 * @param createdByName that user's display name, or {@code null}
 * @param createdAt     when it was created
 */
public record BlockRule(long id, RuleKind kind, String channelType, Long accountId, String value, String comment,
                        Instant expiresAt, Long createdBy, String createdByName, Instant createdAt) {

    /** @return whether the rule matches at this time */
    boolean activeAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }
}
