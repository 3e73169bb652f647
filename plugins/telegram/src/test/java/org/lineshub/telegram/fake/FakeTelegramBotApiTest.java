package org.lineshub.telegram.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake behaves like the Bot API where the plugin and the hub's tests rely on it. */
class FakeTelegramBotApiTest {

    private static final String TOKEN = "111:fake";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private FakeTelegramBotApi api;
    private FakeBot bot;

    @BeforeEach
    void start() {
        api = FakeTelegramBotApi.start();
        bot = api.bot(TOKEN);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void confirmsUpdatesBelowTheOffsetOnly() throws Exception {
        long first = bot.enqueueText(1, 1, "A", "one");
        long second = bot.enqueueText(1, 1, "A", "two");

        JsonNode all = call("getUpdates", "offset=0&timeout=0");
        JsonNode again = call("getUpdates", "offset=" + second + "&timeout=0");
        JsonNode none = call("getUpdates", "offset=" + (second + 1) + "&timeout=0");

        assertThat(all.path("ok").asBoolean()).isTrue();
        assertThat(all.path("result")).hasSize(2);
        assertThat(all.path("result").get(0).path("update_id").asLong()).isEqualTo(first);
        assertThat(again.path("result")).hasSize(1);
        assertThat(none.path("result")).isEmpty();
        assertThat(bot.pendingUpdateCount()).isZero();
        assertThat(bot.getUpdatesCalls()).isEqualTo(3);
    }

    @Test
    void honoursTheLimit() throws Exception {
        for (int i = 0; i < 5; i++) {
            bot.enqueueText(1, 1, "A", "m" + i);
        }

        assertThat(call("getUpdates", "limit=2").path("result")).hasSize(2);
    }

    @Test
    void longPollsUntilAnUpdateArrives() throws Exception {
        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(
                request("getUpdates", "timeout=10"), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertThat(poll).isNotDone();

        long updateId = bot.enqueueText(1, 1, "A", "wake up");

        JsonNode answer = json.readTree(poll.get().body());
        assertThat(answer.path("result").get(0).path("update_id").asLong()).isEqualTo(updateId);
        assertThat(bot.deliveredAt(updateId)).isNotNull();
    }

    @Test
    void refusesGetUpdatesWhileAWebhookIsSet() throws Exception {
        call("setWebhook", "url=https://hub.example/webhooks/1&secret_token=abc");

        JsonNode answer = call("getUpdates", "");

        assertThat(answer.path("ok").asBoolean()).isFalse();
        assertThat(answer.path("error_code").asInt()).isEqualTo(409);
        assertThat(answer.path("description").asText()).contains("webhook is active");
        assertThat(bot.webhookSecret()).isEqualTo("abc");
        assertThat(call("getWebhookInfo", "").path("result").path("url").asText())
                .isEqualTo("https://hub.example/webhooks/1");
        assertThat(call("deleteWebhook", "").path("result").asBoolean()).isTrue();
        assertThat(call("getUpdates", "").path("ok").asBoolean()).isTrue();
    }

    @Test
    void terminatesAnEarlierPollWhenAnotherStarts() throws Exception {
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(
                request("getUpdates", "timeout=10"), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);

        call("getUpdates", "timeout=0");

        assertThat(json.readTree(first.get().body()).path("error_code").asInt()).isEqualTo(409);
    }

    @Test
    void answersUnknownTokensWithUnauthorized() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(api.baseUrl() + "/bot999:nope/getMe")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json.readTree(response.body()).path("description").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void failsTheNextCallsAsInjected() throws Exception {
        bot.failNext("getMe", 429, 1);

        JsonNode failed = call("getMe", "");
        JsonNode ok = call("getMe", "");

        assertThat(failed.path("error_code").asInt()).isEqualTo(429);
        assertThat(failed.path("parameters").path("retry_after").asInt()).isEqualTo(1);
        assertThat(ok.path("result").path("id").asLong()).isEqualTo(111);
        assertThat(ok.path("result").path("is_bot").asBoolean()).isTrue();
    }

    @Test
    void acceptsFormEncodedParametersAndRecordsSentMessages() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(api.baseUrl() + "/bot" + TOKEN + "/sendMessage"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("chat_id=5&text=hello+there&reply_to_message_id=3"))
                .build(), HttpResponse.BodyHandlers.ofString());

        JsonNode message = json.readTree(response.body()).path("result");
        assertThat(message.path("chat").path("id").asLong()).isEqualTo(5);
        assertThat(message.path("text").asText()).isEqualTo("hello there");
        assertThat(bot.awaitSent(1, Duration.ofSeconds(1))).singleElement().satisfies(r -> {
            assertThat(r.text()).isEqualTo("hello there");
            assertThat(r.replyToMessageId()).isEqualTo(3L);
            assertThat(r.messageId()).isEqualTo(message.path("message_id").asLong());
        });
    }

    @Test
    void servesRegisteredFiles() throws Exception {
        bot.registerFile("file-1", "documents/file_1.txt", new byte[] {1, 2, 3});

        JsonNode file = call("getFile", "file_id=file-1").path("result");
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/file/bot"
                + TOKEN + "/" + file.path("file_path").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(file.path("file_size").asInt()).isEqualTo(3);
        assertThat(download.body()).containsExactly(1, 2, 3);
    }

    private JsonNode call(String method, String query) throws IOException, InterruptedException {
        return json.readTree(http.send(request(method, query), HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpRequest request(String method, String query) {
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + "/bot" + TOKEN + "/" + method
                + (query.isEmpty() ? "" : "?" + query))).build();
    }
}
