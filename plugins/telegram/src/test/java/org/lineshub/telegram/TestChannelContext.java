package org.lineshub.telegram;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
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

/**
 * What the hub would hand the plugin for one account: a {@link RecordingInboundSink}, stored files, and the health
 * calls recorded for assertions. The Telegram plugin runs no Camel routes, so the Camel methods refuse.
 */
final class TestChannelContext implements ChannelContext {

    static final long ACCOUNT_ID = 7;

    private final ChannelSettings settings;
    private final Optional<URI> webhookUrl;

    final RecordingInboundSink sink = new RecordingInboundSink();
    /** Content of outbound attachments by {@link Attachment#localRef()}. */
    final Map<String, byte[]> storedFiles = new ConcurrentHashMap<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final AtomicInteger healthyReports = new AtomicInteger();
    final List<String> failures = new CopyOnWriteArrayList<>();

    TestChannelContext(Map<String, String> settings, Optional<URI> webhookUrl) {
        this.settings = new ChannelSettings(settings);
        this.webhookUrl = webhookUrl;
    }

    @Override
    public long accountId() {
        return ACCOUNT_ID;
    }

    @Override
    public String accountName() {
        return "test bot";
    }

    @Override
    public String pluginId() {
        return "telegram";
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
        byte[] bytes = storedFiles.get(attachment.localRef());
        if (bytes == null) {
            throw new FileNotFoundException("no stored file " + attachment.localRef());
        }
        return new ByteArrayInputStream(bytes);
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
        throw new UnsupportedOperationException("the Telegram plugin runs no Camel routes");
    }

    @Override
    public void addRoutes(RoutesBuilder routes) {
        throw new UnsupportedOperationException("the Telegram plugin runs no Camel routes");
    }

    @Override
    public void addComponent(String name, Component component) {
        throw new UnsupportedOperationException("the Telegram plugin runs no Camel components");
    }
}
