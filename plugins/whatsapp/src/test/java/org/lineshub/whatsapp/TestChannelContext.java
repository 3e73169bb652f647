package org.lineshub.whatsapp;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.RoutesBuilder;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelSettings;

/**
 * What the hub would hand the plugin for one account: a {@link RecordingInboundSink}, stored files, and the health
 * calls recorded for assertions. The WhatsApp plugin runs no Camel routes, so the Camel methods refuse.
 */
final class TestChannelContext implements ChannelContext {

    private final long accountId;
    private final ChannelSettings settings;

    final RecordingInboundSink sink = new RecordingInboundSink();
    /** Content of outbound attachments by {@link Attachment#localRef()}. */
    final Map<String, byte[]> storedFiles = new ConcurrentHashMap<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    TestChannelContext(long accountId, Map<String, String> settings) {
        this.accountId = accountId;
        this.settings = new ChannelSettings(settings);
    }

    @Override
    public long accountId() {
        return accountId;
    }

    @Override
    public String accountName() {
        return "test number " + accountId;
    }

    @Override
    public String pluginId() {
        return "whatsapp";
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
        return Optional.empty();
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
        problems.clear();
    }

    @Override
    public void fail(String reason) {
        failures.add(reason);
    }

    @Override
    public CamelContext camelContext() {
        throw new UnsupportedOperationException("the WhatsApp plugin runs no Camel routes");
    }

    @Override
    public void addRoutes(RoutesBuilder routes) {
        throw new UnsupportedOperationException("the WhatsApp plugin runs no Camel routes");
    }

    @Override
    public void addComponent(String name, Component component) {
        throw new UnsupportedOperationException("the WhatsApp plugin runs no Camel components");
    }
}
