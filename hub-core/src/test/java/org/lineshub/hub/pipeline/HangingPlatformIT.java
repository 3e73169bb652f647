package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.LoopbackPlatform;
import org.lineshub.hub.support.LoopbackPlatform.Event;

/**
 * A platform that takes the hub's sends and never answers them holds up nothing but its own replies. While it hangs,
 * the plugin's sends time out (the loopback plugin gives up after 30 s) and the outbox records each attempt and tries
 * again after its backoff, never while an attempt still runs; the inbox answers, the same account's webhook stores
 * what clients write, and another account stores its clients' messages and delivers its replies, although operators
 * wrote 200 replies to the hanging one (more than the outbox has senders, and more sessions than it looks at in one
 * pass). Once the platform is back, every reply reaches its client exactly once, in the order it was written.
 */
class HangingPlatformIT extends HubIT {

    private static final String SECRET = "hanging-platform-secret-0123";
    /** How long the loopback plugin waits for the platform's answer to a send. */
    private static final Duration PLUGIN_TIMEOUT = Duration.ofSeconds(30);
    /** hub.outbox.initial-backoff in tests: the least time between two attempts of one reply. */
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);
    /** More than the outbox looks at in one pass (100). */
    private static final int CLIENTS = 120;
    /** Clients who get ten more replies each, 200 replies in all. */
    private static final int CHATTY = 8;
    private static final int MORE = 10;
    private static final int REPLIES = CLIENTS + CHATTY * MORE;
    /** How long the inbox may take to answer while the platform hangs before it counts as stuck. */
    private static final Duration RESPONSIVE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void repliesToAHangingPlatformTimeOutWithoutHoldingUpAnythingElseAndArriveOnceInOrderWhenItIsBack() {
        long line = fixtures.line("Hanging platform", Map.of("showOperatorName", false));
        Fixtures.Account hanging = fixtures.loopback(line, Map.of("mode", "webhook", "secret", SECRET));
        Fixtures.Account working = fixtures.loopback(fixtures.line("Working platform",
                Map.of("showOperatorName", false)));
        LoopbackPlatform.Account platform = hanging.platform();
        Event[] hello = new Event[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            hello[i] = Event.message(platform.newMessageId(), chat(i), chat(i), name(i), "hello");
        }
        assertThat(LOOPBACK.postWebhook(hanging.webhookUrl(), SECRET, hello).status()).isEqualTo(200);
        Map<String, Long> sessions = sessionsByClient(line, CLIENTS);

        platform.hangSends();
        Map<Long, List<Long>> replies = new LinkedHashMap<>();
        Map<Long, String> texts = new HashMap<>();
        long first;
        try {
            for (int i = 0; i < CLIENTS; i++) {
                long session = sessions.get(name(i));
                replies.computeIfAbsent(session, s -> new ArrayList<>()).add(reply(session, "reply 0 to " + i, texts));
            }
            for (int i = 0; i < CHATTY; i++) {
                long session = sessions.get(name(i));
                for (int n = 1; n <= MORE; n++) {
                    replies.get(session).add(reply(session, "reply " + n + " to " + i, texts));
                }
            }
            first = replies.get(sessions.get(name(0))).get(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> platform.sendTimes(first).size() == 1);
            assertThat(platform.heldSends()).isPositive();

            // what goes on while the platform hangs
            inboxAnswers(line);
            LoopbackPlatform.Answer later = LOOPBACK.postWebhook(hanging.webhookUrl(), SECRET,
                    Event.message(platform.newMessageId(), chat(0), chat(0), name(0), "anyone there?"));
            assertThat(later.status()).as(later.body()).isEqualTo(200);
            assertThat(fixtures.messages(sessions.get(name(0))).findValuesAsText("text")).contains("anyone there?");
            long other = fixtures.clientWrites(working, 9901, "hello from elsewhere");
            long otherReply = admin.post("/api/v1/sessions/" + other + "/messages", Map.of("text", "right away"))
                    .ok().get("id").asLong();
            fixtures.awaitDelivery(other, otherReply, "SENT");
            assertThat(platform.heldSends()).as("the platform still hangs").isPositive();

            // the plugin gives up on the first send; the outbox records the attempt and waits
            await().atMost(PLUGIN_TIMEOUT.plusSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode m = fixtures.message(sessions.get(name(0)), first);
                return m.get("attempts").asInt() >= 1;
            });
            JsonNode timedOut = fixtures.message(sessions.get(name(0)), first);
            assertThat(timedOut.get("deliveryStatus").asText()).isEqualTo("PENDING");
            assertThat(timedOut.get("deliveryError").asText()).contains("HttpTimeoutException");
            inboxAnswers(line);
            assertThat(platform.sent()).isEmpty();
        } finally {
            platform.recover();
        }

        List<LoopbackPlatform.Sent> sent = platform.awaitSent(REPLIES, Duration.ofSeconds(60));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> platform.sent().size() == REPLIES);
        assertThat(sent).extracting(LoopbackPlatform.Sent::messageId).doesNotHaveDuplicates();
        for (int i = 0; i < CLIENTS; i++) {
            List<Long> written = replies.get(sessions.get(name(i)));
            String client = chat(i);
            assertThat(sent.stream().filter(s -> s.chat().equals(client)).map(LoopbackPlatform.Sent::text).toList())
                    .as("replies to client %s", client)
                    .containsExactlyElementsOf(written.stream().map(texts::get).toList());
        }
        List<Instant> attempts = platform.sendTimes(first);
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(2);
        assertThat(Duration.between(attempts.get(0), attempts.get(1)))
                .as("tried again only after the plugin gave up").isGreaterThanOrEqualTo(PLUGIN_TIMEOUT.minusSeconds(1));
        replies.forEach((session, ids) -> {
            JsonNode messages = fixtures.messages(session);
            for (long id : ids) {
                JsonNode m = find(messages, id);
                assertThat(m.get("deliveryStatus").asText()).isEqualTo("SENT");
                List<Instant> calls = platform.sendTimes(id);
                assertThat(m.get("attempts").asInt()).as("attempts of reply %s", id).isEqualTo(calls.size());
                for (int n = 1; n < calls.size(); n++) {
                    assertThat(Duration.between(calls.get(n - 1), calls.get(n))).as("backoff of reply %s", id)
                            .isGreaterThanOrEqualTo(INITIAL_BACKOFF);
                }
            }
        });
    }

    private static String chat(int client) {
        return Integer.toString(8800 + client);
    }

    private static String name(int client) {
        return "Client" + chat(client);
    }

    private long reply(long session, String text, Map<Long, String> texts) {
        long id = admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", text)).ok().get("id")
                .asLong();
        texts.put(id, text);
        return id;
    }

    /** Waits until the line has a session for each client; returns them by client name. */
    private Map<String, Long> sessionsByClient(long line, int count) {
        Map<String, Long> sessions = new HashMap<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            sessions.clear();
            admin.get("/api/v1/sessions?lineId=" + line + "&view=active&limit=200").ok()
                    .forEach(s -> sessions.put(s.get("clientName").asText(), s.get("id").asLong()));
            return sessions.size() == count;
        });
        return sessions;
    }

    /** The line's sessions, listed within {@link #RESPONSIVE}; a request that takes longer fails the test. */
    private void inboxAnswers(long line) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/sessions?lineId=" + line
                        + "&view=active&limit=200"))
                .timeout(RESPONSIVE).header("Authorization", admin.authorization()).GET().build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body())).hasSize(CLIENTS);
        } catch (IOException e) {
            throw new UncheckedIOException("the inbox did not answer within " + RESPONSIVE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode find(JsonNode messages, long id) {
        for (JsonNode m : messages) {
            if (m.get("id").asLong() == id) {
                return m;
            }
        }
        throw new AssertionError("no message " + id);
    }
}
