package org.lineshub.hub.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/** The properties every full-application test context sets: its own database, directories, port and admin. */
public final class TestHub {

    /** The first admin's password in tests. */
    public static final String ADMIN_PASSWORD = "admin-secret-1";

    private TestHub() {
    }

    /**
     * @param registry   the test context's dynamic properties
     * @param port       the HTTP port (also the hub's public URL)
     * @param database   JDBC URL of the context's database
     * @param dataDir    the hub's data directory
     * @param pluginsDir the plugin directory
     * @param routesDir  the routes directory
     */
    public static void register(DynamicPropertyRegistry registry, int port, String database, Path dataDir,
                                Path pluginsDir, Path routesDir) {
        registry.add("server.port", () -> port);
        registry.add("hub.public-url", () -> "http://127.0.0.1:" + port);
        registry.add("hub.db.url", () -> database);
        registry.add("hub.db.user", TestDatabase::user);
        registry.add("hub.db.password", TestDatabase::password);
        registry.add("hub.data-dir", dataDir::toString);
        registry.add("hub.plugins.dir", pluginsDir::toString);
        registry.add("hub.plugins.scan-interval", () -> "300ms");
        registry.add("hub.routes.dir", routesDir::toString);
        registry.add("hub.routes.scan-interval", () -> "300ms");
        registry.add("hub.admin.password", () -> ADMIN_PASSWORD);
        registry.add("hub.outbox.initial-backoff", () -> "200ms");
        registry.add("hub.outbox.max-backoff", () -> "2s");
        registry.add("hub.outbox.poll-interval", () -> "200ms");
        registry.add("hub.routing.sweep-interval", () -> "2s");
        registry.add("hub.routing.offer-check-interval", () -> "500ms");
        registry.add("hub.routing.auto-close-interval", () -> "1s");
        // the test JVM's shared database stops in a shutdown hook of its own, while the cached contexts close: a
        // timer task then waits for a connection that never comes, and must not hold the JVM's exit for long
        registry.add("spring.lifecycle.timeout-per-shutdown-phase", () -> "2s");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "5000");
        registry.add("hub.webhooks.initial-backoff", () -> "100ms");
        registry.add("hub.webhooks.max-backoff", () -> "1s");
        registry.add("hub.webhooks.poll-interval", () -> "200ms");
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> 30);
    }

    /** @return a free TCP port on this machine */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a new temporary directory, deleted when the test JVM exits */
    public static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TestDatabase.deleteRecursively(dir),
                    "delete " + dir.getFileName()));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A plugin directory of a test's own with the loopback plugin and, when named, plugins the build copied for
     * integration tests.
     *
     * @param bundled file names in {@link #bundledPlugins()}, e.g. {@code telegram.jar}
     * @return a new directory
     */
    public static Path pluginDirectory(String... bundled) {
        Path dir = tempDir("hub-plugins");
        try {
            Files.copy(TestPlugins.loopbackPlugin(), dir.resolve("loopback.jar"));
            for (String jar : bundled) {
                Files.copy(bundledPlugins().resolve(jar), dir.resolve(jar));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot fill the plugin directory " + dir, e);
        }
        return dir;
    }

    /** @return the directory with the real Telegram plugin jar the build copied for integration tests */
    public static Path bundledPlugins() {
        String dir = System.getProperty("it.plugins.dir");
        if (dir == null) {
            throw new IllegalStateException("it.plugins.dir is not set: run integration tests through Maven "
                    + "(./mvnw verify)");
        }
        return Path.of(dir);
    }
}
