package org.lineshub.webchat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ConversationHistory;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.ReceiptStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports that answers reached a visitor's frame (DELIVERED) or were seen there (READ). The hub matches a receipt by
 * the external id it recorded when {@code send} returned, and ignores receipts of ids it does not know yet; an answer
 * pushed from inside {@code send} reaches the browser before that. So a receipt waits until the chat's history shows
 * the answer as sent, looking again after growing pauses, and is reported once.
 */
final class WebchatReceipts {

    private static final Logger LOG = LoggerFactory.getLogger(WebchatReceipts.class);
    /** Pauses before each look at the history: the hub records a send within milliseconds, unless it is busy. */
    private static final long[] PAUSES_MS = {250, 1000, 3000, 10_000, 30_000};

    private final ChannelContext context;
    private final ScheduledExecutorService timer;

    /**
     * @param status the status to report
     * @param upTo   the answer (with {@code exact}) or the newest answer the visitor saw
     * @param exact  whether only {@code upTo} is meant, else every earlier answer too
     * @param at     when it happened
     */
    private record Pending(String chatId, long upTo, boolean exact, ReceiptStatus status, Instant at) {
    }

    WebchatReceipts(ChannelContext context, ScheduledExecutorService timer) {
        this.context = context;
        this.timer = timer;
    }

    /** An answer pushed from {@code send} reached a connection of the chat. */
    void delivered(String chatId, long messageId) {
        schedule(new Pending(chatId, messageId, true, ReceiptStatus.DELIVERED, Instant.now()), 0);
    }

    /** The visitor's frame showed the chat up to this message: every earlier answer is read. */
    void read(String chatId, long upTo) {
        Pending pending = new Pending(chatId, upTo, false, ReceiptStatus.READ, Instant.now());
        submit(() -> attempt(pending, 0));
    }

    /**
     * A frame got the chat's history: answers sent while the visitor was away are delivered now.
     *
     * @param history the history the frame got
     */
    void deliveredWith(String chatId, List<ConversationHistory.Entry> history) {
        List<DeliveryReceipt> receipts = new ArrayList<>();
        Instant now = Instant.now();
        for (ConversationHistory.Entry e : history) {
            if (!e.inbound() && "SENT".equals(e.status()) && e.externalMessageId() != null) {
                receipts.add(new DeliveryReceipt(e.externalMessageId(), ReceiptStatus.DELIVERED, now, null));
            }
        }
        if (!receipts.isEmpty()) {
            submit(() -> report(receipts));
        }
    }

    private void schedule(Pending pending, int attempt) {
        try {
            timer.schedule(() -> attempt(pending, attempt), PAUSES_MS[attempt], TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the account is closing: its receipts go with it
        }
    }

    private void submit(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException e) {
            // the account is closing
        }
    }

    private void attempt(Pending pending, int attempt) {
        List<DeliveryReceipt> receipts = new ArrayList<>();
        boolean waiting = false;
        try {
            for (ConversationHistory.Entry e : context.history().recent(pending.chatId(), WebchatFrames.HISTORY)) {
                boolean meant = pending.exact() ? e.messageId() == pending.upTo() : e.messageId() <= pending.upTo();
                if (e.inbound() || !meant || rank(e.status()) >= rank(pending.status().name())) {
                    continue;
                }
                if (e.externalMessageId() == null) {
                    waiting = true;
                } else {
                    receipts.add(new DeliveryReceipt(e.externalMessageId(), pending.status(), pending.at(), null));
                }
            }
            waiting |= !report(receipts);
        } catch (IllegalStateException e) {
            // the account stopped
            return;
        }
        if (waiting && attempt + 1 < PAUSES_MS.length) {
            schedule(pending, attempt + 1);
        }
    }

    /** @return false when the hub could not record them now */
    private boolean report(List<DeliveryReceipt> receipts) {
        if (receipts.isEmpty()) {
            return true;
        }
        try {
            context.inbound().receipts(receipts);
            return true;
        } catch (NotStoredException e) {
            LOG.debug("Account {}: {} receipts not recorded yet: {}", context.accountId(), receipts.size(),
                    e.getMessage());
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** @return how far a status is; a failed answer is never changed, so it ranks above all */
    private static int rank(String status) {
        if (status == null) {
            return 0;
        }
        return switch (status) {
            case "SENT" -> 1;
            case "DELIVERED" -> 2;
            case "READ" -> 3;
            case "FAILED" -> 4;
            default -> 0;
        };
    }
}
