package org.lineshub.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.RoutesBuilder;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.InboundSink;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.StoreResult;

/** The hub around one mailbox in the plugin's tests: a real Camel context and a sink that records what arrives. */
final class TestChannelContext implements ChannelContext, InboundSink {

    final CamelContext camel;
    final ChannelSettings settings;
    final List<InboundMessage> messages = new CopyOnWriteArrayList<>();
    final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
    final List<String> parked = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    /** While positive, store fails and counts down. */
    final AtomicInteger storeFailures = new AtomicInteger();
    volatile String failure;

    TestChannelContext(CamelContext camel, Map<String, String> settings) {
        this.camel = camel;
        this.settings = new ChannelSettings(settings);
    }

    @Override
    public long accountId() {
        return 7;
    }

    @Override
    public String accountName() {
        return "support mailbox";
    }

    @Override
    public String pluginId() {
        return "email";
    }

    @Override
    public ChannelSettings settings() {
        return settings;
    }

    @Override
    public InboundSink inbound() {
        return this;
    }

    @Override
    public Optional<URI> webhookUrl() {
        return Optional.empty();
    }

    @Override
    public InputStream openAttachment(Attachment attachment) throws IOException {
        byte[] bytes = files.get(attachment.localRef());
        if (bytes == null) {
            throw new IOException("no such file");
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public String storeFile(InputStream content, long maxBytes) throws IOException {
        byte[] bytes = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw new IOException("the file is larger than " + maxBytes + " bytes");
        }
        String ref = "f" + files.size();
        files.put(ref, bytes);
        return ref;
    }

    @Override
    public void reportProblem(String reason) {
        problems.add(reason);
    }

    @Override
    public void reportHealthy() {
    }

    @Override
    public void fail(String reason) {
        failure = reason;
    }

    @Override
    public CamelContext camelContext() {
        return camel;
    }

    @Override
    public void addRoutes(RoutesBuilder routes) throws Exception {
        camel.addRoutes(routes);
    }

    @Override
    public void addComponent(String name, Component component) {
        camel.addComponent(name, component);
    }

    @Override
    public StoreResult store(List<InboundMessage> batch) throws NotStoredException {
        if (storeFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new NotStoredException("the database is down", null);
        }
        messages.addAll(batch);
        return new StoreResult(batch.size(), 0, 0);
    }

    @Override
    public void park(byte[] raw, String reason, String externalId) {
        parked.add(reason);
    }

    @Override
    public void receipts(List<DeliveryReceipt> list) {
        receipts.addAll(list);
    }

    @Override
    public void changed(MessageChange change) {
        throw new UnsupportedOperationException("mail is never edited");
    }
}
