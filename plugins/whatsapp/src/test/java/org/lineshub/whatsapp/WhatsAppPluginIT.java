package org.lineshub.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.PluginApi;
import org.lineshub.plugin.api.SharedWebhookHandler;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.testkit.TestChannelContext;
import org.lineshub.whatsapp.fake.FakeGraphApi;
import org.lineshub.whatsapp.fake.MetaWebhook;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The jar as built: PF4J loads it, finds the connector, an account receives through the shared webhook, sends and
 * fetches media, and the unload frees the plugin's class loader.
 */
class WhatsAppPluginIT {

    private static final String NUMBER = "106540352242922";
    private static final String SECRET = "6f1d2b0c9a8e7d6c5b4a39281706f5e4";

    @Test
    void loadsRunsAndUnloadsTheBuiltJar(@TempDir Path pluginsDir) throws Exception {
        Path jar = Path.of(System.getProperty("whatsapp.plugin.jar", "target/whatsapp-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged plugin").exists();
        Files.copy(jar, pluginsDir.resolve("whatsapp.jar"));

        WeakReference<ClassLoader> loader = loadRunAndUnload(pluginsDir);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return loader.get() == null;
        });
    }

    /** Kept apart so that no local variable of the test method holds a plugin object while it waits for the GC. */
    private static WeakReference<ClassLoader> loadRunAndUnload(Path pluginsDir) throws Exception {
        PluginManager plugins = new JarPluginManager(pluginsDir);
        plugins.setSystemVersion(PluginApi.VERSION);
        plugins.loadPlugins();
        plugins.startPlugins();
        PluginWrapper plugin = plugins.getPlugin("whatsapp");
        assertThat(plugin).as("plugin whatsapp").isNotNull();
        assertThat(plugin.getPluginState()).isEqualTo(PluginState.STARTED);
        ClassLoader pluginLoader = plugin.getPluginClassLoader();

        List<ChannelConnector> connectors = plugins.getExtensions(ChannelConnector.class, "whatsapp");
        assertThat(connectors).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("whatsapp");
            assertThat(c.getClass().getClassLoader()).as("loaded from the jar").isSameAs(pluginLoader);
        });

        runAccount(connectors.get(0));

        WeakReference<ClassLoader> reference = new WeakReference<>(pluginLoader);
        assertThat(plugins.stopPlugin("whatsapp")).isEqualTo(PluginState.STOPPED);
        assertThat(plugins.unloadPlugin("whatsapp")).isTrue();
        assertThat(plugins.getPlugins()).isEmpty();
        return reference;
    }

    private static void runAccount(ChannelConnector connector) throws Exception {
        try (FakeGraphApi graph = FakeGraphApi.start().phoneNumber(NUMBER, TestNumbers.TOKEN)) {
            TestNumbers numbers = new TestNumbers();
            TestChannelContext channel = numbers.add(NUMBER, SECRET, "verify-it", graph.baseUrl());
            ConnectedAccount account = connector.connect(channel);
            try {
                account.startInbound();
                SharedWebhookHandler webhook = connector.sharedWebhook().orElseThrow();
                byte[] body = MetaWebhook.text("102290129340398", NUMBER, "16505551234", "Sheena Nelson",
                        "wamid.IT1", 1_749_416_383L, "Grüße").getBytes(StandardCharsets.UTF_8);
                webhook.handle(new WebhookRequest("POST", Map.of(MetaWebhook.SIGNATURE_HEADER,
                        List.of(MetaWebhook.signature(SECRET, body))), Map.of(), body), numbers);
                assertThat(channel.sink.messages()).singleElement()
                        .satisfies(m -> assertThat(m.text()).isEqualTo("Grüße"));

                assertThat(account.sender().send(OutboundMessage.builder(1, 1, "16505551234").text("Hallo").build())
                        .externalMessageId()).startsWith("wamid.");
                graph.media("77", "text/plain", "media".getBytes(StandardCharsets.UTF_8));
                Optional<byte[]> media = Optional.of(account.attachments().orElseThrow()
                        .fetch(Attachment.external(AttachmentKind.DOCUMENT, "77").build()).content().readAllBytes());
                assertThat(media.get()).isEqualTo("media".getBytes(StandardCharsets.UTF_8));
            } finally {
                account.stopInbound();
                account.close();
            }
        }
    }
}
