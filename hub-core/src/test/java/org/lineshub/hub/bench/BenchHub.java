package org.lineshub.hub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The hub under test: one started in this JVM exactly like the README's first command does (the bundled plugins,
 * the embedded MariaDB under {@code bench.dir/bench-data}, emptied first, or the external server with
 * {@code bench.db=external}), or one running elsewhere ({@code bench.hub}). The admin's password is used once, to
 * create an API token for the run: HTTP Basic costs a BCrypt check per request, which would make reading back
 * thousands of messages take minutes.
 */
final class BenchHub implements AutoCloseable {

    private static final String IN_PROCESS_PASSWORD = "bench-admin-secret";

    private final String base;
    private final HubClient admin;
    private final long tokenId;
    private final ConfigurableApplicationContext context;
    private final BenchDatabase database;

    private BenchHub(String base, HubClient basic, ConfigurableApplicationContext context, BenchDatabase database) {
        this.base = base;
        this.context = context;
        this.database = database;
        JsonNode token = basic.post("/api/v1/tokens", Map.of("name", "intake benchmark "
                + System.currentTimeMillis(), "expiresAt", Instant.now().plus(Duration.ofDays(1)).toString()))
                .ok();
        this.tokenId = token.path("view").path("id").asLong();
        this.admin = HubClient.bearer(base, token.get("token").asText());
    }

    /**
     * @param options  the options
     * @param external the external database server, or {@code null} for the embedded one
     * @return the hub, running
     */
    static BenchHub start(BenchOptions options, BenchDatabase external) {
        if (!options.hubUrl().isEmpty()) {
            return new BenchHub(options.hubUrl(), HubClient.basic(options.hubUrl(), options.user(),
                    options.password()), null, external);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return startInProcess(options, external);
            } catch (RuntimeException e) {
                // a free port can be taken by another process before the hub binds it
                if (attempt == 3 || !portInUse(e)) {
                    throw e;
                }
                System.out.println("A port was taken while the hub started; starting it again on others");
            }
        }
    }

    private static BenchHub startInProcess(BenchOptions options, BenchDatabase external) {
        Path data = options.dir().resolve("bench-data");
        TestDatabase.deleteRecursively(data);
        int[] ports = freePorts();
        String base = "http://127.0.0.1:" + ports[0];
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", ports[0]);
        p.put("hub.public-url", base);
        p.put("hub.data-dir", data);
        p.put("hub.plugins.dir", options.plugins());
        p.put("hub.routes.dir", options.routes());
        p.put("hub.admin.password", IN_PROCESS_PASSWORD);
        p.put("camel.main.shutdown-timeout", "2");
        BenchDatabase database;
        if (external == null) {
            p.put("hub.db.embedded-port", ports[1]);
            database = BenchDatabase.embedded(ports[1]);
        } else {
            external.recreate(options.dbName());
            p.put("hub.db.url", external.url(options.dbName()));
            p.put("hub.db.user", external.user());
            p.put("hub.db.password", external.password());
            database = external;
        }
        // as command-line arguments, so they win over application.yml like the environment does
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(HubApplication.class).run(args);
        try {
            return new BenchHub(base, HubClient.basic(base, "admin", IN_PROCESS_PASSWORD), context, database);
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
    }

    /** @return two free TCP ports, different from each other */
    private static int[] freePorts() {
        try (ServerSocket http = new ServerSocket(0); ServerSocket db = new ServerSocket(0)) {
            return new int[] {http.getLocalPort(), db.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean portInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PortInUseException || t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param plugins jar names
     * @throws IllegalStateException when the in-process hub would miss one
     */
    static void requirePlugins(BenchOptions options, String... plugins) {
        if (!options.hubUrl().isEmpty()) {
            return;
        }
        for (String jar : plugins) {
            if (!Files.isRegularFile(options.plugins().resolve(jar))) {
                throw new IllegalStateException("no " + jar + " in " + options.plugins()
                        + ": build first (./mvnw -B -q -Pbench -DskipTests verify does)");
            }
        }
    }

    String base() {
        return base;
    }

    HubClient admin() {
        return admin;
    }

    boolean inProcess() {
        return context != null;
    }

    /** @return the database server the hub uses, or {@code null} when that is not known (a hub elsewhere) */
    BenchDatabase database() {
        return database;
    }

    String where() {
        return context == null ? base : "in this JVM at " + base;
    }

    /** @return a new line's id */
    long line(String name) {
        return admin.post("/api/v1/lines", Map.of("name", name)).ok().get("id").asLong();
    }

    /**
     * Creates a channel account and checks that it runs.
     *
     * @return the account as the API shows it
     */
    JsonNode account(String type, String name, long line, Map<String, Object> settings) {
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", type, "name", name, "lineId", line,
                "settings", settings)).ok();
        if (!"RUNNING".equals(account.path("status").asText())) {
            throw new IllegalStateException("the " + type + " account did not start: " + account);
        }
        return account;
    }

    /** Deletes an account (its messages stay), so that a hub elsewhere does not keep polling a gone fake. */
    void deleteAccount(long id) {
        HubClient.Response r = admin.delete("/api/v1/channel-accounts/" + id);
        if (r.status() / 100 != 2) {
            System.out.println("Could not delete channel account " + id + ": " + r.status());
        }
    }

    /**
     * Reads every client message of a line through the REST API and counts them against what was sent.
     *
     * @param line  the line
     * @param check what was sent
     */
    void readBack(long line, ExactlyOnce check) {
        for (String next = "/api/v1/sessions?lineId=" + line + "&sort=created&limit=200"; next != null; ) {
            HubClient.Page page = admin.getPage(next);
            for (JsonNode session : page.body()) {
                readMessages(session.get("id").asLong(), check);
            }
            next = page.next();
        }
    }

    private void readMessages(long session, ExactlyOnce check) {
        long after = 0;
        while (true) {
            JsonNode page = admin.get("/api/v1/sessions/" + session + "/messages?limit=500&after=" + after).ok();
            for (JsonNode m : page) {
                // the next page starts after the last message of this one, in the session's order
                after = m.get("id").asLong();
                if ("INBOUND".equals(m.path("direction").asText())) {
                    check.found(m.path("text").asText(null));
                }
            }
            if (page.size() < 500) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            admin.delete("/api/v1/tokens/" + tokenId);
        } finally {
            if (context != null) {
                context.close();
            }
        }
    }
}
