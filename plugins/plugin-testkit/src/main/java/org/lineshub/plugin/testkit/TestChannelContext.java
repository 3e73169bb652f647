package org.lineshub.plugin.testkit;

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
import org.lineshub.plugin.api.InboundSink;

/**
 * What the hub would hand a plugin for one account, in memory: a {@link RecordingInboundSink} (or a
 * {@link HistoryKeepingSink}, which is also the context's history), a file store, the account's state, and the
 * health calls recorded for assertions. Without a Camel context the Camel methods refuse, as most plugins run no
 * routes.
 */
public final class TestChannelContext implements ChannelContext {

    public static final long ACCOUNT_ID = 7;

    private final long accountId;
    private final String accountName;
    private final String pluginId;
    private final ChannelSettings settings;
    private final AccountState state;
    private final CamelContext camel;
    private final HistoryKeepingSink history;
    private final AtomicInteger fileRefs = new AtomicInteger();
    private volatile URI webhookUrl;
    private volatile boolean operatorsOnline = true;

    /** Where messages land unless the context keeps history. */
    public final RecordingInboundSink sink = new RecordingInboundSink();
    /** The hub's files by reference: outbound attachments, and what {@link #storeFile} kept. */
    public final Map<String, byte[]> files = new ConcurrentHashMap<>();
    public final List<String> problems = new CopyOnWriteArrayList<>();
    public final AtomicInteger healthyReports = new AtomicInteger();
    public final List<String> failures = new CopyOnWriteArrayList<>();

    private TestChannelContext(Builder b) {
        this.accountId = b.accountId;
        this.accountName = b.accountName;
        this.pluginId = b.pluginId;
        this.settings = new ChannelSettings(b.settings);
        this.state = b.state;
        this.camel = b.camel;
        this.webhookUrl = b.webhookUrl;
        this.history = b.keepHistory ? new HistoryKeepingSink(files) : null;
    }

    /** @param pluginId the plugin the account belongs to */
    public static Builder builder(String pluginId) {
        return new Builder(pluginId);
    }

    /** Changes the webhook URL the hub would publish, like an admin changing the hub's address. */
    public void setWebhookUrl(URI url) {
        this.webhookUrl = url;
    }

    /** Plays operators going away from, or coming back to, the line. */
    public void setOperatorsOnline(boolean online) {
        this.operatorsOnline = online;
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
    public InboundSink inbound() {
        return history != null ? history : sink;
    }

    @Override
    public Optional<URI> webhookUrl() {
        return Optional.ofNullable(webhookUrl);
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

    /** @return the history this context keeps; only with {@link Builder#keepHistory()} */
    @Override
    public HistoryKeepingSink history() {
        if (history == null) {
            throw new UnsupportedOperationException("this context keeps no history: build it with keepHistory()");
        }
        return history;
    }

    @Override
    public AccountState state() {
        return state;
    }

    @Override
    public boolean operatorsOnline() {
        return operatorsOnline;
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
        return camel();
    }

    @Override
    public void addRoutes(RoutesBuilder routes) throws Exception {
        camel().addRoutes(routes);
    }

    @Override
    public void addComponent(String name, Component component) {
        camel().addComponent(name, component);
    }

    private CamelContext camel() {
        if (camel == null) {
            throw new UnsupportedOperationException("the " + pluginId + " plugin runs no Camel routes");
        }
        return camel;
    }

    /** Options of a {@link TestChannelContext}; everything but the plugin id has a default. */
    public static final class Builder {

        private final String pluginId;
        private long accountId = ACCOUNT_ID;
        private String accountName = "test account";
        private Map<String, String> settings = Map.of();
        private URI webhookUrl;
        private AccountState state = AccountState.inMemory();
        private CamelContext camel;
        private boolean keepHistory;

        private Builder(String pluginId) {
            this.pluginId = pluginId;
        }

        public Builder accountId(long id) {
            this.accountId = id;
            return this;
        }

        public Builder accountName(String name) {
            this.accountName = name;
            return this;
        }

        public Builder settings(Map<String, String> values) {
            this.settings = values;
            return this;
        }

        public Builder webhookUrl(URI url) {
            this.webhookUrl = url;
            return this;
        }

        public Builder webhookUrl(Optional<URI> url) {
            return webhookUrl(url.orElse(null));
        }

        /** @param accountState the state an earlier context of the account had, to play a restart */
        public Builder state(AccountState accountState) {
            this.state = accountState;
            return this;
        }

        /** @param context the Camel context the plugin's routes and components go into */
        public Builder camel(CamelContext context) {
            this.camel = context;
            return this;
        }

        /** Messages go to a {@link HistoryKeepingSink}, which is also the context's history. */
        public Builder keepHistory() {
            this.keepHistory = true;
            return this;
        }

        public TestChannelContext build() {
            return new TestChannelContext(this);
        }
    }
}
