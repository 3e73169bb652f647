package org.lineshub.hub.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.lineshub.hub.HubApplication;
import org.lineshub.telegram.fake.FakeTelegramBotApi;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the full-application tests that share a second running hub, apart from {@link HubIT}'s: for tests whose
 * settings or data would disturb others (thousands of rows, a stopped account with many pending replies). Like
 * {@link HubIT} it runs on a real MariaDB with the loopback and Telegram plugins against fakes on 127.0.0.1; unlike it,
 * an outbox claim lasts one second (so a send that outlives it shows), routing's timers run only when a test calls
 * them, and Hibernate keeps statistics. {@link #startNode} starts another hub on the same database, as a second node.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class StandaloneHubIT {

    protected static final LoopbackPlatform LOOPBACK = LoopbackPlatform.start();
    protected static final FakeTelegramBotApi TELEGRAM = FakeTelegramBotApi.start();
    protected static final int PORT = TestHub.freePort();
    /** How long an outbox claim lasts unless its sender renews it. */
    protected static final String CLAIM_TIMEOUT = "1s";
    private static final String DATABASE = TestDatabase.newDatabase("hub_standalone_it");
    private static final Path DATA = TestHub.tempDir("hub-standalone-data");
    private static final Path PLUGINS = TestHub.pluginDirectory("telegram.jar");
    private static final Path ROUTES = TestHub.tempDir("hub-standalone-routes");

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        TestHub.register(registry, PORT, DATABASE, DATA, PLUGINS, ROUTES);
        tuning().forEach((name, value) -> registry.add(name, () -> value));
    }

    private static Map<String, String> tuning() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hub.outbox.claim-timeout", CLAIM_TIMEOUT);
        p.put("hub.routing.sweep-interval", "1h");
        p.put("hub.routing.offer-check-interval", "1h");
        p.put("hub.routing.auto-close-interval", "1h");
        p.put("spring.jpa.properties.hibernate.generate_statistics", "true");
        return p;
    }

    /** @return the hub's base URL */
    protected static String base() {
        return "http://127.0.0.1:" + PORT;
    }

    /** @return an API client logged in as the first admin */
    protected static HubClient admin() {
        return HubClient.basic(base(), "admin", TestHub.ADMIN_PASSWORD);
    }

    /** @return fixtures acting as the first admin */
    protected static Fixtures fixtures() {
        return new Fixtures(admin(), TELEGRAM, LOOPBACK);
    }

    /**
     * Starts another hub on this hub's database, data directory and plugins, as a second node of one installation;
     * close it when done.
     *
     * @param port its HTTP port
     * @return the running node
     */
    protected static ConfigurableApplicationContext startNode(int port) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", Integer.toString(port));
        p.put("hub.public-url", "http://127.0.0.1:" + port);
        p.put("hub.db.url", DATABASE);
        p.put("hub.db.user", TestDatabase.user());
        if (TestDatabase.password() != null) {
            p.put("hub.db.password", TestDatabase.password());
        }
        p.put("hub.data-dir", DATA.toString());
        p.put("hub.plugins.dir", TestHub.pluginDirectory("telegram.jar").toString());
        p.put("hub.routes.dir", TestHub.tempDir("hub-node-routes").toString());
        p.put("hub.admin.password", TestHub.ADMIN_PASSWORD);
        p.put("hub.outbox.initial-backoff", "200ms");
        p.put("hub.outbox.poll-interval", "200ms");
        p.put("camel.main.shutdown-timeout", "2");
        p.putAll(tuning());
        // as command-line arguments, so they win over application.yml like the environment does
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(HubApplication.class).run(args);
    }
}
