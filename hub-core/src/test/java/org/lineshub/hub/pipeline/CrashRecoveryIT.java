package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.LoopbackPlatform;
import org.lineshub.hub.support.LoopbackPlatform.Answer;
import org.lineshub.hub.support.LoopbackPlatform.Event;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.hub.support.TestHub;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Nothing is lost when the hub cannot store what arrived. It goes down after receiving an update but before storing
 * it while a reply is still pending: after a restart on the same data the update is stored exactly once and the
 * reply delivered. A webhook call whose update is not stored is answered 503, and the platform's next delivery is
 * stored once. Runs the hub as its first README command does, with the embedded MariaDB under its data directory (or
 * on the server named by HUB_TEST_DB_URL), and the loopback plugin against a fake platform.
 */
class CrashRecoveryIT {

    @Test
    void updateReceivedButNotStoredAndPendingReplySurviveARestart(@TempDir Path data) throws Exception {
        try (LoopbackPlatform platform = LoopbackPlatform.start()) {
            int port = TestHub.freePort();
            Map<String, Object> properties = properties(port, data);
            HubClient admin = HubClient.basic("http://127.0.0.1:" + port, "admin", TestHub.ADMIN_PASSWORD);
            LoopbackPlatform.Account client = platform.newAccount();
            long line;
            long session;
            long reply;

            try (ConfigurableApplicationContext first = start(properties)) {
                line = admin.post("/api/v1/lines", Map.of("name", "Crash line", "showOperatorName", false)).ok()
                        .get("id").asLong();
                admin.post("/api/v1/channel-accounts", Map.of("type", "loopback", "name", "crash account",
                        "lineId", line, "settings", Map.of("baseUrl", client.baseUrl()))).ok();
                client.enqueueText("9001", "9001", "Survivor", "before the crash");
                session = awaitSession(admin, line);

                // the platform is down for now: the reply stays pending in the outbox
                client.failSends(500, 1000);
                reply = admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "still there?"))
                        .ok().get("id").asLong();
                await().atMost(Duration.ofSeconds(10)).until(() -> client.sendCalls() >= 1);

                // the hub receives the next update but goes down before storing it
                CountDownLatch received = new CountDownLatch(1);
                CamelContext camel = first.getBean(CamelContext.class);
                AdviceWith.adviceWith(camel, "hub.inbound", route -> route.weaveAddFirst().process(exchange -> {
                    received.countDown();
                    Thread.sleep(Long.MAX_VALUE);
                }));
                client.enqueueText("9001", "9001", "Survivor", "during the crash");
                assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(client.pendingUpdateCount()).as("the platform still holds the unstored update").isEqualTo(1);
            client.clearFaults();

            try (ConfigurableApplicationContext second = start(properties)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> messages(admin, session, "INBOUND") == 2);
                await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(status(admin, session, reply)));
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> messages(admin, session, "INBOUND") == 2);
                assertThat(admin.get("/api/v1/sessions?lineId=" + line).ok()).hasSize(1);
                assertThat(client.sent()).hasSize(1);
                assertThat(client.sent().get(0).text()).isEqualTo("still there?");
                await().atMost(Duration.ofSeconds(10)).until(() -> client.pendingUpdateCount() == 0);
            }
        }
    }

    @Test
    void aWebhookUpdateTheHubCannotStoreGets503AndIsStoredOnceWhenDeliveredAgain(@TempDir Path data)
            throws Exception {
        String secret = "crash-webhook-secret-0123";
        try (LoopbackPlatform platform = LoopbackPlatform.start()) {
            int port = TestHub.freePort();
            HubClient admin = HubClient.basic("http://127.0.0.1:" + port, "admin", TestHub.ADMIN_PASSWORD);
            try (ConfigurableApplicationContext hub = start(properties(port, data))) {
                long line = admin.post("/api/v1/lines", Map.of("name", "Unstored line")).ok().get("id").asLong();
                String webhook = admin.post("/api/v1/channel-accounts", Map.of("type", "loopback",
                        "name", "webhook account", "lineId", line, "settings", Map.of("mode", "webhook",
                                "secret", secret, "baseUrl", platform.newAccount().baseUrl()))).ok()
                        .get("webhookUrl").asText();
                // the store fails for now, e.g. the database is unreachable
                AtomicBoolean failing = new AtomicBoolean(true);
                AdviceWith.adviceWith(hub.getBean(CamelContext.class), "hub.inbound", route -> route.weaveAddFirst()
                        .process(exchange -> {
                            if (failing.get()) {
                                throw new IllegalStateException("the database is away");
                            }
                        }));
                Event hello = Event.message("w-1", "9002", "9002", "Client9002", "are you there?");

                Answer refused = platform.postWebhook(webhook, secret, hello);
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(admin.get("/api/v1/sessions?lineId=" + line).ok()).isEmpty();

                failing.set(false);
                assertThat(platform.postWebhook(webhook, secret, hello).status()).isEqualTo(200);
                assertThat(platform.postWebhook(webhook, secret, hello).status()).isEqualTo(200);
                JsonNode sessions = admin.get("/api/v1/sessions?lineId=" + line).ok();
                assertThat(sessions).hasSize(1);
                assertThat(messages(admin, sessions.get(0).get("id").asLong(), "INBOUND")).isEqualTo(1);
            }
        }
    }

    private static Map<String, Object> properties(int port, Path data) {
        Map<String, Object> p = new HashMap<>();
        p.put("server.port", port);
        p.put("hub.public-url", "http://127.0.0.1:" + port);
        p.put("hub.data-dir", data.toString());
        p.put("hub.plugins.dir", TestHub.pluginDirectory().toString());
        p.put("hub.routes.dir", data.resolve("routes").toString());
        p.put("hub.admin.password", TestHub.ADMIN_PASSWORD);
        p.put("hub.outbox.initial-backoff", "200ms");
        p.put("hub.outbox.max-backoff", "1s");
        p.put("hub.outbox.max-attempts", "1000");
        p.put("hub.outbox.poll-interval", "200ms");
        p.put("camel.main.shutdown-timeout", "2");
        if (TestDatabase.external()) {
            p.put("hub.db.url", TestDatabase.newDatabase("crash_it"));
            p.put("hub.db.user", TestDatabase.user());
            p.put("hub.db.password", TestDatabase.password());
        }
        return p;
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        // as command-line arguments, so they win over application.yml like the environment does
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(HubApplication.class).run(args);
    }

    private static long awaitSession(HubClient admin, long line) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !admin.get("/api/v1/sessions?lineId=" + line).ok()
                .isEmpty());
        return admin.get("/api/v1/sessions?lineId=" + line).ok().get(0).get("id").asLong();
    }

    private static long messages(HubClient admin, long session, String direction) {
        long n = 0;
        for (JsonNode m : admin.get("/api/v1/sessions/" + session + "/messages").ok()) {
            if (direction.equals(m.get("direction").asText())) {
                n++;
            }
        }
        return n;
    }

    private static String status(HubClient admin, long session, long message) {
        for (JsonNode m : admin.get("/api/v1/sessions/" + session + "/messages").ok()) {
            if (m.get("id").asLong() == message) {
                return m.get("deliveryStatus").asText();
            }
        }
        return null;
    }
}
