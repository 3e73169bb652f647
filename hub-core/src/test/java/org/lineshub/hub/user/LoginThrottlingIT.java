package org.lineshub.hub.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.hub.support.TestHub;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Password guessing is limited per user and client address, with the counters in the database: behind a proxy
 * (forwarded headers honoured) a lockout from one client's address leaves the user free to log in from another,
 * and a lockout holds when the hub restarts.
 */
class LoginThrottlingIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aLockoutFromOneAddressBehindAProxyLeavesOtherAddressesFreeAndSurvivesARestart(@TempDir Path data)
            throws Exception {
        int port = TestHub.freePort();
        String base = "http://127.0.0.1:" + port;
        Map<String, Object> properties = properties(port, data);
        HubClient admin = HubClient.basic(base, "admin", TestHub.ADMIN_PASSWORD);

        try (ConfigurableApplicationContext first = start(properties)) {
            admin.post("/api/v1/users", Map.of("username", "nina", "displayName", "Nina",
                    "password", "pw-nina-1234")).ok();
            for (int i = 0; i < 5; i++) {
                assertThat(me(base, "nina", "wrong-" + i, "127.0.0.2")).isEqualTo(401);
            }

            assertThat(me(base, "nina", "pw-nina-1234", "127.0.0.2")).isEqualTo(429);
            assertThat(me(base, "nina", "pw-nina-1234", "127.0.0.3")).as("another client behind the proxy")
                    .isEqualTo(200);
        }

        try (ConfigurableApplicationContext second = start(properties)) {
            assertThat(me(base, "nina", "pw-nina-1234", "127.0.0.2")).as("after a restart").isEqualTo(429);
            assertThat(me(base, "nina", "pw-nina-1234", "127.0.0.3")).isEqualTo(200);
        }
    }

    /** @return the status of {@code GET /api/v1/me} with HTTP Basic, through a proxy for {@code client} */
    private int me(String base, String username, String password, String client) throws Exception {
        String basic = Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/me")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic).header("X-Forwarded-For", client).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Map<String, Object> properties(int port, Path data) {
        Map<String, Object> p = new HashMap<>();
        p.put("server.port", port);
        p.put("server.forward-headers-strategy", "native");
        p.put("hub.public-url", "http://127.0.0.1:" + port);
        p.put("hub.data-dir", data.toString());
        p.put("hub.plugins.dir", TestHub.pluginDirectory().toString());
        p.put("hub.routes.dir", data.resolve("routes").toString());
        p.put("hub.admin.password", TestHub.ADMIN_PASSWORD);
        p.put("hub.db.url", TestDatabase.newDatabase("login_it"));
        p.put("hub.db.user", TestDatabase.user());
        if (TestDatabase.password() != null) {
            p.put("hub.db.password", TestDatabase.password());
        }
        p.put("camel.main.shutdown-timeout", "2");
        return p;
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        // as command-line arguments, so they win over application.yml like the environment does
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(HubApplication.class).run(args);
    }
}
