package org.lineshub.hub.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
 * claims them so two senders (or two hub nodes) never send one twice at once, and records the outcome.
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
     * @param limit the most to return
     * @return ids of replies due now, each the oldest pending one of its session
     */
    @Transactional(readOnly = true)
    public List<Long> findDue(int limit) {
        return messages.findDue(clock.instant(), PageRequest.of(0, limit));
    }

    /**
     * @param id    a pending reply
     * @param lease how long this sender owns it
     * @return true when this sender now owns it
     */
    @Transactional
    public boolean claim(long id, Duration lease) {
        Instant now = clock.instant();
        return messages.claim(id, now, now.plus(lease)) == 1;
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
            if (m != null && m.receipt(DeliveryStatus.valueOf(r.status().name()), r.time() == null ? now : r.time(),
                    r.error())) {
                writer.publishUpdated(m, now);
                changed++;
            }
        }
        return changed;
    }

    /** Records a delivered reply. */
    @Transactional
    public void sent(long id, SentMessage result) {
        messages.markSent(id, result == null ? null : result.externalMessageId(),
                result == null ? null : result.providerTime(), clock.instant());
        publishUpdate(id);
    }

    /**
     * Records a failed attempt that will be retried.
     *
     * @param id    the reply
     * @param error why the attempt failed
     * @param wait  how long to wait before the next attempt
     */
    @Transactional
    public void retryLater(long id, String error, Duration wait) {
        messages.markRetry(id, cut(error), clock.instant().plus(wait));
        publishUpdate(id);
    }

    /**
     * Puts a reply back without counting an attempt: its channel account is not running right now.
     *
     * @param id    the reply
     * @param error what the operator sees meanwhile
     * @param wait  how long to wait before looking again
     */
    @Transactional
    public void postpone(long id, String error, Duration wait) {
        messages.postpone(id, cut(error), clock.instant().plus(wait));
    }

    /** Records a reply that will not be delivered. */
    @Transactional
    public void failed(long id, String error) {
        messages.markFailed(id, cut(error));
        publishUpdate(id);
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

    private void publishUpdate(long id) {
        messages.findById(id).ifPresent(m -> writer.publishUpdated(m, clock.instant()));
    }

    private static String cut(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= 1000 ? error : error.substring(0, 997) + "...";
    }
}
