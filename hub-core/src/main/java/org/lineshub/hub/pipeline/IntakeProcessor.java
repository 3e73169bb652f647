package org.lineshub.hub.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.lineshub.hub.channel.DeadLetterStore;
import org.lineshub.hub.session.InboundRecorder;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * The store step of {@code hub.inbound}: checks each message of an {@link IntakeBatch}, parks the ones the hub cannot
 * store (so one bad message never blocks a channel), and stores the rest in one transaction; leaves a
 * {@link StoreResult} as the body. A unique-key race with a concurrent delivery of
 * the same message, or a deadlock, is retried: the next attempt finds what the other transaction stored.
 */
@Component
class IntakeProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeProcessor.class);
    private static final int ATTEMPTS = 4;
    private static final int MAX_ID = 191;

    private final InboundRecorder recorder;
    private final DeadLetterStore deadLetters;
    private final ChannelTypes types;
    private final PipelineMetrics metrics;

    IntakeProcessor(InboundRecorder recorder, DeadLetterStore deadLetters, ChannelTypes types,
                    PipelineMetrics metrics) {
        this.recorder = recorder;
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
        for (int attempt = 1; ; attempt++) {
            try {
                InboundRecorder.Result result = recorder.record(accountId, batch);
                metrics.inbound(channel, result.stored(), result.duplicates());
                exchange.getMessage().setBody(new StoreResult(result.stored(), result.duplicates(), parked));
                return;
            } catch (DataIntegrityViolationException | PessimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    metrics.intakeFailure(channel);
                    throw e;
                }
                LOG.debug("Intake attempt {} met a concurrent change, retrying: {}", attempt,
                        e.getClass().getSimpleName());
                Thread.sleep(5L * attempt);
            } catch (RuntimeException e) {
                metrics.intakeFailure(channel);
                throw e;
            }
        }
    }

    /** Parks messages whose ids do not fit the hub's keys; they could never be stored. */
    private List<InboundMessage> storable(long accountId, List<InboundMessage> batch) {
        List<InboundMessage> ok = new ArrayList<>(batch.size());
        for (InboundMessage m : batch) {
            String problem = m.externalMessageId().length() > MAX_ID ? "externalMessageId is longer than 191"
                    : m.externalChatId().length() > MAX_ID ? "externalChatId is longer than 191"
                    : m.sender().externalUserId().length() > MAX_ID ? "externalUserId is longer than 191"
                    : m.replyToExternalId() != null && m.replyToExternalId().length() > MAX_ID
                    ? "replyToExternalId is longer than 191"
                    : m.threadKey() != null && m.threadKey().length() > MAX_ID ? "threadKey is longer than 191" : null;
            if (problem == null) {
                ok.add(m);
            } else {
                deadLetters.park(accountId, m.externalMessageId(), problem, m.rawPayload());
            }
        }
        return ok;
    }
}
