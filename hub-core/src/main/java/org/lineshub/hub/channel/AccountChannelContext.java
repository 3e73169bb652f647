package org.lineshub.hub.channel;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.lineshub.hub.file.FileStore;
import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.ConversationHistory;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.InboundSink;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.StoreResult;
import org.springframework.dao.DataAccessException;

/**
 * The hub's side of one running channel account, as its plugin sees it. Records the Camel routes and components the
 * plugin adds, so they are removed with the account; once closed, its sink refuses input (the plugin then leaves
 * the platform to deliver again), its state refuses reads and writes, and its callbacks do nothing.
 */
final class AccountChannelContext implements ChannelContext {

    private final long accountId;
    private final String accountName;
    private final String pluginId;
    private final ChannelSettings settings;
    private final CamelContext camel;
    private final URI webhookUrl;
    private final FileStore files;
    private final InboundSink sink;
    private final Consumer<String> problems;
    private final Consumer<String> failures;
    private final ConversationStore conversations;
    private final AccountState state;
    private final List<String> components = new ArrayList<>();
    private final Set<String> routeIds = new HashSet<>();
    private volatile boolean closed;

    AccountChannelContext(long accountId, String accountName, String pluginId, ChannelSettings settings,
                          CamelContext camel, URI webhookUrl, FileStore files, InboundSink intake,
                          Consumer<String> problems, Consumer<String> failures, ConversationStore conversations,
                          AccountStateStore states) {
        this.accountId = accountId;
        this.accountName = accountName;
        this.pluginId = pluginId;
        this.settings = settings;
        this.camel = camel;
        this.webhookUrl = webhookUrl;
        this.files = files;
        this.sink = new OpenOnly(intake);
        this.problems = problems;
        this.failures = failures;
        this.conversations = conversations;
        this.state = new OpenState(states);
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
        return sink;
    }

    @Override
    public Optional<URI> webhookUrl() {
        return Optional.ofNullable(webhookUrl);
    }

    @Override
    public CamelContext camelContext() {
        return camel;
    }

    @Override
    public void addRoutes(RoutesBuilder routes) throws Exception {
        synchronized (this) {
            requireOpen();
        }
        // route files reload on their own thread: the before/after comparison must not see their routes
        synchronized (camel) {
            Set<String> before = routeIds(camel);
            camel.addRoutes(routes);
            Set<String> added = routeIds(camel);
            added.removeAll(before);
            synchronized (this) {
                routeIds.addAll(added);
            }
        }
    }

    static Set<String> routeIds(CamelContext camel) {
        Set<String> ids = new HashSet<>();
        for (Route route : camel.getRoutes()) {
            ids.add(route.getId());
        }
        return ids;
    }

    @Override
    public synchronized void addComponent(String name, Component component) {
        requireOpen();
        if (camel.hasComponent(name) != null) {
            throw new IllegalArgumentException("a Camel component named " + name + " already exists");
        }
        camel.addComponent(name, component);
        components.add(name);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("channel account " + accountId + " is stopped");
        }
    }

    synchronized List<String> components() {
        return List.copyOf(components);
    }

    synchronized Set<String> routes() {
        return Set.copyOf(routeIds);
    }

    @Override
    public InputStream openAttachment(Attachment attachment) throws IOException {
        if (attachment.localRef() == null) {
            throw new IOException("the attachment has no content in the hub");
        }
        return files.open(attachment.localRef());
    }

    @Override
    public String storeFile(InputStream content, long maxBytes) throws IOException {
        try {
            return files.store(content, maxBytes);
        } catch (FileStore.FileTooLargeException e) {
            throw new IOException("the file is larger than " + maxBytes + " bytes", e);
        }
    }

    @Override
    public ConversationHistory history() {
        return new ConversationHistory() {
            @Override
            public List<Entry> recent(String externalChatId, int limit) {
                checkOpen();
                return conversations.recent(accountId, externalChatId, Math.max(1, Math.min(limit, 500)));
            }

            @Override
            public Optional<AttachmentContent> open(String externalChatId, long messageId, long attachmentId)
                    throws IOException {
                checkOpen();
                return conversations.open(accountId, externalChatId, messageId, attachmentId);
            }
        };
    }

    @Override
    public AccountState state() {
        return state;
    }

    @Override
    public boolean operatorsOnline() {
        return conversations.operatorsOnline(accountId);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("channel account " + accountId + " has stopped");
        }
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

    /**
     * The account's durable state while the account runs; afterwards every call is refused. A database failure
     * reaches the plugin as {@link IllegalStateException}, as the API says, not as one of the hub's types.
     */
    private final class OpenState implements AccountState {

        private final AccountStateStore states;

        OpenState(AccountStateStore states) {
            this.states = states;
        }

        @Override
        public Optional<String> get(String key) {
            checkOpen();
            try {
                return states.get(accountId, key);
            } catch (DataAccessException e) {
                throw unavailable("read", e);
            }
        }

        @Override
        public void put(String key, String value) {
            checkOpen();
            try {
                states.put(accountId, key, value);
            } catch (DataAccessException e) {
                throw unavailable("write", e);
            }
        }

        @Override
        public Map<String, String> all() {
            checkOpen();
            try {
                return states.all(accountId);
            } catch (DataAccessException e) {
                throw unavailable("read", e);
            }
        }

        private IllegalStateException unavailable(String what, DataAccessException e) {
            return new IllegalStateException("the hub cannot " + what + " the state of channel account " + accountId
                    + " now", e);
        }
    }

    /** The account's intake while the account runs; afterwards every call is refused as not stored. */
    private final class OpenOnly implements InboundSink {

        private final InboundSink intake;

        OpenOnly(InboundSink intake) {
            this.intake = intake;
        }

        private void requireRunning() throws NotStoredException {
            if (closed) {
                throw new NotStoredException("channel account " + accountId + " is stopped", null);
            }
        }

        @Override
        public StoreResult store(List<InboundMessage> batch) throws NotStoredException {
            requireRunning();
            return intake.store(batch);
        }

        @Override
        public void park(byte[] raw, String reason, String externalId) throws NotStoredException {
            requireRunning();
            intake.park(raw, reason, externalId);
        }

        @Override
        public void receipts(List<DeliveryReceipt> receipts) throws NotStoredException {
            requireRunning();
            intake.receipts(receipts);
        }

        @Override
        public void changed(MessageChange change) throws NotStoredException {
            requireRunning();
            intake.changed(change);
        }
    }
}
