package org.lineshub.hub.integration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.system.DirectoryWatcher;
import org.lineshub.hub.system.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Loads the Camel YAML routes in {@code routes/} ({@code hub.routes.dir}) at start and reloads a file when it
 * changes: its routes are removed and loaded again; a deleted file's routes are removed. Only that file's routes are
 * touched, never the hub's or the plugins'. A file that does not load is reported with its error; the others run.
 */
@Component
public class RouteFiles {

    /**
     * One routes file.
     *
     * @param file     the file name
     * @param routeIds the routes it defines, while loaded
     * @param error    why it did not load, or {@code null}
     */
    public record RouteFile(String file, List<String> routeIds, String error) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);

    private final CamelContext camel;
    private final HubProperties properties;
    private final Map<Path, RouteFile> files = new LinkedHashMap<>();
    private DirectoryWatcher watcher;

    RouteFiles(CamelContext camel, HubProperties properties) {
        this.camel = camel;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(30)
    synchronized void start() {
        if (watcher != null) {
            return;
        }
        Path dir = properties.routes().dir().toAbsolutePath().normalize();
        watcher = new DirectoryWatcher(dir, "*.{yaml,yml}", new DirectoryWatcher.Listener() {
            @Override
            public void added(Path file) {
                load(file);
            }

            @Override
            public void changed(Path file) {
                load(file);
            }

            @Override
            public void removed(Path file) {
                unload(file);
                synchronized (RouteFiles.this) {
                    files.remove(file);
                }
                LOG.info("Routes file {} removed", file.getFileName());
            }
        });
        LOG.info("Loading routes from {}", dir);
        watcher.start(properties.routes().scanInterval(), "routes-watcher");
    }


    private synchronized void load(Path file) {
        unload(file);
        try {
            Resource resource = ResourceHelper.resolveMandatoryResource(camel, "file:" + file);
            Set<String> ids;
            // the channel runtime tells an account's routes by comparing route ids around adding them
            synchronized (camel) {
                ids = PluginHelper.getRoutesLoader(camel).updateRoutes(List.of(resource));
            }
            files.put(file, new RouteFile(file.getFileName().toString(), ids.stream().sorted().toList(), null));
            LOG.info("Loaded routes {} from {}", ids, file.getFileName());
        } catch (Exception e) {
            String error = Errors.describe(e);
            files.put(file, new RouteFile(file.getFileName().toString(), List.of(), error));
            LOG.warn("Routes file {} did not load: {}", file.getFileName(), error);
        }
    }

    private synchronized void unload(Path file) {
        RouteFile known = files.get(file);
        if (known == null) {
            return;
        }
        for (String id : known.routeIds()) {
            try {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("Route {} of {} did not stop cleanly: {}", id, file.getFileName(), e.getMessage());
            }
        }
    }

    /** @return every routes file with its routes or its error */
    public synchronized List<RouteFile> list() {
        List<RouteFile> all = new ArrayList<>(files.values());
        all.sort(Comparator.comparing(RouteFile::file));
        return all;
    }

    @PreDestroy
    void stop() {
        DirectoryWatcher w;
        synchronized (this) {
            w = watcher;
            watcher = null;
        }
        if (w != null) {
            w.close();
        }
    }
}
