package org.lineshub.hub.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.hub.support.TestHub;
import org.lineshub.hub.support.TestPlugins;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Plugins at runtime: a real plugin jar, compiled in a temporary directory, copied into the plugin directory of a
 * running hub is loaded and its channel type works; stopping, starting and deleting it act on its accounts, its
 * routes and its Camel components; its class loader is released; jars that are not plugins, plugins built for
 * another plugin API and plugins that fail are reported while the hub keeps running; extensions of an extension
 * point the hub does not know are found.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(PluginRuntimeIT.GreeterConsumer.class)
class PluginRuntimeIT {

    private static final int PORT = TestHub.freePort();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final Path PLUGINS = TestHub.pluginDirectory();

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        TestHub.register(registry, PORT, TestDatabase.newDatabase("plugins_it"), TestHub.tempDir("hub-plugins-data"),
                PLUGINS, TestHub.tempDir("hub-plugins-routes"));
    }

    /** A consumer of the test's own extension point, told about each plugin as the channel runtime is. */
    @TestConfiguration(proxyBeanMethods = false)
    static class GreeterConsumer {
        static final List<String> GREETINGS = new CopyOnWriteArrayList<>();

        @Bean
        PluginListener greeterListener() {
            return new PluginListener() {
                @Override
                public void pluginStarted(String pluginId, PluginExtensions extensions) {
                    extensions.of(Greeter.class).forEach(g -> GREETINGS.add(pluginId + ": " + g.greet("listener")));
                }

                @Override
                public void pluginStopping(String pluginId) {
                    GREETINGS.add(pluginId + " stopping");
                }
            };
        }
    }

    @Autowired
    private CamelContext camel;

    @Autowired
    private PluginRuntime runtime;

    private final HubClient admin = HubClient.basic(BASE, "admin", TestHub.ADMIN_PASSWORD);
    private final HubClient anonymous = HubClient.browser(BASE);

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
        String route = "echo." + accountId + ".ping";
        assertThat(camel.hasComponent(component)).isNotNull();
        assertThat(camel.getRoute(route)).isNotNull();
        WeakReference<ClassLoader> loader = new WeakReference<>(
                camel.hasComponent(component).getClass().getClassLoader());

        // the channel type works: a message comes in through the plugin's webhook handler, which answers after the
        // hub stored it; the reply goes out through the plugin's sender
        String webhook = account.get("webhookUrl").asText().substring(BASE.length());
        HubClient.Response posted = anonymous.postRaw(webhook, "ping".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "text/plain"));
        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.raw()).isEqualTo("stored");
        JsonNode sessions = admin.get("/api/v1/sessions?lineId=" + line).ok();
        assertThat(sessions).hasSize(1);
        long session = sessions.get(0).get("id").asLong();
        long reply = admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "pong")).ok()
                .get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> ("echo-" + reply)
                .equals(message(session, reply).path("externalId").asText()));

        JsonNode stopped = admin.post("/api/v1/plugins/echo/stop", Map.of()).ok();
        assertThat(stopped.get("state").asText()).isEqualTo("STOPPED");
        assertThat(accountStatus(accountId)).isEqualTo("STOPPED");
        assertThat(camel.hasComponent(component)).isNull();
        assertThat(camel.getRoute(route)).isNull();
        assertThat(anonymous.postRaw(webhook, "ping".getBytes(StandardCharsets.UTF_8), Map.of()).status())
                .as("a stopped account's webhook").isEqualTo(503);

        assertThat(admin.post("/api/v1/plugins/echo/start", Map.of()).ok().get("state").asText()).isEqualTo("STARTED");
        assertThat(accountStatus(accountId)).isEqualTo("RUNNING");
        assertThat(camel.hasComponent(component)).isNotNull();
        assertThat(camel.getRoute(route)).isNotNull();
        loader = new WeakReference<>(camel.hasComponent(component).getClass().getClassLoader());

        assertThat(admin.delete("/api/v1/plugins/echo").status()).isEqualTo(204);
        assertThat(Files.exists(PLUGINS.resolve("echo.jar"))).isFalse();
        assertThat(admin.get("/api/v1/plugins").ok().findValuesAsText("id")).doesNotContain("echo");
        assertThat(accountStatus(accountId)).isEqualTo("STOPPED");
        assertThat(camel.hasComponent(component)).isNull();
        assertThat(camel.getRoute(route)).isNull();
        assertThat(state("loopback")).isEqualTo("STARTED");

        WeakReference<ClassLoader> released = loader;
        await("the unloaded plugin's class loader is garbage collected").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
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
        assertThat(state("loopback")).isEqualTo("STARTED");
        assertThat(admin.get("/api/v1/lines").status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/plugins/garbage.jar").status()).isEqualTo(204);
        assertThat(Files.exists(PLUGINS.resolve("garbage.jar"))).isFalse();
    }

    @Test
    void aPluginBuiltForAnotherPluginApiIsRefusedWithThatReason(@TempDir Path work) throws Exception {
        Path jar = TestPlugins.echoPlugin(work, "future-echo", "future-echo", false, ">=2.0.0");
        Files.copy(jar, PLUGINS.resolve("future-echo.jar"));

        // listed under its id, or under its file name if the hub refuses it before reading the id
        await().atMost(Duration.ofSeconds(15))
                .until(() -> state("future-echo") != null || state("future-echo.jar") != null);
        String id = state("future-echo") != null ? "future-echo" : "future-echo.jar";
        JsonNode plugin = admin.get("/api/v1/plugins/" + id).ok();
        assertThat(plugin.get("state").asText()).isEqualTo("FAILED");
        assertThat(plugin.get("error").asText()).contains("requires plugin API").contains(">=2.0.0");
        assertThat(admin.get("/api/v1/channel-types/future-echo").status()).isEqualTo(404);
        assertThat(state("loopback")).isEqualTo("STARTED");

        assertThat(admin.delete("/api/v1/plugins/" + id).status()).isEqualTo(204);
    }

    @Test
    void extensionsOfAnExtensionPointTheHubDoesNotKnowAreFound(@TempDir Path work) throws Exception {
        Path jar = TestPlugins.extensionPlugin(work, "greeter", Greeter.class, "PoliteGreeter",
                "public String greet(String name) { return \"Good day, \" + name; }");
        assertThat(runtime.extensions(Greeter.class)).isEmpty();

        Files.copy(jar, PLUGINS.resolve("greeter.jar"));

        await().atMost(Duration.ofSeconds(15)).until(() -> "STARTED".equals(state("greeter")));
        List<Greeter> greeters = runtime.extensions(Greeter.class);
        assertThat(greeters).singleElement().satisfies(g -> {
            assertThat(g.greet("Ann")).isEqualTo("Good day, Ann");
            assertThat(g.getClass().getClassLoader()).as("loaded from the plugin's jar")
                    .isNotSameAs(Greeter.class.getClassLoader());
        });
        assertThat(GreeterConsumer.GREETINGS).contains("greeter: Good day, listener");
        assertThat(admin.get("/api/v1/plugins/greeter").ok().get("channelTypes")).isEmpty();

        assertThat(admin.delete("/api/v1/plugins/greeter").status()).isEqualTo(204);
        assertThat(runtime.extensions(Greeter.class)).isEmpty();
        assertThat(GreeterConsumer.GREETINGS).contains("greeter stopping");
    }

    @Test
    void anAccountWhosePluginFailsToConnectIsFailedWithTheReason(@TempDir Path work) throws Exception {
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
        assertThat(state("loopback")).isEqualTo("STARTED");
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
