package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lineshub.hub.support.EventsClient.session;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.EventsClient;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.LoopbackPlatform;

/** A reply the platform did not take is sent again on request, by whoever may reply in its session. */
class MessageRetryIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private User anna;
    private User boris;
    private User sofia;
    private User rita;
    private long line;
    private Fixtures.Account account;

    @BeforeEach
    void line() {
        anna = fixtures.user("Anna");
        boris = fixtures.user("Boris");
        sofia = fixtures.user("Sofia");
        rita = fixtures.user("Rita");
        line = fixtures.staffedLine("Retries", Map.of("showOperatorName", false,
                "readerGroupIds", List.of(fixtures.group("Retries readers", rita))), List.of(anna, boris),
                List.of(sofia));
        Fixtures.status(anna, "ONLINE");
        account = fixtures.loopback(line);
    }

    @Test
    void aReplyThePlatformRefusedIsSentAgainAfterItRecovers() throws Exception {
        long session = fixtures.clientWrites(account, Fixtures.unique(), "where is my parcel?");
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        account.platform().failSends(400, 10);
        long reply = reply(anna, session, "it is on its way");
        JsonNode failed = fixtures.awaitDelivery(session, reply, "FAILED");
        assertThat(failed.get("deliveryError").asText()).contains("refused");
        account.platform().clearFaults();

        try (EventsClient annaScreen = EventsClient.connect(anna.api())) {
            JsonNode pending = anna.api().post("/api/v1/messages/" + reply + "/retry", Map.of()).ok();

            assertThat(pending.get("id").asLong()).isEqualTo(reply);
            assertThat(pending.get("deliveryStatus").asText()).isEqualTo("PENDING");
            assertThat(pending.get("attempts").asInt()).isZero();
            assertThat(pending.has("deliveryError")).isFalse();
            annaScreen.await("message.updated", session(session).and(d -> d.get("message").get("id").asLong() == reply
                    && "PENDING".equals(d.get("message").get("deliveryStatus").asText())));
            JsonNode sent = fixtures.awaitDelivery(session, reply, "SENT");
            assertThat(sent.get("externalId").asText()).startsWith("out-");
            annaScreen.await("message.updated", session(session).and(d -> d.get("message").get("id").asLong() == reply
                    && "SENT".equals(d.get("message").get("deliveryStatus").asText())));
        }
        assertThat(account.platform().sent()).extracting(LoopbackPlatform.Sent::text)
                .containsExactly("it is on its way");
        assertThat(account.platform().sendCalls()).isEqualTo(2);
    }

    @Test
    void onlyAFailedReplyCanBeSentAgain() {
        long session = fixtures.clientWrites(account, Fixtures.unique(), "hello");
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        long reply = reply(anna, session, "hi there");
        fixtures.awaitDelivery(session, reply, "SENT");
        long inbound = fixtures.messages(session).get(0).get("id").asLong();
        long comment = anna.api().post("/api/v1/sessions/" + session + "/messages",
                Map.of("text", "regular customer", "internal", true)).ok().get("id").asLong();

        HubClient.Response again = anna.api().post("/api/v1/messages/" + reply + "/retry", Map.of());

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asText()).startsWith("Only a failed reply").endsWith("is sent");
        assertThat(anna.api().post("/api/v1/messages/" + inbound + "/retry", Map.of()).status()).isEqualTo(409);
        assertThat(anna.api().post("/api/v1/messages/" + comment + "/retry", Map.of()).status()).isEqualTo(409);
        assertThat(anna.api().post("/api/v1/messages/999999999/retry", Map.of()).status()).isEqualTo(404);
        assertThat(fixtures.message(session, reply).get("deliveryStatus").asText()).isEqualTo("SENT");
        assertThat(account.platform().sendCalls()).isEqualTo(1);
    }

    @Test
    void onlyWhoMayReplyInTheSessionSendsAFailedReplyAgain() {
        User stranger = fixtures.user("Stan");
        fixtures.staffedLine("Elsewhere", Map.of(), List.of(stranger), List.of());
        long session = fixtures.clientWrites(account, Fixtures.unique(), "hello");
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        account.platform().failSends(400, 1);
        long reply = reply(anna, session, "one moment");
        fixtures.awaitDelivery(session, reply, "FAILED");

        assertThat(boris.api().post("/api/v1/messages/" + reply + "/retry", Map.of()).status())
                .as("the session is Anna's").isEqualTo(403);
        assertThat(rita.api().post("/api/v1/messages/" + reply + "/retry", Map.of()).status())
                .as("readers do not answer").isEqualTo(403);
        assertThat(stranger.api().post("/api/v1/messages/" + reply + "/retry", Map.of()).status())
                .as("another line's operator").isEqualTo(403);
        assertThat(fixtures.message(session, reply).get("deliveryStatus").asText()).isEqualTo("FAILED");

        assertThat(sofia.api().post("/api/v1/messages/" + reply + "/retry", Map.of()).ok()
                .get("deliveryStatus").asText()).as("the line's supervisor").isEqualTo("PENDING");
        fixtures.awaitDelivery(session, reply, "SENT");
    }

    @Test
    void aFailedReplyOfAClosedSessionIsNotSentAgain() {
        long session = fixtures.clientWrites(account, Fixtures.unique(), "hello");
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        account.platform().failSends(400, 1);
        long reply = reply(anna, session, "bye");
        fixtures.awaitDelivery(session, reply, "FAILED");
        anna.api().post("/api/v1/sessions/" + session + "/close", Map.of()).ok();

        HubClient.Response refused = anna.api().post("/api/v1/messages/" + reply + "/retry", Map.of());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asText()).contains("closed");
        assertThat(fixtures.message(session, reply).get("deliveryStatus").asText()).isEqualTo("FAILED");
    }

    private static long reply(User author, long session, String text) {
        return author.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", text)).ok().get("id")
                .asLong();
    }
}
