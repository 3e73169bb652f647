package org.lineshub.hub.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.hub.support.TestHub;
import org.lineshub.hub.support.TestPlugins;
import org.lineshub.plugin.api.HubEndpoints;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.SenderProfile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Plugins at runtime: a real plugin jar, compiled in a temporary directory, copied into the plugin directory of a
 * running hub is loaded and its channel type works; stopping, starting and deleting it act on its accounts, its
 * routes and its Camel components; its class loader is released; jars that are not plugins and plugins that fail
 * are reported while the hub keeps running.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class PluginRuntimeIT {

    private static final int PORT = TestHub.freePort();
    private static final Path PLUGINS = TestHub.tempDir("hub-plugins");

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) throws Exception {
        Files.copy(TestHub.bundledPlugins().resolve("telegram.jar"), PLUGINS.resolve("telegram.jar"));
        TestHub.register(registry, PORT, TestDatabase.newDatabase("plugins_it"), TestHub.tempDir("hub-plugins-data"),
                PLUGINS, TestHub.tempDir("hub-plugins-routes"));
    }

    @Autowired
    private CamelContext camel;

    @Autowired
    private ProducerTemplate producer;

    private final HubClient admin = HubClient.basic("http://127.0.0.1:" + PORT, "admin", TestHub.ADMIN_PASSWORD);

    @Test
    void pluginCopiedInWhileRunningIsLoadedUsedStoppedStartedAndUnloaded(@TempDir Path work) throws Exception {
        Path jar = TestPlugins.echoPlugin(work, "echo", "echo", false);
        Files.copy(jar, PLUGINS.resolve("echo.jar"));

        await().atMost(Duration.ofSeconds(15)).until(() -> "STARTED".equals(state("echo")));
        JsonNode plugin = admin.get("/api/v1/plugins/echo").ok();
        assertThat(plugin.get("version").asText()).isEqualTo("1.0.0");
        assertThat(plugin.get("channelTypes").get(0).asText()).isEqualTo("echo");
        JsonNode type = admin.get("/api/v1/channel-types/echo").ok();
        assertThat(type.get("settings").get(0).get("name").asText()).isEqualTo("greeting");

        long line = admin.post("/api/v1/lines", Map.of("name", "Echo line")).ok().get("id").asLong();
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", "echo", "name", "echo 1",
                "lineId", line)).ok();
        long accountId = account.get("id").asLong();
        assertThat(account.get("status").asText()).isEqualTo("RUNNING");
        String component = "echo-" + accountId;
        assertThat(camel.hasComponent(component)).isNotNull();
        WeakReference<ClassLoader> loader = new WeakReference<>(
                camel.hasComponent(component).getClass().getClassLoader());

        // the channel type works: a message comes in, the reply goes out through the plugin's route
        producer.sendBody(HubEndpoints.INBOUND, InboundMessage.builder(accountId, "m-1", "chat-1",
                SenderProfile.builder("user-1").firstName("Echo").lastName("Client").build()).text("ping").build());
        long session = admin.get("/api/v1/sessions?lineId=" + line).ok().get(0).get("id").asLong();
        long reply = admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "pong")).ok()
                .get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> ("echo-" + reply)
                .equals(message(session, reply).path("externalId").asText()));

        JsonNode stopped = admin.post("/api/v1/plugins/echo/stop", Map.of()).ok();
        assertThat(stopped.get("state").asText()).isEqualTo("STOPPED");
        assertThat(accountStatus(accountId)).isEqualTo("STOPPED");
        assertThat(camel.hasComponent(component)).isNull();
        assertThat(camel.getRoute("echo." + accountId + ".outbound")).isNull();

        assertThat(admin.post("/api/v1/plugins/echo/start", Map.of()).ok().get("state").asText()).isEqualTo("STARTED");
        assertThat(accountStatus(accountId)).isEqualTo("RUNNING");
        assertThat(camel.hasComponent(component)).isNotNull();
        loader = new WeakReference<>(camel.hasComponent(component).getClass().getClassLoader());

        assertThat(admin.delete("/api/v1/plugins/echo").status()).isEqualTo(204);
        assertThat(Files.exists(PLUGINS.resolve("echo.jar"))).isFalse();
        assertThat(admin.get("/api/v1/plugins").ok().findValuesAsText("id")).doesNotContain("echo");
        assertThat(accountStatus(accountId)).isEqualTo("STOPPED");
        assertThat(camel.hasComponent(component)).isNull();
        assertThat(state("telegram")).isEqualTo("STARTED");

        WeakReference<ClassLoader> released = loader;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return released.get() == null;
        });
    }

    @Test
    void aJarThatIsNotAPluginIsReportedAndTheHubKeepsRunning(@TempDir Path work) throws Exception {
        Files.copy(TestPlugins.notAPlugin(work, "garbage.jar"), PLUGINS.resolve("garbage.jar"));

        await().atMost(Duration.ofSeconds(15)).until(() -> state("garbage.jar") != null);
        JsonNode garbage = admin.get("/api/v1/plugins/garbage.jar").ok();
        assertThat(garbage.get("state").asText()).isEqualTo("FAILED");
        assertThat(garbage.get("error").asText()).isNotBlank();
        assertThat(state("telegram")).isEqualTo("STARTED");
        assertThat(admin.get("/api/v1/lines").status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/plugins/garbage.jar").status()).isEqualTo(204);
        assertThat(Files.exists(PLUGINS.resolve("garbage.jar"))).isFalse();
    }

    @Test
    void anAccountWhosePluginFailsToBuildItsRoutesIsFailedWithTheReason(@TempDir Path work) throws Exception {
        Path jar = TestPlugins.echoPlugin(work, "broken-echo", "broken-echo", true);
        HubClient.Response uploaded = admin.postFile("/api/v1/plugins", "file", "broken-echo.jar",
                "application/java-archive", Files.readAllBytes(jar), Map.of());
        assertThat(uploaded.status()).isEqualTo(201);
        assertThat(uploaded.body().get("state").asText()).isEqualTo("STARTED");

        long line = admin.post("/api/v1/lines", Map.of("name", "Broken line")).ok().get("id").asLong();
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", "broken-echo", "name", "broken",
                "lineId", line)).ok();

        assertThat(account.get("status").asText()).isEqualTo("FAILED");
        assertThat(account.get("lastError").asText()).contains("broken on purpose");
        assertThat(state("telegram")).isEqualTo("STARTED");
        admin.delete("/api/v1/plugins/broken-echo");
    }

    @Test
    void anUploadThatIsNotAJarNameIsRefused() {
        HubClient.Response r = admin.postFile("/api/v1/plugins", "file", "../evil.sh", "text/plain",
                "#!/bin/sh".getBytes(), Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("field").asText()).isEqualTo("file");
    }

    private String state(String id) {
        for (JsonNode p : admin.get("/api/v1/plugins").ok()) {
            if (p.get("id").asText().equals(id)) {
                return p.get("state").asText();
            }
        }
        return null;
    }

    private String accountStatus(long id) {
        return admin.get("/api/v1/channel-accounts/" + id).ok().get("status").asText();
    }

    private JsonNode message(long session, long id) {
        for (JsonNode m : admin.get("/api/v1/sessions/" + session + "/messages").ok()) {
            if (m.get("id").asLong() == id) {
                return m;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
