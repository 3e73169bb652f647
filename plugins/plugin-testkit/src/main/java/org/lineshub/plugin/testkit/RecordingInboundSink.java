package org.lineshub.plugin.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.InboundSink;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.StoreResult;

/**
 * The hub's side of {@link InboundSink} for one account: records what it is handed, and can be told to fail like a
 * hub whose database is down, or to take its time storing.
 */
public final class RecordingInboundSink implements InboundSink {

    /** The batches {@link #store} committed, one entry per call. */
    public final List<List<InboundMessage>> batches = new CopyOnWriteArrayList<>();
    public final List<MessageChange> changes = new CopyOnWriteArrayList<>();
    public final List<Parked> parked = new CopyOnWriteArrayList<>();
    public final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
    /** While positive, every call throws {@link NotStoredException} and counts down. */
    public final AtomicInteger failures = new AtomicInteger();
    /** How long {@link #store} takes, like a slow transaction; zero unless set. */
    public volatile Duration storeTime = Duration.ZERO;
    /** Set when {@link #store} is entered. */
    public final AtomicBoolean storing = new AtomicBoolean();
    /** Set when a thread was interrupted while {@link #store} took its time. */
    public final AtomicBoolean interruptedWhileStoring = new AtomicBoolean();

    /**
     * Something parked in the dead letters.
     *
     * @param raw        the input as the plugin handed it
     * @param reason     why
     * @param externalId the platform's id for it, or {@code null}
     */
    public record Parked(byte[] raw, String reason, String externalId) {

        public String rawText() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    @Override
    public StoreResult store(List<InboundMessage> batch) throws NotStoredException {
        storing.set(true);
        failIfTold();
        try {
            Thread.sleep(storeTime.toMillis());
        } catch (InterruptedException e) {
            interruptedWhileStoring.set(true);
            Thread.currentThread().interrupt();
            throw new NotStoredException("interrupted while storing", e);
        }
        batches.add(List.copyOf(batch));
        return new StoreResult(batch.size(), 0, 0);
    }

    @Override
    public void park(byte[] raw, String reason, String externalId) throws NotStoredException {
        failIfTold();
        parked.add(new Parked(raw.clone(), reason, externalId));
    }

    @Override
    public void receipts(List<DeliveryReceipt> list) throws NotStoredException {
        failIfTold();
        receipts.addAll(list);
    }

    @Override
    public void changed(MessageChange change) throws NotStoredException {
        failIfTold();
        changes.add(change);
    }

    /** @return every message stored, in order */
    public List<InboundMessage> messages() {
        return batches.stream().flatMap(List::stream).toList();
    }

    private void failIfTold() throws NotStoredException {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new NotStoredException("the database is down", null);
        }
    }
}
