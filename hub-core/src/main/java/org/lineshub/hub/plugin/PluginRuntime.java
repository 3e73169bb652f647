package org.lineshub.hub.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.DirectoryWatcher;
import org.lineshub.hub.system.Errors;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.NotFoundException;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.PluginApi;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Loads channel and bot plugins from the plugin directory and runs them: jars copied into the directory while the
 * hub runs are loaded and started, changed jars reloaded, removed jars unloaded. A jar that fails to load or a
 * plugin that fails to start is listed as failed with its reason; the hub keeps running. Which plugins an admin
 * stopped is remembered in the database.
 */
@Component
public class PluginRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}\\.jar");

    private final HubProperties properties;
    private final ObjectProvider<PluginListener> listeners;
    private final PluginStateStore states;
    private final String systemVersion;

    private HubPluginManager manager;
    private DirectoryWatcher watcher;
    private final Map<Path, String> idsByFile = new LinkedHashMap<>();
    private final Map<Path, String> loadFailures = new LinkedHashMap<>();
    private final Map<String, String> startFailures = new LinkedHashMap<>();
    /** What each started plugin provides; read by other threads through {@link #extensions(Class)}. */
    private final Map<String, PluginExtensions> started = new java.util.concurrent.ConcurrentHashMap<>();

    PluginRuntime(HubProperties properties, ObjectProvider<PluginListener> listeners, PluginStateStore states) {
        this.properties = properties;
        this.listeners = listeners;
        this.states = states;
        // Plugin-Requires names the plugin API a plugin was built for, not the hub's release
        this.systemVersion = PluginApi.VERSION;
    }

    /** Loads every jar in the plugin directory, then watches it. Runs once the application is ready. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(10)
    public synchronized void start() {
        if (manager != null) {
            return;
        }
        Path dir = properties.plugins().dir().toAbsolutePath().normalize();
        manager = new HubPluginManager(dir, systemVersion);
        watcher = new DirectoryWatcher(dir, "*.jar", new DirectoryWatcher.Listener() {
            @Override
            public void added(Path file) {
                load(file);
            }

            @Override
            public void changed(Path file) {
                LOG.info("Plugin file {} changed: reloading", file.getFileName());
                unloadFile(file);
                load(file);
            }

            @Override
            public void removed(Path file) {
                LOG.info("Plugin file {} removed: unloading", file.getFileName());
                unloadFile(file);
            }
        });
        LOG.info("Loading plugins from {}", dir);
        watcher.start(properties.plugins().scanInterval(), "plugin-watcher");
    }


    private synchronized void load(Path file) {
        loadFailures.remove(file);
        String id;
        try {
            id = manager.loadPlugin(file);
        } catch (RuntimeException e) {
            String reason = reason(e);
            loadFailures.put(file, reason);
            LOG.warn("{} is not a loadable plugin: {}", file.getFileName(), reason);
            return;
        }
        if (id == null) {
            loadFailures.put(file, "not a plugin: no Plugin-Id in the manifest");
            return;
        }
        idsByFile.put(file, id);
        if (refusedForApi(id)) {
            return;
        }
        LOG.info("Loaded plugin {} {} from {}", id, manager.getPlugin(id).getDescriptor().getVersion(),
                file.getFileName());
        if (states.isEnabled(id)) {
            startLoaded(id);
        } else {
            LOG.info("Plugin {} stays stopped: an admin stopped it", id);
        }
    }

    /**
     * PF4J only disables a plugin whose {@code Plugin-Requires} this hub does not satisfy, with a warning in the log;
     * the admin must see in the plugin list why it does not run.
     */
    private boolean refusedForApi(String id) {
        PluginWrapper plugin = manager.getPlugin(id);
        if (manager.satisfiesApi(plugin)) {
            return false;
        }
        startFailures.put(id, "requires plugin API " + plugin.getDescriptor().getRequires()
                + ", but this hub provides plugin API " + systemVersion);
        LOG.warn("Plugin {} is refused: {}", id, startFailures.get(id));
        return true;
    }

    private void startLoaded(String id) {
        startFailures.remove(id);
        if (refusedForApi(id)) {
            return;
        }
        MDC.put("plugin", id);
        try {
            PluginState state = manager.startPlugin(id);
            PluginWrapper wrapper = manager.getPlugin(id);
            if (state != PluginState.STARTED) {
                Throwable failure = wrapper.getFailedException();
                startFailures.put(id, failure == null ? "did not start (state " + state + ")" : reason(failure));
                LOG.warn("Plugin {} did not start: {}", id, startFailures.get(id));
                return;
            }
            PluginExtensions extensions = PluginExtensions.of(manager.getExtensions(id));
            started.put(id, extensions);
            try {
                listeners.orderedStream().forEach(l -> l.pluginStarted(id, extensions));
            } catch (RuntimeException e) {
                startFailures.put(id, reason(e));
                LOG.warn("Plugin {} was stopped again: {}", id, reason(e));
                stopStarted(id);
                return;
            }
            LOG.info("Started plugin {} providing {} and channel types {}", id, extensions.pointNames(),
                    channelTypes(extensions));
        } catch (RuntimeException | LinkageError e) {
            startFailures.put(id, reason(e));
            LOG.warn("Plugin {} failed while starting: {}", id, reason(e));
        } finally {
            MDC.remove("plugin");
        }
    }

    private void stopStarted(String id) {
        listeners.orderedStream().forEach(l -> {
            try {
                l.pluginStopping(id);
            } catch (RuntimeException e) {
                LOG.error("Letting go of plugin {} failed", id, e);
            }
        });
        started.remove(id);
        PluginWrapper wrapper = manager.getPlugin(id);
        if (wrapper != null && wrapper.getPluginState() == PluginState.STARTED) {
            manager.stopPlugin(id);
        }
    }

    private void unloadFile(Path file) {
        loadFailures.remove(file);
        String id = idsByFile.remove(file);
        if (id != null) {
            unload(id);
        }
    }

    private void unload(String id) {
        stopStarted(id);
        startFailures.remove(id);
        manager.unloadPlugin(id);
        LOG.info("Unloaded plugin {}", id);
    }

    /** @return every plugin, and every jar that failed to load, sorted by id */
    public synchronized List<PluginInfo> list() {
        List<PluginInfo> all = new ArrayList<>();
        if (manager == null) {
            return all;
        }
        idsByFile.forEach((file, id) -> all.add(info(file, id)));
        loadFailures.forEach((file, error) -> all.add(new PluginInfo(file.getFileName().toString(), null, null, null,
                PluginState.FAILED.name(), error, file.getFileName().toString(), List.of(), List.of())));
        all.sort(Comparator.comparing(PluginInfo::id));
        return all;
    }

    /**
     * @param id a plugin id, or the file name of a jar that failed to load
     * @return the plugin
     * @throws NotFoundException when there is none
     */
    public synchronized PluginInfo get(String id) {
        return list().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("plugin", id));
    }

    private PluginInfo info(Path file, String id) {
        PluginWrapper wrapper = manager.getPlugin(id);
        PluginDescriptor d = wrapper.getDescriptor();
        String error = startFailures.get(id);
        PluginState pf4j = wrapper.getPluginState();
        // loaded but never started (an admin stopped it before a restart) is stopped, as far as users care
        String state = error != null ? PluginState.FAILED.name()
                : pf4j == PluginState.RESOLVED || pf4j == PluginState.CREATED ? PluginState.STOPPED.name()
                : pf4j.name();
        PluginExtensions extensions = started.getOrDefault(id, PluginExtensions.none());
        return new PluginInfo(id, d.getVersion(), d.getPluginDescription(), d.getProvider(), state, error,
                file.getFileName().toString(), channelTypes(extensions), extensions.pointNames());
    }

    private static List<String> channelTypes(PluginExtensions extensions) {
        return extensions.of(ChannelConnector.class).stream().map(ChannelConnector::type).toList();
    }

    /**
     * Every extension of an extension point that started plugins provide, for consumers that look them up when
     * needed rather than follow {@link PluginListener} calls.
     *
     * @param point the extension point
     * @param <T>   its type
     * @return the extensions, by plugin id order
     */
    public <T> List<T> extensions(Class<T> point) {
        return started.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().of(point).stream()).toList();
    }

    /**
     * Starts a stopped or failed plugin and remembers that it should run.
     *
     * @param id the plugin
     * @return the plugin afterwards
     */
    public synchronized PluginInfo startPlugin(String id) {
        Path file = fileOf(id);
        states.setEnabled(id, true);
        if (manager.getPlugin(id).getPluginState() != PluginState.STARTED || startFailures.containsKey(id)) {
            stopStarted(id);
            startLoaded(id);
        }
        return info(file, id);
    }

    /**
     * Stops a plugin (its accounts' routes stop, its components are removed) and remembers that it should not run.
     *
     * @param id the plugin
     * @return the plugin afterwards
     */
    public synchronized PluginInfo stopPlugin(String id) {
        Path file = fileOf(id);
        states.setEnabled(id, false);
        stopStarted(id);
        startFailures.remove(id);
        LOG.info("Stopped plugin {}", id);
        return info(file, id);
    }

    /**
     * Stops and unloads a plugin and deletes its jar; also deletes a jar that failed to load, named by file name.
     *
     * @param id the plugin, or the file name of a jar that failed to load
     */
    public synchronized void deletePlugin(String id) {
        Optional<Path> failed = loadFailures.keySet().stream()
                .filter(f -> f.getFileName().toString().equals(id)).findFirst();
        Path file = failed.orElseGet(() -> fileOf(id));
        if (failed.isEmpty()) {
            idsByFile.remove(file);
            unload(id);
            states.forget(id);
        } else {
            loadFailures.remove(file);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalStateException("Could not delete " + file.getFileName() + ": " + e.getMessage(), e);
        }
        LOG.info("Deleted plugin {} ({})", id, file.getFileName());
    }

    /**
     * Installs an uploaded jar: written next to the others under its file name, then loaded at once.
     *
     * @param fileName the jar's file name
     * @param content  the jar
     * @return the plugin, possibly failed with its reason
     */
    public PluginInfo install(String fileName, InputStream content) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw new InvalidRequestException("file", "the file name must end in .jar and use letters, digits, "
                    + "dots, dashes and underscores only");
        }
        Path dir = properties.plugins().dir().toAbsolutePath().normalize();
        Path target = dir.resolve(fileName);
        synchronized (this) {
            if (idsByFile.containsKey(target)) {
                throw new ConflictException("a plugin is already installed from " + fileName
                        + "; delete it first");
            }
        }
        try {
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, ".upload-", ".part");
            try {
                Files.copy(content, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not store the uploaded plugin: " + e.getMessage(), e);
        }
        DirectoryWatcher w;
        synchronized (this) {
            w = watcher;
        }
        if (w != null) {
            w.acknowledge(target);
        }
        load(target);
        synchronized (this) {
            String id = idsByFile.get(target);
            if (id != null) {
                return info(target, id);
            }
            String error = loadFailures.getOrDefault(target, "not loaded");
            return new PluginInfo(fileName, null, null, null, PluginState.FAILED.name(), error, fileName, List.of(),
                    List.of());
        }
    }

    private Path fileOf(String id) {
        if (manager == null) {
            throw new NotFoundException("plugin", id);
        }
        return idsByFile.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new NotFoundException("plugin", id));
    }

    private static String reason(Throwable e) {
        return Errors.describe(e);
    }

    /** Stops every plugin and lets go of the directory, before the Camel context stops. */
    @PreDestroy
    public void shutdown() {
        DirectoryWatcher w;
        synchronized (this) {
            w = watcher;
            watcher = null;
        }
        if (w != null) {
            w.close();
        }
        synchronized (this) {
            if (manager == null) {
                return;
            }
            for (String id : new ArrayList<>(idsByFile.values())) {
                try {
                    unload(id);
                } catch (RuntimeException e) {
                    LOG.warn("Unloading plugin {} failed: {}", id, e.getMessage());
                }
            }
            idsByFile.clear();
            manager = null;
        }
    }
}
