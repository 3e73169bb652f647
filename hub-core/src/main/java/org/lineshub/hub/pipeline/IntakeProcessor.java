package org.lineshub.hub.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.lineshub.hub.blacklist.Blacklist;
import org.lineshub.hub.channel.ChannelTypes;
import org.lineshub.hub.channel.DeadLetterStore;
import org.lineshub.hub.session.Conflicts;
import org.lineshub.hub.session.InboundLimits;
import org.lineshub.hub.session.InboundRecorder;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The store step of {@code hub.inbound}: fits each message of an {@link IntakeBatch} to the columns
 * ({@link InboundLimits}; a message whose ids do not fit is parked), and stores the rest in one transaction; leaves a
 * {@link StoreResult} as the body. The batch is stored in the next group commit ({@link IntakeCommitter}), together
 * with whatever other callers handed in meanwhile, which also settles conflicts with concurrent transactions (the
 * same message delivered twice at once, an operator working on one of the sessions, a deadlock). A batch that fails for any other reason is stored message by message, and the message that cannot
 * be stored is parked with the reason, so one bad message never blocks a channel. Only a failure that has nothing to
 * do with the messages (the database unreachable, conflicts that do not end) fails the batch, which the plugin then
 * leaves to the platform to deliver again.
 */
@Component
class IntakeProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeProcessor.class);
    private final IntakeCommitter committer;
    private final DeadLetterStore deadLetters;
    private final ChannelTypes types;
    private final PipelineMetrics metrics;
    private final Blacklist blacklist;

    IntakeProcessor(IntakeCommitter committer, DeadLetterStore deadLetters, ChannelTypes types,
                    PipelineMetrics metrics, Blacklist blacklist) {
        this.committer = committer;
        this.blacklist = blacklist;
        this.deadLetters = deadLetters;
        this.types = types;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        IntakeBatch in = exchange.getMessage().getMandatoryBody(IntakeBatch.class);
        long accountId = in.accountId();
        List<InboundMessage> batch = storable(accountId, in.messages());
        int parked = in.messages().size() - batch.size();
        exchange.getMessage().setBody(new StoreResult(0, 0, parked));
        if (batch.isEmpty()) {
            return;
        }
        String channel = types.of(accountId);
        try {
            // screening: the blacklist, from memory; a blocked sender's messages are stored as spam
            Set<String> blocked = blacklist.blockedSenders(accountId, channel, batch);
            StoreResult result = store(accountId, batch, parked, blocked);
            metrics.inbound(channel, result.stored(), result.duplicates());
            exchange.getMessage().setBody(result);
        } catch (RuntimeException e) {
            metrics.intakeFailure(channel);
            throw e;
        }
    }

    private StoreResult store(long accountId, List<InboundMessage> batch, int parked, Set<String> blocked)
            throws InterruptedException {
        try {
            InboundRecorder.Result result = record(accountId, batch, blocked);
            return new StoreResult(result.stored(), result.duplicates(), parked);
        } catch (RuntimeException e) {
            if (StoreFailures.notTheMessages(e)) {
                throw e;
            }
            if (batch.size() == 1) {
                park(accountId, batch.get(0), e);
                return new StoreResult(0, 0, parked + 1);
            }
            LOG.info("Account {}: a batch of {} messages could not be stored ({}); storing them one by one",
                    accountId, batch.size(), Conflicts.describe(e));
        }
        int stored = 0;
        int duplicates = 0;
        for (InboundMessage m : batch) {
            try {
                InboundRecorder.Result result = record(accountId, List.of(m), blocked);
                stored += result.stored();
                duplicates += result.duplicates();
            } catch (RuntimeException e) {
                if (StoreFailures.notTheMessages(e)) {
                    // the ones stored so far are duplicates when the platform delivers the batch again
                    throw e;
                }
                park(accountId, m, e);
                parked++;
            }
        }
        return new StoreResult(stored, duplicates, parked);
    }

    /** Records in the lane's next group commit, which settles conflicts with concurrent transactions itself. */
    private InboundRecorder.Result record(long accountId, List<InboundMessage> messages, Set<String> blocked)
            throws InterruptedException {
        return committer.record(accountId, messages, blocked);
    }

    private void park(long accountId, InboundMessage m, RuntimeException cause) {
        String reason = "the message cannot be stored: " + Conflicts.describe(cause);
        try {
            deadLetters.park(accountId, m.externalMessageId(), reason, m.rawPayload());
        } catch (RuntimeException e) {
            if (StoreFailures.notTheMessages(e)) {
                throw e;
            }
            // the payload may hold what the database refused
            deadLetters.park(accountId, m.externalMessageId(), reason + "; payload not kept", null);
        }
    }

    /** Fits each message to the columns; parks the ones whose ids do not fit, as they could never be stored. */
    private List<InboundMessage> storable(long accountId, List<InboundMessage> batch) {
        List<InboundMessage> ok = new ArrayList<>(batch.size());
        for (InboundMessage m : batch) {
            InboundLimits.Fitted fitted = InboundLimits.fit(m);
            if (fitted.problem() != null) {
                deadLetters.park(accountId, m.externalMessageId(), fitted.problem(), m.rawPayload());
                continue;
            }
            if (!fitted.cut().isEmpty()) {
                LOG.debug("Account {}: message {} was cut to fit: {}", accountId, m.externalMessageId(),
                        fitted.cut());
            }
            ok.add(fitted.message());
        }
        return ok;
    }
}
