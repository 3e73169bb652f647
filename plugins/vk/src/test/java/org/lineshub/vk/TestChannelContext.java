package org.lineshub.vk;

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
import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelSettings;

/**
 * What the hub would hand the plugin for one account: a {@link RecordingInboundSink}, stored files, the account's
 * state (in memory; handing the same one to the next context plays a restart), and the health calls recorded for
 * assertions. The VK plugin runs no Camel routes, so the Camel methods refuse.
 */
final class TestChannelContext implements ChannelContext {

    static final long ACCOUNT_ID = 7;

    private final ChannelSettings settings;
    private final Optional<URI> webhookUrl;
    private final AccountState state;

    final RecordingInboundSink sink = new RecordingInboundSink();
    /** Content of outbound attachments by {@link Attachment#localRef()}. */
    final Map<String, byte[]> storedFiles = new ConcurrentHashMap<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final AtomicInteger healthyReports = new AtomicInteger();
    final List<String> failures = new CopyOnWriteArrayList<>();

    TestChannelContext(Map<String, String> settings, Optional<URI> webhookUrl) {
        this(settings, webhookUrl, AccountState.inMemory());
    }

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
        return "test community";
    }

    @Override
    public String pluginId() {
        return "vk";
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
        throw new UnsupportedOperationException("the VK plugin runs no Camel routes");
    }

    @Override
    public void addRoutes(RoutesBuilder routes) {
        throw new UnsupportedOperationException("the VK plugin runs no Camel routes");
    }

    @Override
    public void addComponent(String name, Component component) {
        throw new UnsupportedOperationException("the VK plugin runs no Camel components");
    }
}
