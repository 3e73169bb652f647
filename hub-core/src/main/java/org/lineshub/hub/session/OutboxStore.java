package org.lineshub.hub.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.lineshub.hub.channel.ChannelAccount;
import org.lineshub.hub.channel.ChannelAccountRepository;
import org.lineshub.hub.line.Line;
import org.lineshub.hub.line.LineRepository;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SentMessage;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbox: outbound messages are stored as PENDING with the reply, and this store hands them to the sender,
 * claims them so two senders (or two hub nodes) never send one twice at once, and records the outcome. Claims are
 * fenced: each names its holder, the holder renews it while a send runs, and an outcome is recorded only by the
 * holder, so a sender whose claim was taken over changes nothing.
 */
@Service
public class OutboxStore {

    private final MessageRepository messages;
    private final MessageAttachmentRepository attachments;
    private final SessionRepository sessions;
    private final ChannelAccountRepository accounts;
    private final LineRepository lines;
    private final SessionWriter writer;
    private final Clock clock;

    OutboxStore(MessageRepository messages, MessageAttachmentRepository attachments, SessionRepository sessions,
                ChannelAccountRepository accounts, LineRepository lines, SessionWriter writer, Clock clock) {
        this.messages = messages;
        this.attachments = attachments;
        this.sessions = sessions;
        this.accounts = accounts;
        this.lines = lines;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * @param excludedAccounts accounts whose replies the caller leaves alone for now
     * @param limit            the most to return
     * @return replies due now, each the oldest pending one of its session, oldest first
     */
    @Transactional(readOnly = true)
    public List<Due> findDue(Collection<Long> excludedAccounts, int limit) {
        // NOT IN () is not SQL; no account has id 0
        Collection<Long> excluded = excludedAccounts.isEmpty() ? List.of(0L) : excludedAccounts;
        return messages.findDue(clock.instant(), excluded, PageRequest.of(0, limit));
    }

    /**
     * A reply due for sending.
     *
     * @param id        the message
     * @param accountId the channel account it goes through
     */
    public record Due(long id, Long accountId) {
    }

    /**
     * Claims a pending reply for one sender. The claim is fenced: until it expires nobody else can claim the reply,
     * and only {@code owner} records its outcome, even after it expired.
     *
     * @param id    a pending reply
     * @param owner who claims it, unique per claim
     * @param lease how long the claim lasts unless renewed
     * @return true when {@code owner} now holds it
     */
    @Transactional
    public boolean claim(long id, String owner, Duration lease) {
        Instant now = clock.instant();
        return messages.claim(id, owner, now, now.plus(lease)) == 1;
    }

    /**
     * Claims several pending replies for one holder in one transaction, as {@link #claim} claims one.
     *
     * @param ids   pending replies
     * @param owner who claims them, unique per claim
     * @param lease how long the claims last unless renewed
     * @return the replies {@code owner} now holds
     */
    @Transactional
    public Set<Long> claimAll(Collection<Long> ids, String owner, Duration lease) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Instant now = clock.instant();
        if (messages.claimAll(ids, owner, now, now.plus(lease)) == 0) {
            return Set.of();
        }
        return new HashSet<>(messages.findClaimedBy(ids, owner));
    }

    /**
     * Extends a claim while its sender is still at work, so that a slow send is never taken over.
     *
     * @param id    a claimed reply
     * @param owner the claim's holder
     * @param lease how long from now
     * @return false when the reply is no longer pending or another sender holds it
     */
    @Transactional
    public boolean renew(long id, String owner, Duration lease) {
        return messages.renew(id, owner, clock.instant().plus(lease)) == 1;
    }

    /**
     * @param id a claimed reply
     * @return what to hand the channel plugin, and through which account
     * @throws AccountGoneException when the reply's channel account was deleted
     */
    @Transactional(readOnly = true)
    public Outgoing assemble(long id) {
        Message m = messages.findById(id).orElseThrow(() -> new IllegalStateException("message " + id + " is gone"));
        Session session = sessions.findById(m.getSessionId()).orElseThrow();
        ChannelAccount account = accounts.findById(session.getAccountId()).orElseThrow();
        if (account.getDeletedAt() != null) {
            throw new AccountGoneException(account.getId());
        }
        Line line = lines.findById(session.getLineId()).orElse(null);
        boolean showOperator = line != null && line.isShowOperatorName();
        OutboundOptions options = writer.outboundOptions(m.getOutboundOptions());
        List<String> latest = messages.findLatestExternalIds(session.getId(), PageRequest.of(0, 1));
        return new Outgoing(account.getId(), OutboundMessage.builder(m.getId(), session.getId(),
                        session.getExternalChatId())
                .threadKey(session.getThreadKey())
                .subject(session.getSubject())
                .text(m.getText())
                .attachments(attachments.findByMessageIdOrderByPosition(id).stream()
                        .map(MessageAttachment::toSpi).toList())
                .buttons(options == null ? List.of() : options.buttons())
                .template(options == null ? null : options.template())
                .replyToExternalId(m.getReplyToExternalId())
                .latestExternalId(latest.isEmpty() ? null : latest.get(0))
                .senderName(showOperator ? m.getAuthorName() : null)
                .lineName(line == null ? null : line.getName())
                .partsSent(m.getPartsSent())
                .build());
    }

    /**
     * A reply ready for its channel.
     *
     * @param accountId the channel account to send it through
     * @param message   what the plugin gets
     */
    public record Outgoing(long accountId, OutboundMessage message) {
    }

    /**
     * Applies a platform's receipts for messages sent through an account; receipts for unknown messages are ignored.
     *
     * @param accountId the account that reported them
     * @param receipts  the receipts, in the platform's order
     * @return how many changed a message
     */
    @Transactional
    public int receipts(long accountId, List<DeliveryReceipt> receipts) {
        Instant now = clock.instant();
        int changed = 0;
        for (DeliveryReceipt r : receipts) {
            Message m = messages.lockByExternalId(accountId, r.externalMessageId()).orElse(null);
            Instant at = PlatformValues.plausibleTime(r.time(), now);
            if (m != null && m.receipt(DeliveryStatus.valueOf(r.status().name()), at == null ? now : at,
                    r.error())) {
                writer.publishUpdated(m, now);
                changed++;
            }
        }
        return changed;
    }

    /**
     * Records a reply the platform accepted, with what the platform answered made to fit: an id longer than the
     * column is cut, a time no clock shows is dropped.
     *
     * @param id     the reply
     * @param owner  the claim's holder
     * @param result what the platform answered, or {@code null}
     * @return false when {@code owner} does not hold the pending reply: nothing changed
     */
    @Transactional
    public boolean sent(long id, String owner, SentMessage result) {
        Instant now = clock.instant();
        String externalId = result == null ? null : PlatformValues.cut(result.externalMessageId(), InboundLimits.ID);
        Instant providerTime = result == null ? null : PlatformValues.plausibleTime(result.providerTime(), now);
        return published(id, messages.markSent(id, owner, externalId, providerTime, now));
    }

    /**
     * Records a reply the platform accepted without what the platform answered, when that cannot be stored: the
     * reply must never go out again.
     *
     * @return false when {@code owner} does not hold the pending reply: nothing changed
     */
    @Transactional
    public boolean sentWithoutDetails(long id, String owner) {
        return published(id, messages.markSent(id, owner, null, null, clock.instant()));
    }

    /**
     * Records a failed attempt that will be retried.
     *
     * @param id        the reply
     * @param owner     the claim's holder
     * @param error     why the attempt failed
     * @param wait      how long to wait before the next attempt
     * @param partsSent how many leading parts of the reply the platform accepted so far; the count never goes down
     * @return false when {@code owner} does not hold the pending reply: nothing changed
     */
    @Transactional
    public boolean retryLater(long id, String owner, String error, Duration wait, int partsSent) {
        return published(id, messages.markRetry(id, owner, cut(error), clock.instant().plus(wait), partsSent));
    }

    /**
     * Puts a reply back without counting an attempt: its channel account is not running right now.
     *
     * @param id    the reply
     * @param owner the claim's holder
     * @param error what the operator sees meanwhile
     * @param wait  how long to wait before looking again
     * @return false when {@code owner} does not hold the pending reply: nothing changed
     */
    @Transactional
    public boolean postpone(long id, String owner, String error, Duration wait) {
        return messages.postpone(id, owner, cut(error), clock.instant().plus(wait)) == 1;
    }

    /**
     * Records a reply that will not be delivered.
     *
     * @param id        the reply
     * @param owner     the claim's holder
     * @param error     why
     * @param partsSent how many leading parts of the reply the platform accepted before, as the plugin reported
     * @return false when {@code owner} does not hold the pending reply: nothing changed
     */
    @Transactional
    public boolean failed(long id, String owner, String error, int partsSent) {
        // a scalar query: an entity loaded here would be the stale one published after the update
        int parts = Math.max(partsSent, messages.findPartsSent(id).orElse(0));
        String reason = parts == 0 ? error : error + " (the client got the first " + parts
                + (parts == 1 ? " part" : " parts") + " of the message)";
        return published(id, messages.markFailed(id, owner, cut(reason), parts));
    }

    /** @return whether the reply still waits to be delivered */
    @Transactional(readOnly = true)
    public boolean isPending(long id) {
        return messages.findById(id).map(m -> m.getDeliveryStatus() == DeliveryStatus.PENDING).orElse(false);
    }

    /** @return the number of replies waiting to be delivered */
    @Transactional(readOnly = true)
    public long pendingCount() {
        return messages.countByDeliveryStatus(DeliveryStatus.PENDING);
    }

    /** @return how many attempts a reply has had */
    @Transactional(readOnly = true)
    public int attempts(long id) {
        return messages.findById(id).map(Message::getAttempts).orElse(0);
    }

    private boolean published(long id, int changed) {
        if (changed == 1) {
            messages.findById(id).ifPresent(m -> writer.publishUpdated(m, clock.instant()));
        }
        return changed == 1;
    }

    private static String cut(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= 1000 ? error : error.substring(0, 997) + "...";
    }
}
