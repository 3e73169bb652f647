package org.lineshub.hub.system;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded MariaDB as soon as the hub's settings are known, on a thread of its own, so that the server
 * installs and starts while Spring builds the rest of the application instead of before it: the two take about as
 * long, and on two cores the hub is ready in roughly the longer of them instead of their sum. The database
 * configuration then takes the server that was started here, or starts one itself when nothing was (tests, a hub
 * started without {@link org.lineshub.hub.HubApplication#main}).
 */
public final class EmbeddedDatabaseEarlyStart implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Map<Path, CompletableFuture<EmbeddedMariaDb>> STARTING = new ConcurrentHashMap<>();

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Environment env = event.getEnvironment();
        String url = env.getProperty("hub.db.url");
        if (url != null && !url.isBlank()) {
            return;
        }
        Path home = home(Path.of(env.getProperty("hub.data-dir", "./data")));
        int port = env.getProperty("hub.db.embedded-port", Integer.class, 0);
        STARTING.computeIfAbsent(home, h -> {
            CompletableFuture<EmbeddedMariaDb> started = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    started.complete(EmbeddedMariaDb.start(h, port));
                } catch (RuntimeException | Error e) {
                    started.completeExceptionally(e);
                }
            }, "embedded-mariadb-start");
            thread.setDaemon(true);
            thread.start();
            return started;
        });
    }

    /**
     * @param dataDir the hub's data directory
     * @param port    the port asked for, 0 for a free one
     * @return the server started early for that directory, once it runs, or one started now
     * @throws IllegalStateException when the server does not start
     */
    static EmbeddedMariaDb take(Path dataDir, int port) {
        Path home = home(dataDir);
        CompletableFuture<EmbeddedMariaDb> started = STARTING.remove(home);
        if (started == null) {
            return EmbeddedMariaDb.start(home, port);
        }
        try {
            return started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static Path home(Path dataDir) {
        return dataDir.resolve("mariadb").toAbsolutePath().normalize();
    }
}
