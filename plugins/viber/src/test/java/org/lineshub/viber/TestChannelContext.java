package org.lineshub.viber;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
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
import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelSettings;

/**
 * What the hub would hand the plugin for one account: a {@link RecordingInboundSink}, a file store, the account's
 * state (in memory), and the health calls recorded for assertions. The Viber plugin runs no Camel routes, so the Camel methods refuse.
 */
final class TestChannelContext implements ChannelContext {

    static final long ACCOUNT_ID = 7;

    private final ChannelSettings settings;
    private final Optional<URI> webhookUrl;
    private final AccountState state;
    private final AtomicInteger fileRefs = new AtomicInteger();

    final RecordingInboundSink sink = new RecordingInboundSink();
    /** The hub's files by reference: outbound attachments, and what {@link #storeFile} kept. */
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final AtomicInteger healthyReports = new AtomicInteger();
    final List<String> failures = new CopyOnWriteArrayList<>();

    TestChannelContext(Map<String, String> settings, Optional<URI> webhookUrl) {
        this(settings, webhookUrl, AccountState.inMemory());
    }

    /** @param state the account's state; the one an earlier context of the account had, to play a restart */
    TestChannelContext(Map<String, String> settings, Optional<URI> webhookUrl, AccountState state) {
        this.settings = new ChannelSettings(settings);
        this.webhookUrl = webhookUrl;
        this.state = state;
    }

    @Override
    public long accountId() {
        return ACCOUNT_ID;
    }

    @Override
    public String accountName() {
        return "Shop bot";
    }

    @Override
    public String pluginId() {
        return "viber";
    }

    @Override
    public ChannelSettings settings() {
        return settings;
    }

    @Override
    public RecordingInboundSink inbound() {
        return sink;
    }

    @Override
    public Optional<URI> webhookUrl() {
        return webhookUrl;
    }

    @Override
    public InputStream openAttachment(Attachment attachment) throws FileNotFoundException {
        byte[] bytes = files.get(attachment.localRef());
        if (bytes == null) {
            throw new FileNotFoundException("no stored file " + attachment.localRef());
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public String storeFile(InputStream content, long maxBytes) throws IOException {
        byte[] bytes = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw new IOException("the file is larger than " + maxBytes + " bytes");
        }
        String ref = "2026/01/stored-" + fileRefs.incrementAndGet();
        files.put(ref, bytes);
        return ref;
    }

    @Override
    public AccountState state() {
        return state;
    }

    @Override
    public void reportProblem(String reason) {
        problems.add(reason);
    }

    @Override
    public void reportHealthy() {
        healthyReports.incrementAndGet();
    }

    @Override
    public void fail(String reason) {
        failures.add(reason);
    }

    @Override
    public CamelContext camelContext() {
        throw new UnsupportedOperationException("the Viber plugin runs no Camel routes");
    }

    @Override
    public void addRoutes(RoutesBuilder routes) {
        throw new UnsupportedOperationException("the Viber plugin runs no Camel routes");
    }

    @Override
    public void addComponent(String name, Component component) {
        throw new UnsupportedOperationException("the Viber plugin runs no Camel components");
    }
}
