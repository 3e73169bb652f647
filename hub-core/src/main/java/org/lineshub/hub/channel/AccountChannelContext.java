package org.lineshub.hub.channel;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.lineshub.hub.file.FileStore;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelSettings;

/** The hub's side of one running channel account, as its plugin sees it. */
final class AccountChannelContext implements ChannelContext {

    private final long accountId;
    private final String accountName;
    private final String pluginId;
    private final ChannelSettings settings;
    private final CamelContext camel;
    private final URI webhookUrl;
    private final FileStore files;
    private final Consumer<String> problems;
    private final Consumer<String> failures;
    private final List<String> components = new ArrayList<>();
    private volatile boolean closed;

    AccountChannelContext(long accountId, String accountName, String pluginId, ChannelSettings settings,
                          CamelContext camel, URI webhookUrl, FileStore files, Consumer<String> problems,
                          Consumer<String> failures) {
        this.accountId = accountId;
        this.accountName = accountName;
        this.pluginId = pluginId;
        this.settings = settings;
        this.camel = camel;
        this.webhookUrl = webhookUrl;
        this.files = files;
        this.problems = problems;
        this.failures = failures;
    }

    @Override
    public long accountId() {
        return accountId;
    }

    @Override
    public String accountName() {
        return accountName;
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public ChannelSettings settings() {
        return settings;
    }

    @Override
    public CamelContext camelContext() {
        return camel;
    }

    @Override
    public Optional<URI> webhookUrl() {
        return Optional.ofNullable(webhookUrl);
    }

    @Override
    public synchronized void addComponent(String name, Component component) {
        if (closed) {
            throw new IllegalStateException("channel account " + accountId + " is stopped");
        }
        if (camel.hasComponent(name) != null) {
            throw new IllegalArgumentException("a Camel component named " + name + " already exists");
        }
        camel.addComponent(name, component);
        components.add(name);
    }

    synchronized List<String> components() {
        return List.copyOf(components);
    }

    @Override
    public InputStream openAttachment(Attachment attachment) throws IOException {
        if (attachment.localRef() == null) {
            throw new IOException("the attachment has no content in the hub");
        }
        return files.open(attachment.localRef());
    }

    @Override
    public void reportProblem(String reason) {
        if (!closed) {
            problems.accept(reason == null ? "unknown problem" : reason);
        }
    }

    @Override
    public void reportHealthy() {
        if (!closed) {
            problems.accept(null);
        }
    }

    @Override
    public void fail(String reason) {
        if (!closed) {
            failures.accept(reason == null ? "the plugin reported a failure" : reason);
        }
    }

    void close() {
        closed = true;
    }
}
