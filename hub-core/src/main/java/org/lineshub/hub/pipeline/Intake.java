package org.lineshub.hub.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.lineshub.hub.channel.DeadLetterStore;
import org.lineshub.hub.channel.InboundSinks;
import org.lineshub.hub.session.Conflicts;
import org.lineshub.hub.session.InboundLimits;
import org.lineshub.hub.session.InboundRecorder;
import org.lineshub.hub.session.OutboxStore;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.InboundSink;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Message in, the plugin's side: each running account gets a sink bound to its id. Batches travel the
 * {@code hub.inbound} route ({@link PipelineRoutes}), which stores them and returns after the commit; unmappable
 * input, receipts and the client's edits are recorded directly. A failure on the hub's side becomes a
 * {@link NotStoredException}, so the plugin leaves the platform to deliver again; input the database refuses is
 * parked instead, since delivering it again would fail again and hold up the channel.
 */
@Component
class Intake implements InboundSinks {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    private final ProducerTemplate producer;
    private final Supplier<Endpoint> inbound;
    private final DeadLetterStore deadLetters;
    private final InboundRecorder recorder;
    private final OutboxStore outbox;

    Intake(ProducerTemplate producer, DeadLetterStore deadLetters, InboundRecorder recorder, OutboxStore outbox) {
        this.producer = producer;
        this.inbound = PipelineRoutes.endpoint(producer, PipelineRoutes.INBOUND);
        this.deadLetters = deadLetters;
        this.recorder = recorder;
        this.outbox = outbox;
    }

    @Override
    public InboundSink forAccount(long accountId) {
        return new AccountSink(accountId);
    }

    private final class AccountSink implements InboundSink {

        private final long accountId;

        AccountSink(long accountId) {
            this.accountId = accountId;
        }

        @Override
        public StoreResult store(List<InboundMessage> batch) throws NotStoredException {
            if (batch.isEmpty()) {
                return new StoreResult(0, 0, 0);
            }
            try {
                return producer.requestBody(inbound.get(), new IntakeBatch(accountId, batch),
                        StoreResult.class);
            } catch (CamelExecutionException e) {
                throw notStored("the batch", e.getCause() == null ? e : e.getCause());
            } catch (RuntimeException e) {
                throw notStored("the batch", e);
            }
        }

        @Override
        public void park(byte[] raw, String reason, String externalId) throws NotStoredException {
            try {
                deadLetters.park(accountId, externalId, reason,
                        raw == null ? null : new String(raw, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw notStored("parked input", e);
            }
        }

        @Override
        public void receipts(List<DeliveryReceipt> receipts) throws NotStoredException {
            try {
                int changed = outbox.receipts(accountId, receipts);
                LOG.debug("Account {}: {} of {} receipts changed a message", accountId, changed, receipts.size());
            } catch (RuntimeException e) {
                throw notStored("receipts", e);
            }
        }

        @Override
        public void changed(MessageChange change) throws NotStoredException {
            try {
                recorder.change(accountId, InboundLimits.fit(change));
            } catch (RuntimeException e) {
                if (StoreFailures.notTheMessages(e)) {
                    throw notStored("a change", e);
                }
                // a change the database refuses would be reported again and again, holding up the channel
                park(null, "the change cannot be stored: " + Conflicts.describe(e), change.externalMessageId());
            }
        }

        private NotStoredException notStored(String what, Throwable cause) {
            LOG.warn("Account {}: {} was not stored: {}", accountId, what, cause.toString());
            return new NotStoredException(what + " was not stored: " + cause.getClass().getSimpleName(), cause);
        }
    }
}
