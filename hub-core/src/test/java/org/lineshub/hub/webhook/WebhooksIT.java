package org.lineshub.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;

/**
 * Outgoing webhooks against receivers started by the test: signed deliveries, retries with the same delivery id,
 * isolation of a hanging receiver, order per session, sending again, and secrets that never come back.
 */
class WebhooksIT extends HubIT {

    private static final String PATH = "/api/v1/webhook-subscriptions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private final List<Long> subscriptions = new ArrayList<>();
    private final List<WebhookReceiver> receivers = new ArrayList<>();
    private long line;
    private Fixtures.Account account;

    @BeforeEach
    void line() {
        line = fixtures.line("Webhooks", Map.of());
        account = fixtures.loopback(line);
    }

    @AfterEach
    void cleanUp() {
        // a subscription left behind would keep retrying against a closed receiver
        subscriptions.forEach(id -> admin.delete(PATH + "/" + id));
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void aFailingReceiverGetsTheSameSignedDeliveryUntilItAnswers() throws Exception {
        WebhookReceiver receiver = receiver(new WebhookReceiver(n -> n < 5 ? 500 : 204));
        long subscription = subscribe(receiver.url(), List.of("session.created"), "s3cret-one", line);
        long otherLine = fixtures.line("Elsewhere", Map.of());
        long elsewhere = subscribe(receiver.url(), List.of("session.created"), "s3cret-two", otherLine);

        long session = fixtures.clientWrites(account, Fixtures.unique(), "hello");

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().size() >= 6);
        List<WebhookReceiver.Request> requests = receiver.requests();
        assertThat(requests).hasSize(6);
        assertThat(requests).extracting(WebhookReceiver.Request::delivery).as("one delivery, tried six times")
                .containsOnly(requests.get(0).delivery());
        for (WebhookReceiver.Request r : requests) {
            assertSigned(r, "s3cret-one");
            assertThat(r.event()).isEqualTo("session.created");
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("id").asText()).isEqualTo(r.delivery());
            assertThat(body.get("type").asText()).isEqualTo("session.created");
            assertThat(Instant.parse(body.get("at").asText())).isBefore(Instant.now());
            assertThat(body.at("/data/session/id").asLong()).isEqualTo(session);
            assertThat(body.at("/data/session/lineId").asLong()).isEqualTo(line);
        }
        assertThat(requests).extracting(WebhookReceiver.Request::text).as("the same body every time")
                .containsOnly(requests.get(0).text());

        JsonNode delivery = await().atMost(Duration.ofSeconds(5))
                .until(() -> deliveries(subscription).get(0), d -> d.get("status").asText().equals("DELIVERED"));
        assertThat(delivery.get("id").asText()).isEqualTo(requests.get(0).delivery());
        assertThat(delivery.get("attempts").asInt()).isEqualTo(6);
        assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(204);
        assertThat(delivery.get("sessionId").asLong()).isEqualTo(session);
        assertThat(deliveries(elsewhere)).as("the other line's subscription").isEmpty();
    }

    @Test
    void aFailedAttemptIsShownWithItsResultWhileTheDeliveryWaits() throws Exception {
        WebhookReceiver receiver = receiver(new WebhookReceiver(n -> 503));
        long subscription = subscribe(receiver.url(), List.of("session.created"), "s3cret", line);

        fixtures.clientWrites(account, Fixtures.unique(), "hello");

        JsonNode delivery = await().atMost(Duration.ofSeconds(10))
                .until(() -> deliveries(subscription), d -> d.size() == 1 && d.get(0).get("attempts").asInt() >= 2)
                .get(0);
        assertThat(delivery.get("status").asText()).isEqualTo("PENDING");
        assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(503);
        assertThat(delivery.get("lastError").asText()).isEqualTo("HTTP 503");
        assertThat(delivery.has("nextAttemptAt")).isTrue();
        assertThat(admin.post(PATH + "/" + subscription + "/deliveries/" + delivery.get("id").asText()
                + "/redeliver", Map.of()).status()).as("still pending").isEqualTo(409);
    }

    @Test
    void aHangingReceiverDoesNotDelayAnotherSubscription() throws Exception {
        WebhookReceiver hanging = receiver(new WebhookReceiver(n -> WebhookReceiver.HANG));
        WebhookReceiver healthy = receiver(WebhookReceiver.accepting());
        subscribe(hanging.url(), List.of("message.created"), "hang", line);
        subscribe(healthy.url(), List.of("message.created"), "fine", line);

        // five sessions, so that a receiver without a limit would get five requests at once, more than there are
        // senders
        List<Long> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sessions.add(fixtures.clientWrites(account, Fixtures.unique(), "hello " + i));
        }
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> healthy.requests().size() >= 5);

        assertThat(healthy.requests()).extracting(r -> JSON.readTree(r.body()).at("/data/session/id").asLong())
                .containsExactlyInAnyOrderElementsOf(sessions);
        assertThat(hanging.requests()).as("its first request still hangs; the others wait").hasSize(1);
        assertThat(hanging.mostInFlight()).isEqualTo(1);
    }

    @Test
    void deliveriesOfOneSessionKeepTheirOrderWhileOneIsRetried() throws Exception {
        WebhookReceiver receiver = receiver(new WebhookReceiver(n -> n == 0 ? 500 : 204));
        subscribe(receiver.url(), List.of("session.created", "message.created"), "order", line);
        long chat = Fixtures.unique();

        for (String text : List.of("one", "two", "three")) {
            account.platform().enqueueText(Long.toString(chat), Long.toString(chat), "Client" + chat, text);
        }
        long session = fixtures.awaitSession(line, "Client" + chat);
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.messages(session).size() == 3);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() >= 5);
        List<String> received = new ArrayList<>();
        for (WebhookReceiver.Request r : receiver.requests()) {
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.at("/data/session/id").asLong()).isEqualTo(session);
            received.add(r.event() + (body.at("/data/message/text").isMissingNode() ? ""
                    : " " + body.at("/data/message/text").asText()));
        }
        assertThat(received).containsExactly("session.created", "session.created", "message.created one",
                "message.created two", "message.created three");
    }

    @Test
    void anAdminSendsADeliveryAgainWithTheSameIdAndBody() throws Exception {
        WebhookReceiver receiver = receiver(WebhookReceiver.accepting());
        long subscription = subscribe(receiver.url(), List.of("session.created"), "again", line);
        fixtures.clientWrites(account, Fixtures.unique(), "hello");
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(subscription).size() == 1
                && deliveries(subscription).get(0).get("status").asText().equals("DELIVERED"));
        String id = deliveries(subscription).get(0).get("id").asText();

        JsonNode again = admin.post(PATH + "/" + subscription + "/deliveries/" + id + "/redeliver", Map.of()).ok();

        assertThat(again.get("id").asText()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 2);
        List<WebhookReceiver.Request> requests = receiver.requests();
        assertThat(requests.get(1).delivery()).isEqualTo(id);
        assertThat(requests.get(1).text()).isEqualTo(requests.get(0).text());
        assertSigned(requests.get(1), "again");
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries(subscription).get(0).get("status").asText()
                .equals("DELIVERED"));
        assertThat(admin.post(PATH + "/" + subscription + "/deliveries/no-such-delivery/redeliver", Map.of())
                .status()).isEqualTo(404);
    }

    @Test
    void secretsAreWriteOnlyAndKeptWhenAChangeOmitsThem() throws Exception {
        WebhookReceiver receiver = receiver(WebhookReceiver.accepting());
        HubClient.Response created = admin.post(PATH, Map.of("url", receiver.url(), "events",
                List.of("session.created"), "secret", "very-secret-value", "lineId", line));
        assertThat(created.status()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        subscriptions.add(id);
        assertThat(created.body().get("secretSet").asBoolean()).isTrue();
        assertThat(created.body().has("secret")).isFalse();
        assertThat(created.raw()).doesNotContain("very-secret-value");
        assertThat(admin.get(PATH).raw()).doesNotContain("very-secret-value").contains("\"secretSet\":true");
        assertThat(admin.get(PATH + "/" + id).raw()).doesNotContain("very-secret-value");

        JsonNode changed = admin.put(PATH + "/" + id, Map.of("url", receiver.url(), "events",
                List.of("session.created", "session.closed"), "lineId", line)).ok();

        assertThat(changed.get("secretSet").asBoolean()).isTrue();
        assertThat(changed.get("events")).extracting(JsonNode::asText)
                .containsExactly("session.created", "session.closed");
        fixtures.clientWrites(account, Fixtures.unique(), "hello");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
        assertSigned(receiver.requests().get(0), "very-secret-value");
    }

    @Test
    void subscriptionsAreCheckedAndOnlyForAdmins() {
        String url = "https://example.com/hooks";
        assertInvalid(Map.of("url", "ftp://example.com/x", "events", List.of("session.created"), "secret", "s"),
                "url");
        assertInvalid(Map.of("url", "https://user:pw@example.com/x", "events", List.of("session.created"),
                "secret", "s"), "url");
        assertInvalid(Map.of("url", url, "events", List.of("session.exploded"), "secret", "s"), "events");
        assertInvalid(Map.of("url", url, "events", List.of(), "secret", "s"), "events");
        assertInvalid(Map.of("url", url, "events", List.of("session.created")), "secret");
        assertInvalid(Map.of("url", url, "events", List.of("session.created"), "secret", "s", "lineId", 987654321),
                "lineId");

        HubClient.Response sla = admin.post(PATH, Map.of("url", url, "events", List.of("sla.breached"),
                "secret", "s", "enabled", false));
        assertThat(sla.status()).isEqualTo(201);
        subscriptions.add(sla.body().get("id").asLong());
        assertThat(sla.body().get("enabled").asBoolean()).isFalse();
        assertThat(admin.get(PATH + "/event-types").ok()).extracting(JsonNode::asText)
                .contains("session.created", "session.assigned", "session.transferred", "session.closed",
                        "message.created", "sla.breached");

        Fixtures.User operator = fixtures.user("Olga");
        assertThat(operator.api().get(PATH).status()).isEqualTo(403);
        assertThat(operator.api().post(PATH, Map.of("url", url, "events", List.of("session.created"),
                "secret", "s")).status()).isEqualTo(403);
        assertThat(admin.get(PATH + "/987654321").status()).isEqualTo(404);
    }

    private void assertInvalid(Map<String, Object> body, String field) {
        HubClient.Response response = admin.post(PATH, body);
        assertThat(response.status()).as(body.toString()).isEqualTo(400);
        assertThat(response.body().path("field").asText()).as(response.raw()).isEqualTo(field);
    }

    /** Checks the signature as a receiver would: HMAC-SHA256 of "<timestamp>.<body>", and a recent timestamp. */
    private static void assertSigned(WebhookReceiver.Request request, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((request.timestamp() + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
        assertThat(request.signature()).isEqualTo(expected);
        long sent = Long.parseLong(request.timestamp());
        assertThat(Math.abs(request.at().getEpochSecond() - sent)).as("timestamp is the time of sending")
                .isLessThanOrEqualTo(2);
    }

    private WebhookReceiver receiver(WebhookReceiver receiver) {
        receivers.add(receiver);
        return receiver;
    }

    private long subscribe(String url, List<String> events, String secret, Long lineId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("events", events);
        body.put("secret", secret);
        if (lineId != null) {
            body.put("lineId", lineId);
        }
        long id = admin.post(PATH, body).ok().get("id").asLong();
        subscriptions.add(id);
        return id;
    }

    private JsonNode deliveries(long subscription) {
        return admin.get(PATH + "/" + subscription + "/deliveries").ok();
    }
}
