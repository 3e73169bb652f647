package org.lineshub.hub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.lineshub.hub.HubApplication;
import org.lineshub.telegram.fake.FakeTelegramBotApi;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the full-application tests that share one running hub: a real MariaDB; in the plugin directory the
 * loopback plugin (built from {@code src/test/loopback} against the plugin API only) and the real Telegram plugin
 * jar; on 127.0.0.1 the fake loopback platform, a fake Telegram Bot API and a stand-in for other systems; and the
 * routes shipped in {@code routes/}. Tests create their own lines, users and accounts, so they never see each
 * other's data.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@AutoConfigureObservability
public abstract class HubIT {

    protected static final LoopbackPlatform LOOPBACK = LoopbackPlatform.start();
    protected static final FakeTelegramBotApi TELEGRAM = FakeTelegramBotApi.start();
    protected static final HttpRecorder OTHER_SYSTEM = HttpRecorder.start();
    protected static final int PORT = TestHub.freePort();
    protected static final Path ROUTES = shippedRoutes();
    private static final String DATABASE = TestDatabase.newDatabase("hub_it");
    private static final Path DATA = TestHub.tempDir("hub-it-data");
    private static final Path PLUGINS = TestHub.pluginDirectory("telegram.jar");

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        TestHub.register(registry, PORT, DATABASE, DATA, PLUGINS, ROUTES);
        registry.add("hub.example.session-webhook.enabled", () -> "true");
        registry.add("hub.example.session-webhook.url", () -> OTHER_SYSTEM.url("/crm/sessions"));
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

    /** Copies the routes the project ships into a directory of the test's own, as the hub's routes directory. */
    private static Path shippedRoutes() {
        Path target = TestHub.tempDir("hub-it-routes");
        Path shipped = Path.of("..", "routes");
        try (Stream<Path> files = Files.list(shipped)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the shipped routes from " + shipped.toAbsolutePath(), e);
        }
        return target;
    }
}
