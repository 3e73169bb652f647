package org.lineshub.hub.channel;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.lineshub.hub.system.HubThreads;
import org.apache.camel.CamelContext;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.file.FileStore;
import org.lineshub.hub.plugin.PluginExtensions;
import org.lineshub.hub.plugin.PluginListener;
import org.lineshub.hub.system.Errors;
import org.lineshub.plugin.api.AttachmentFetcher;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.ChannelTransportException;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.LiveEndpoint;
import org.lineshub.plugin.api.OutboundSender;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SharedWebhookHandler;
import org.lineshub.plugin.api.WebhookHandler;
import org.lineshub.plugin.api.WebhookResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs channel accounts: for each enabled account whose channel type a started plugin provides, it connects the
 * account through the plugin's {@link ChannelConnector}, keeps the typed ports the plugin returns (sender, webhook
 * handler, attachment fetcher) for the hub to call, and starts the account's inbound. It stops the inbound, closes
 * the account and removes whatever Camel routes and components the plugin added when the account is disabled,
 * changed or deleted or the plugin stops. An account that cannot start is marked failed with the reason; the others
 * keep running. So is an account whose plugin keeps throwing where the plugin API defines no such exception, on
 * webhook requests or replies ({@link PluginFaults}). Every call into a plugin carries the MDC keys {@code plugin} and
 * {@code account}.
 */
@Component
public class ChannelRuntime implements PluginListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelRuntime.class);

    private record Provider(String pluginId, ChannelConnector connector) {
    }

    /**
     * A running account: its context, the plugin's ports, what identifies it on webhooks, when its settings last
     * changed before it started, and the plugin's failures on it since.
     */
    private record Running(long accountId, String type, String pluginId, String webhookKey, String routingKey,
                           Instant changedAt, AccountChannelContext context, ConnectedAccount connected,
                           int webhookBodyLimit, PluginFaults faults) {
    }

    /**
     * An account's webhook handler and its id.
     *
     * @param accountId the account
     * @param pluginId  its plugin, for log context
     * @param handler   the plugin's handler, or {@code null} when the account, as it runs, receives no webhooks; an
     *                  exception the plugin API does not define reaches the caller as
     *                  {@link PluginFailureException}
     * @param changedAt when the account's settings last changed before it started: when they changed since, it is
     *                  about to restart with them
     * @param bodyLimit the largest body the channel accepts
     */
    public record AccountWebhook(long accountId, String pluginId, WebhookHandler handler, Instant changedAt,
                                 int bodyLimit) {
    }

    /**
     * The shared webhook of a channel type and the accounts it may route to.
     *
     * @param pluginId the plugin providing the type
     * @param handler  the plugin's handler
     * @param accounts the running accounts of the type
     */
    public record SharedWebhook(String pluginId, SharedWebhookHandler handler, SharedWebhookHandler.Accounts accounts) {
    }

    private final Map<String, Provider> providers = new ConcurrentHashMap<>();
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Running> runningByWebhookKey = new ConcurrentHashMap<>();
    private final Map<Long, String> problems = new ConcurrentHashMap<>();
    private final ExecutorService failures = Executors.newSingleThreadExecutor(HubThreads.named("channel-failures"));

    private final CamelContext camel;
    private final ChannelAccountRepository accounts;
    private final SettingsCodec codec;
    private final FileStore files;
    private final InboundSinks intake;
    private final HubProperties properties;
    private final TransactionTemplate tx;
    private final ConversationStore conversations;
    private final LiveConnections live;
    private final AccountStateStore states;

    ChannelRuntime(CamelContext camel, ChannelAccountRepository accounts, SettingsCodec codec, FileStore files,
                   InboundSinks intake, HubProperties properties, TransactionTemplate tx,
                   ConversationStore conversations, LiveConnections live, AccountStateStore states) {
        this.camel = camel;
        this.accounts = accounts;
        this.codec = codec;
        this.files = files;
        this.intake = intake;
        this.properties = properties;
        this.tx = tx;
        this.conversations = conversations;
        this.live = live;
        this.states = states;
    }

    /**
     * Accounts marked running by a previous run of the hub are not running now; they become running again when their
     * plugin starts. Runs before plugins are loaded.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void resetStatuses() {
        tx.executeWithoutResult(s -> accounts.resetRunning());
    }

    @Override
    public synchronized void pluginStarted(String pluginId, PluginExtensions extensions) {
        List<ChannelConnector> connectors = extensions.of(ChannelConnector.class);
        for (ChannelConnector connector : connectors) {
            Provider existing = providers.get(connector.type());
            if (existing != null && !existing.pluginId().equals(pluginId)) {
                throw new IllegalStateException("channel type " + connector.type()
                        + " is already provided by plugin " + existing.pluginId());
            }
        }
        for (ChannelConnector connector : connectors) {
            providers.put(connector.type(), new Provider(pluginId, connector));
            for (ChannelAccount account : accounts.findByTypeAndEnabledTrueAndDeletedAtIsNull(connector.type())) {
                startAccount(account);
            }
        }
    }

    @Override
    public synchronized void pluginStopping(String pluginId) {
        for (Running r : new ArrayList<>(running.values())) {
            if (r.pluginId().equals(pluginId)) {
                stopRunning(r, AccountStatus.STOPPED, "plugin " + pluginId + " is not running");
            }
        }
        providers.values().removeIf(p -> p.pluginId().equals(pluginId));
    }

    /** @return the descriptors of every channel type a started plugin provides, by type */
    public List<ChannelDescriptor> descriptors() {
        return providers.values().stream().map(p -> p.connector().descriptor())
                .sorted(Comparator.comparing(ChannelDescriptor::type)).toList();
    }

    /**
     * @param type a channel type
     * @return its descriptor, when a started plugin provides it
     */
    public Optional<ChannelDescriptor> descriptor(String type) {
        return Optional.ofNullable(providers.get(type)).map(p -> p.connector().descriptor());
    }

    Optional<ChannelConnector> connector(String type) {
        return Optional.ofNullable(providers.get(type)).map(Provider::connector);
    }

    /**
     * @param accountId a channel account
     * @return whether its routes run
     */
    public boolean isRunning(long accountId) {
        return running.containsKey(accountId);
    }

    /**
     * @param webhookKey the key in an account's webhook path
     * @return the running account with that key and its webhook handler, when it has one; answered from memory, as
     *         each webhook request asks
     */
    public Optional<AccountWebhook> webhook(String webhookKey) {
        Running r = runningByWebhookKey.get(webhookKey);
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(new AccountWebhook(r.accountId(), r.pluginId(),
                r.connected().webhook().map(handler -> watched(r, handler)).orElse(null), r.changedAt(),
                r.webhookBodyLimit()));
    }

    /**
     * The live endpoint of a running account, for browsers' WebSocket connections to {@code /webhooks/<key>/live}.
     *
     * @param accountId the account
     * @param pluginId  its plugin, for log context
     * @param endpoint  the plugin's endpoint
     */
    public record AccountLive(long accountId, String pluginId, LiveEndpoint endpoint) {
    }

    /**
     * @param webhookKey the key in an account's webhook path
     * @return the running account with that key and its live endpoint, when it has one
     */
    public Optional<AccountLive> live(String webhookKey) {
        Running r = runningByWebhookKey.get(webhookKey);
        if (r == null || r.connected().live().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AccountLive(r.accountId(), r.pluginId(), r.connected().live().get()));
    }

    /**
     * @param type a channel type
     * @return its shared webhook, when a started plugin provides the type and offers one
     */
    public Optional<SharedWebhook> sharedWebhook(String type) {
        Provider provider = providers.get(type);
        if (provider == null) {
            return Optional.empty();
        }
        return provider.connector().sharedWebhook().map(handler -> new SharedWebhook(provider.pluginId(), handler,
                new SharedWebhookHandler.Accounts() {
                    @Override
                    public Optional<ChannelContext> find(String routingKey) {
                        return running.values().stream().filter(r -> r.type().equals(type)
                                        && routingKey != null && routingKey.equals(r.routingKey()))
                                .findFirst().map(r -> (ChannelContext) r.context());
                    }

                    @Override
                    public List<ChannelContext> all() {
                        return running.values().stream().filter(r -> r.type().equals(type))
                                .sorted(Comparator.comparingLong(Running::accountId))
                                .map(r -> (ChannelContext) r.context()).toList();
                    }
                }));
    }

    /**
     * @param accountId a channel account
     * @return where its outbound messages go, while it runs; an exception the plugin API does not define reaches the
     *         caller as {@link PluginFailureException}
     */
    public Optional<OutboundSender> sender(long accountId) {
        Running r = running.get(accountId);
        return r == null ? Optional.empty() : Optional.of(inPluginContext(r, r.connected().sender()));
    }

    /**
     * @param accountId a channel account
     * @return what fetches its received files' content, while it runs and when its plugin offers it
     */
    public Optional<AttachmentFetcher> attachments(long accountId) {
        Running r = running.get(accountId);
        if (r == null) {
            return Optional.empty();
        }
        return r.connected().attachments().map(fetcher -> attachment -> {
            try (var mdc = Mdc.of(r.pluginId(), r.accountId())) {
                return fetcher.fetch(attachment);
            }
        });
    }

    private OutboundSender inPluginContext(Running r, OutboundSender sender) {
        return message -> {
            try (var mdc = Mdc.of(r.pluginId(), r.accountId())) {
                SentMessage sent;
                try {
                    sent = sender.send(message);
                } catch (RuntimeException | LinkageError e) {
                    // a reply retried counts once: one reply the plugin cannot send must not stop the account
                    throw pluginFailed(r, "sending a reply", "reply " + message.messageId(), e);
                }
                pluginSucceeded(r);
                return sent;
            }
        };
    }

    /** The plugin's webhook handler, its failures counted like those of its sender. */
    private WebhookHandler watched(Running r, WebhookHandler handler) {
        return request -> {
            WebhookResponse response;
            try {
                response = handler.handle(request);
            } catch (RuntimeException | LinkageError e) {
                // the same update delivered again counts once
                throw pluginFailed(r, "handling a webhook request", "webhook " + request.method() + " "
                        + request.path() + " " + request.body().length + " " + Arrays.hashCode(request.body()), e);
            }
            pluginSucceeded(r);
            return response;
        };
    }

    private void pluginSucceeded(Running r) {
        String reported = r.faults().succeeded();
        if (reported != null && problems.remove(r.accountId(), reported)) {
            LOG.info("Channel account {}: its plugin works again", r.accountId());
        }
    }

    /**
     * Counts an exception a call into the plugin ended with, unless the plugin API defines it (refused input, a
     * platform that fails or refuses), the hub's database caused it, or the account stopped meanwhile. Reports a
     * problem on the account; stops the account as failed once the plugin failed on
     * {@value PluginFaults#FAILURES_TO_STOP} different inputs in a row.
     *
     * @return what to throw to the caller
     */
    private RuntimeException pluginFailed(Running r, String what, String input, Throwable error) {
        if (error instanceof RejectedInputException || error instanceof ChannelTransportException
                || error instanceof ChannelRejectedException) {
            return (RuntimeException) error;
        }
        PluginFaults faults = r.faults();
        String detail = faults.describe(error);
        if (Errors.causeOf(error, DataAccessException.class) != null) {
            // the hub's database failed under the plugin: not the plugin's fault
            return error instanceof RuntimeException e ? e : new PluginFailureException(detail);
        }
        PluginFailureException failure = new PluginFailureException("the plugin failed " + what + ": " + detail);
        if (running.get(r.accountId()) != r) {
            // the account stopped meanwhile: whatever the plugin did then says nothing about it
            return failure;
        }
        int inARow = faults.failed(input, Instant.now());
        String reason = "the plugin failed on " + inARow + (inARow == 1 ? " input" : " different inputs")
                + " in a row, the last time " + what + ": " + detail;
        if (inARow == 1) {
            // the stack once per streak; the problem reported below logs each later failure in one line
            LOG.warn("Channel account {}: the plugin failed {}", r.accountId(), what, faults.forLog(error));
        }
        if (inARow >= PluginFaults.FAILURES_TO_STOP) {
            if (faults.stop()) {
                LOG.warn("Channel account {} is stopped: {}", r.accountId(), reason);
                failAsync(r, reason);
            }
        } else {
            faults.reported(reason);
            reportProblem(r.accountId(), reason);
        }
        return failure;
    }

    /**
     * @param accountId a channel account
     * @return the problem its plugin reports, when it reports one
     */
    public Optional<String> problem(long accountId) {
        return Optional.ofNullable(problems.get(accountId));
    }

    /**
     * Starts an account that is enabled and not running; restarts one that runs, so changed settings apply.
     *
     * @param accountId the account
     */
    public synchronized void restart(long accountId) {
        Running r = running.get(accountId);
        if (r != null) {
            stopRunning(r, AccountStatus.STOPPED, null);
        }
        accounts.findByIdAndDeletedAtIsNull(accountId).filter(ChannelAccount::isEnabled).ifPresent(this::startAccount);
    }

    /**
     * Stops an account's routes.
     *
     * @param accountId the account
     */
    public synchronized void stop(long accountId) {
        Running r = running.get(accountId);
        if (r != null) {
            stopRunning(r, AccountStatus.STOPPED, null);
        } else {
            saveStatus(accountId, AccountStatus.STOPPED, null);
        }
    }

    private void startAccount(ChannelAccount account) {
        long id = account.getId();
        Provider provider = providers.get(account.getType());
        if (provider == null) {
            saveStatus(id, AccountStatus.STOPPED, "no running plugin provides channel type " + account.getType());
            return;
        }
        AccountChannelContext context = null;
        ConnectedAccount connected = null;
        try (var mdc = Mdc.of(provider.pluginId(), id)) {
            ChannelDescriptor descriptor = provider.connector().descriptor();
            ChannelSettings settings = SettingsValidator.check(provider.connector(),
                    codec.open(id, account.getSettings()));
            context = new AccountChannelContext(id, account.getName(), provider.pluginId(), settings, camel,
                    webhookUrl(account), files, intake.forAccount(id), problem -> reportProblem(id, problem),
                    reason -> failAsync(id, reason), conversations, states);
            connected = provider.connector().connect(context);
            if (connected == null) {
                throw new IllegalStateException("the plugin connected no account");
            }
            String routingKey = descriptor.webhookRoutingSetting() == null ? null
                    : settings.find(descriptor.webhookRoutingSetting()).orElse(null);
            Running r = new Running(id, account.getType(), provider.pluginId(), account.getWebhookKey(), routingKey,
                    account.getUpdatedAt(), context, connected, descriptor.webhookBodyLimit(),
                    new PluginFaults(secrets(descriptor, settings)));
            running.put(id, r);
            runningByWebhookKey.put(r.webhookKey(), r);
            // one node today, so this node owns every account's inbound, single-node ones included
            connected.startInbound();
            problems.remove(id);
            saveStatus(id, AccountStatus.RUNNING, null);
            LOG.info("Channel account {} ({}) runs{}", id, account.getType(),
                    context.routes().isEmpty() ? "" : " with routes " + context.routes());
        } catch (Exception | LinkageError e) {
            running.remove(id);
            runningByWebhookKey.remove(account.getWebhookKey());
            release(context, connected);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            saveStatus(id, AccountStatus.FAILED, reason);
            LOG.warn("Channel account {} ({}) failed to start: {}", id, account.getType(), reason);
        }
    }

    private static List<String> secrets(ChannelDescriptor descriptor, ChannelSettings settings) {
        return descriptor.settings().stream().filter(SettingField::secret)
                .flatMap(field -> settings.find(field.name()).stream()).toList();
    }

    private URI webhookUrl(ChannelAccount account) {
        URI base = properties.publicUrl();
        if (base == null || base.toString().isBlank()) {
            return null;
        }
        String prefix = base.toString().endsWith("/") ? base.toString() : base + "/";
        return URI.create(prefix + "webhooks/" + account.getWebhookKey());
    }

    private void stopRunning(Running r, AccountStatus status, String reason) {
        // no new webhook request or reply reaches the plugin from here on
        running.remove(r.accountId());
        runningByWebhookKey.remove(r.webhookKey());
        release(r.context(), r.connected());
        live.closeAll(r.accountId(), "the channel account stopped");
        problems.remove(r.accountId());
        saveStatus(r.accountId(), status, reason);
        LOG.info("Channel account {} ({}) stopped{}", r.accountId(), r.type(), reason == null ? "" : ": " + reason);
    }

    /**
     * Stops the inbound (a batch being stored finishes first), closes the context so the plugin can hand nothing
     * more, closes the account, then removes whatever Camel routes and components the plugin added. Each step runs
     * even when an earlier one fails: a half-stopped account must not keep the plugin's classes alive.
     */
    private void release(AccountChannelContext context, ConnectedAccount connected) {
        String pluginId = context == null ? null : context.pluginId();
        long accountId = context == null ? 0 : context.accountId();
        try (var mdc = Mdc.of(pluginId, accountId)) {
            if (connected != null) {
                quietly("stopping the inbound", connected::stopInbound);
            }
            if (context != null) {
                context.close();
            }
            if (connected != null) {
                quietly("closing the account", connected::close);
            }
            if (context != null) {
                removeRoutes(context.routes());
                removeComponents(context.components());
            }
        }
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("{} failed: {}", what, e.toString());
        }
    }

    private void removeRoutes(Set<String> ids) {
        for (String routeId : ids) {
            try {
                camel.getRouteController().stopRoute(routeId, 10, TimeUnit.SECONDS);
                camel.removeRoute(routeId);
            } catch (Exception e) {
                LOG.warn("Route {} did not stop cleanly: {}", routeId, e.getMessage());
            }
        }
    }

    private void removeComponents(List<String> names) {
        for (String name : names) {
            removeEndpoints(name + ":*");
            try {
                camel.removeComponent(name);
            } catch (Exception e) {
                LOG.warn("Component {} was not removed cleanly: {}", name, e.getMessage());
            }
        }
    }

    private void removeEndpoints(String pattern) {
        try {
            camel.removeEndpoints(pattern);
        } catch (Exception e) {
            LOG.warn("Endpoints {} were not removed cleanly: {}", pattern, e.getMessage());
        }
    }

    private void reportProblem(long accountId, String problem) {
        if (problem == null) {
            if (problems.remove(accountId) != null) {
                LOG.info("Channel account {} recovered", accountId);
            }
        } else if (!problem.equals(problems.put(accountId, problem))) {
            LOG.warn("Channel account {} has a problem: {}", accountId, problem);
        }
    }

    /** A plugin's routes report a fatal problem from their own thread: stop them from another one. */
    private void failAsync(long accountId, String reason) {
        failures.execute(() -> {
            synchronized (this) {
                Running r = running.get(accountId);
                if (r != null) {
                    stopRunning(r, AccountStatus.FAILED, reason);
                }
            }
        });
    }

    /** Stops this run of the account as failed, from another thread; not a later run an admin started meanwhile. */
    private void failAsync(Running r, String reason) {
        try {
            failures.execute(() -> {
                synchronized (this) {
                    if (running.get(r.accountId()) == r) {
                        stopRunning(r, AccountStatus.FAILED, reason);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // the hub is stopping: every account stops anyway
        }
    }

    private void saveStatus(long accountId, AccountStatus status, String reason) {
        tx.executeWithoutResult(s -> accounts.updateStatus(accountId, status, reason));
    }

    /** Stops every account before the Camel context goes away. */
    @PreDestroy
    synchronized void shutdown() {
        failures.shutdownNow();
        for (Running r : new ArrayList<>(running.values())) {
            running.remove(r.accountId());
            runningByWebhookKey.remove(r.webhookKey());
            release(r.context(), r.connected());
        }
    }
}
