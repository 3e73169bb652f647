package org.lineshub.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lineshub.plugin.api.HubHeaders;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;

/**
 * Webhook mode end to end: the fake pushes updates to a small HTTP server that hands them to the account's webhook
 * endpoint the way the hub does (body bytes, HTTP headers as Camel headers, 4xx for rejected input).
 */
@ExtendWith(TokenLeakCheck.class)
class TelegramWebhookTest {

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
    void getsTheUpdateAgainWhileTheHubFails() throws Exception {
        startHub();
        hub.intakeFailures.set(2);
        bot.enqueueText(42, 42, "Ann", "hello");

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        assertThat(webhookCalls).hasValue(3);
        await().atMost(WAIT).until(() -> bot.pendingUpdateCount() == 0);
    }

    @Test
    void rejectsRequestsWithoutTheRightSecret() throws Exception {
        startHub("webhookSecret", "right-secret");
        byte[] body = update("{\"message\":{}}");

        assertThat(rejection(body, Map.of())).satisfies(e -> assertThat(e.status()).isEqualTo(401));
        assertThat(rejection(body, Map.of(TelegramWebhookProcessor.SECRET_HEADER, "wrong-secret")).status())
                .isEqualTo(401);
        assertThat(hub.inbound()).isEmpty();
    }

    @Test
    void rejectsBodiesThatAreNotUpdates() throws Exception {
        startHub("webhookSecret", "right-secret");
        Map<String, Object> headers = Map.of(TelegramWebhookProcessor.SECRET_HEADER, "right-secret");

        assertThat(rejection("{not json".getBytes(StandardCharsets.UTF_8), headers).status()).isEqualTo(400);
        assertThat(rejection("[1]".getBytes(StandardCharsets.UTF_8), headers).status()).isEqualTo(400);
        assertThat(rejection("{\"message\":{}}".getBytes(StandardCharsets.UTF_8), headers).getMessage())
                .contains("update_id");
    }

    @Test
    void acceptsUnhandledKindsWithoutDeliveringAndParksBrokenMessages() throws Exception {
        startHub("webhookSecret", "right-secret");
        Map<String, Object> headers = Map.of(TelegramWebhookProcessor.SECRET_HEADER, "right-secret");

        hub.template.requestBodyAndHeaders(hub.channel.webhookUri(),
                update("{\"update_id\":5,\"callback_query\":{\"id\":\"1\",\"data\":\"x\"}}"), headers);
        hub.template.requestBodyAndHeaders(hub.channel.webhookUri(),
                update("{\"update_id\":6,\"message\":{\"message_id\":1,\"from\":{\"id\":1,\"first_name\":\"A\"}}}"),
                headers);

        assertThat(hub.inbound()).isEmpty();
        assertThat(hub.deadLetters).singleElement().satisfies(e -> {
            assertThat(e.getMessage().getHeader(HubHeaders.DEAD_LETTER_EXTERNAL_ID)).isEqualTo("update:6");
            assertThat(e.getMessage().getHeader(HubHeaders.DEAD_LETTER_REASON, String.class))
                    .contains("message.chat.id");
        });
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

    private RejectedInputException rejection(byte[] body, Map<String, Object> headers) {
        try {
            hub.template.requestBodyAndHeaders(hub.channel.webhookUri(), body, headers);
        } catch (CamelExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RejectedInputException.class);
            return (RejectedInputException) e.getCause();
        }
        throw new AssertionError("the request was not rejected");
    }

    private static byte[] update(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Does what the hub's webhook controller does with a request. */
    private void forward(HttpExchange http) throws IOException {
        webhookCalls.incrementAndGet();
        int status = 200;
        try (InputStream in = http.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Exchange result = hub.template.request(hub.channel.webhookUri(), e -> {
                e.getMessage().setBody(body);
                http.getRequestHeaders().forEach((name, values) -> e.getMessage().setHeader(name, values.get(0)));
            });
            Exception failure = result.getException();
            if (failure instanceof RejectedInputException rejected) {
                status = rejected.status();
            } else if (failure != null) {
                status = 500;
            }
        } finally {
            http.sendResponseHeaders(status, -1);
            http.close();
        }
    }
}
