package org.lineshub.hub.channel;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.file.FileStore;
import org.lineshub.hub.plugin.PluginListener;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.ChannelSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs channel accounts: for each enabled account whose channel type a started plugin provides, it builds the
 * account's routes through the plugin's {@link ChannelConnector} and adds them to Camel as one group; it stops and
 * removes them (and the plugin's components) when the account is disabled, changed or deleted or the plugin
 * stops. An account that cannot start is marked failed with the reason; the others keep running.
 */
@Component
public class ChannelRuntime implements PluginListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelRuntime.class);

    private record Provider(String pluginId, ChannelConnector connector) {
    }

    private static final class Running {
        final long accountId;
        final String type;
        final String pluginId;
        final String webhookKey;
        final Set<String> routeIds;
        final AccountChannelContext context;

        Running(ChannelAccount account, String pluginId, Set<String> routeIds, AccountChannelContext context) {
            this.accountId = account.getId();
            this.type = account.getType();
            this.webhookKey = account.getWebhookKey();
            this.pluginId = pluginId;
            this.routeIds = routeIds;
            this.context = context;
        }
    }

    private final Map<String, Provider> providers = new ConcurrentHashMap<>();
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Long> runningByWebhookKey = new ConcurrentHashMap<>();
    private final Map<Long, String> problems = new ConcurrentHashMap<>();
    private final ExecutorService failures = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "channel-failures");
        t.setDaemon(true);
        return t;
    });

    private final CamelContext camel;
    private final ChannelAccountRepository accounts;
    private final SettingsCodec codec;
    private final FileStore files;
    private final HubProperties properties;
    private final TransactionTemplate tx;

    ChannelRuntime(CamelContext camel, ChannelAccountRepository accounts, SettingsCodec codec, FileStore files,
                   HubProperties properties, TransactionTemplate tx) {
        this.camel = camel;
        this.accounts = accounts;
        this.codec = codec;
        this.files = files;
        this.properties = properties;
        this.tx = tx;
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
    public synchronized void pluginStarted(String pluginId, List<ChannelConnector> connectors) {
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
            if (r.pluginId.equals(pluginId)) {
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
     * @return the running account with that key; answered from memory, as each webhook request asks
     */
    public Optional<Long> runningAccount(String webhookKey) {
        return Optional.ofNullable(runningByWebhookKey.get(webhookKey));
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
        MDC.put("plugin", provider.pluginId());
        MDC.put("account", Long.toString(id));
        Set<String> before;
        synchronized (camel) {
            before = routeIds();
        }
        AccountChannelContext context = null;
        try {
            ChannelSettings settings = SettingsValidator.check(provider.connector(), codec.open(account.getSettings()));
            context = new AccountChannelContext(id, account.getName(), provider.pluginId(), settings, camel,
                    webhookUrl(account), files, problem -> reportProblem(id, problem),
                    reason -> failAsync(id, reason));
            Set<String> added;
            // route files reload on their own thread: the before/after comparison must not see their routes
            synchronized (camel) {
                camel.addRoutes(provider.connector().routes(context));
                added = routeIds();
            }
            added.removeAll(before);
            running.put(id, new Running(account, provider.pluginId(), added, context));
            runningByWebhookKey.put(account.getWebhookKey(), id);
            problems.remove(id);
            saveStatus(id, AccountStatus.RUNNING, null);
            LOG.info("Channel account {} ({}) runs with routes {}", id, account.getType(), added);
        } catch (Exception | LinkageError e) {
            Set<String> added = routeIds();
            added.removeAll(before);
            removeRoutes(added);
            if (context != null) {
                context.close();
                removeComponents(context.components());
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            saveStatus(id, AccountStatus.FAILED, reason);
            LOG.warn("Channel account {} ({}) failed to start: {}", id, account.getType(), reason);
        } finally {
            MDC.remove("plugin");
            MDC.remove("account");
        }
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
        r.context.close();
        removeRoutes(r.routeIds);
        removeComponents(r.context.components());
        // the endpoints of the account's routes refer to the plugin's processors
        removeEndpoints("direct:hub.account." + r.accountId + ".*");
        running.remove(r.accountId);
        runningByWebhookKey.remove(r.webhookKey);
        problems.remove(r.accountId);
        saveStatus(r.accountId, status, reason);
        LOG.info("Channel account {} ({}) stopped{}", r.accountId, r.type, reason == null ? "" : ": " + reason);
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

    private Set<String> routeIds() {
        Set<String> ids = new HashSet<>();
        for (Route route : camel.getRoutes()) {
            ids.add(route.getId());
        }
        return ids;
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

    private void saveStatus(long accountId, AccountStatus status, String reason) {
        tx.executeWithoutResult(s -> accounts.updateStatus(accountId, status, reason));
    }

    /** Stops every account before the Camel context goes away. */
    @PreDestroy
    synchronized void shutdown() {
        failures.shutdownNow();
        for (Running r : new ArrayList<>(running.values())) {
            r.context.close();
            removeRoutes(r.routeIds);
            removeComponents(r.context.components());
            running.remove(r.accountId);
            runningByWebhookKey.remove(r.webhookKey);
        }
    }
}
