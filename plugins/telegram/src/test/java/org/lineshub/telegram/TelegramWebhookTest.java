package org.lineshub.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;
import org.lineshub.plugin.testkit.TokenLeakCheck;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;

/**
 * Webhook mode end to end: the fake pushes updates to a small HTTP server that hands them to the account's webhook
 * handler the way the hub does (the request as received; 4xx for rejected input, 503 when nothing was stored).
 */
class TelegramWebhookTest {

    @RegisterExtension
    final TokenLeakCheck tokenLeakCheck = TelegramTestHub.tokenLeakCheck();

    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeTelegramBotApi api;
    private FakeBot bot;
    private TelegramTestHub hub;
    private HttpServer webhookServer;
    private final AtomicInteger webhookCalls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        api = FakeTelegramBotApi.start();
        api.webhookRetryDelay(Duration.ofMillis(50));
        bot = api.bot(TelegramTestHub.TOKEN);
        webhookServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        webhookServer.createContext("/webhooks/7", this::forward);
        webhookServer.start();
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        webhookServer.stop(0);
        api.close();
    }

    @Test
    void registersTheWebhookWithTheConfiguredSecret() throws Exception {
        startHub("webhookSecret", "configured-secret_1");

        await().atMost(WAIT).until(() -> bot.webhookUrl().isPresent());
        assertThat(bot.webhookUrl()).contains(webhookUrl().toString());
        assertThat(bot.webhookSecret()).isEqualTo("configured-secret_1");
        assertThat(hub.channel.problems).isEmpty();
    }

    @Test
    void generatesASecretWhenNoneIsConfigured() throws Exception {
        startHub();

        await().atMost(WAIT).until(() -> bot.webhookUrl().isPresent());
        assertThat(bot.webhookSecret()).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void deliversPushedUpdatesToTheHubAndConfirmsThem() throws Exception {
        startHub();
        long updateId = bot.enqueueText(42, 42, "Ann", "hello by webhook");

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        assertThat(hub.inbound().get(0).externalMessageId()).isEqualTo("42:1");
        assertThat(hub.inbound().get(0).text()).isEqualTo("hello by webhook");
        await().atMost(WAIT).until(() -> bot.pendingUpdateCount() == 0);
        assertThat(bot.deliveredAt(updateId)).isNotNull();
    }

    @Test
    void reportsEditsPushedByTelegram() throws Exception {
        startHub();
        bot.enqueueText(42, 42, "Ann", "helo");
        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);

        bot.enqueueUpdate("{\"edited_message\":{\"message_id\":1,\"from\":{\"id\":42,\"is_bot\":false,"
                + "\"first_name\":\"Ann\"},\"chat\":{\"id\":42,\"type\":\"private\"},\"date\":1718000000,"
                + "\"edit_date\":1718000030,\"text\":\"hello\"}}");

        await().atMost(WAIT).until(() -> hub.sink().changes.size() == 1);
        assertThat(hub.sink().changes.get(0)).isEqualTo(
                MessageChange.edited("42:1", "hello", Instant.ofEpochSecond(1718000030)));
        await().atMost(WAIT).until(() -> bot.pendingUpdateCount() == 0);
    }

    @Test
    void getsTheUpdateAgainWhileTheHubFails() throws Exception {
        startHub();
        hub.sink().failures.set(2);
        bot.enqueueText(42, 42, "Ann", "hello");

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        assertThat(webhookCalls).hasValue(3);
        await().atMost(WAIT).until(() -> bot.pendingUpdateCount() == 0);
    }

    @Test
    void rejectsRequestsWithoutTheRightSecret() throws Exception {
        startHub("webhookSecret", "right-secret");
        byte[] body = update("{\"update_id\":5,\"message\":{}}");

        assertThat(rejection(body, Map.of())).satisfies(e -> assertThat(e.status()).isEqualTo(401));
        assertThat(rejection(body, Map.of(TelegramWebhookHandler.SECRET_HEADER, "wrong-secret")).status())
                .isEqualTo(401);
        assertThat(rejection(body, Map.of(TelegramWebhookHandler.SECRET_HEADER, "right-secret-")).status())
                .isEqualTo(401);
        assertThat(hub.inbound()).isEmpty();
        assertThat(hub.sink().parked).isEmpty();
    }

    @Test
    void rejectsBodiesThatAreNotUpdates() throws Exception {
        startHub("webhookSecret", "right-secret");
        Map<String, String> headers = Map.of(TelegramWebhookHandler.SECRET_HEADER, "right-secret");

        assertThat(rejection(update(""), headers).status()).isEqualTo(400);
        assertThat(rejection(update("{not json"), headers).status()).isEqualTo(400);
        assertThat(rejection(update("[1]"), headers).status()).isEqualTo(400);
        assertThat(rejection(update("{\"message\":{}}"), headers).getMessage()).contains("update_id");
    }

    @Test
    void acceptsUnhandledKindsWithoutDeliveringAndParksBrokenMessages() throws Exception {
        startHub("webhookSecret", "right-secret");
        Map<String, String> headers = Map.of(TelegramWebhookHandler.SECRET_HEADER, "right-secret");

        WebhookResponse skipped = hub.webhook(request(
                update("{\"update_id\":5,\"callback_query\":{\"id\":\"1\",\"data\":\"x\"}}"), headers));
        WebhookResponse parked = hub.webhook(request(
                update("{\"update_id\":6,\"message\":{\"message_id\":1,\"from\":{\"id\":1,\"first_name\":\"A\"}}}"),
                headers));

        assertThat(skipped.status()).isEqualTo(200);
        assertThat(parked.status()).as("Telegram must not send it again").isEqualTo(200);
        assertThat(hub.inbound()).isEmpty();
        assertThat(hub.sink().parked).singleElement().satisfies(p -> {
            assertThat(p.externalId()).isEqualTo("update:6");
            assertThat(p.reason()).contains("message.chat.id");
            assertThat(p.rawText()).contains("\"update_id\":6");
        });
    }

    @Test
    void answersWithNotStoredWhileTheHubCannotParkEither() throws Exception {
        startHub("webhookSecret", "right-secret");
        hub.sink().failures.set(1);
        WebhookRequest broken = request(
                update("{\"update_id\":6,\"message\":{\"message_id\":1,\"from\":{\"id\":1,\"first_name\":\"A\"}}}"),
                Map.of(TelegramWebhookHandler.SECRET_HEADER, "right-secret"));

        assertThatThrownBy(() -> hub.webhook(broken)).isInstanceOf(NotStoredException.class);
        assertThat(hub.webhook(broken).status()).isEqualTo(200);
        assertThat(hub.sink().parked).hasSize(1);
    }

    private void startHub(String... settings) throws Exception {
        String[] all = new String[settings.length + 2];
        all[0] = TelegramSettings.MODE;
        all[1] = "webhook";
        System.arraycopy(settings, 0, all, 2, settings.length);
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), all), Optional.of(webhookUrl()));
    }

    private URI webhookUrl() {
        return URI.create("http://127.0.0.1:" + webhookServer.getAddress().getPort() + "/webhooks/7");
    }

    private RejectedInputException rejection(byte[] body, Map<String, String> headers) throws Exception {
        try {
            hub.webhook(request(body, headers));
        } catch (RejectedInputException e) {
            return e;
        }
        throw new AssertionError("the request was not rejected");
    }

    private static WebhookRequest request(byte[] body, Map<String, String> headers) {
        Map<String, List<String>> multi = new HashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return new WebhookRequest("POST", multi, Map.of(), body);
    }

    private static byte[] update(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Does what the hub's webhook controller does with a request. */
    private void forward(HttpExchange http) throws IOException {
        webhookCalls.incrementAndGet();
        int status;
        try (InputStream in = http.getRequestBody()) {
            WebhookRequest request = new WebhookRequest(http.getRequestMethod(), http.getRequestHeaders(), Map.of(),
                    in.readAllBytes());
            status = hub.webhook(request).status();
        } catch (RejectedInputException e) {
            status = e.status();
        } catch (NotStoredException e) {
            status = 503;
        } catch (RuntimeException e) {
            status = 500;
        }
        http.sendResponseHeaders(status, -1);
        http.close();
    }
}
