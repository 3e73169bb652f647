package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.LoopbackPlatform.Event;
import org.lineshub.hub.support.LoopbackPlatform.Sent;

/** The platform's delivery receipts move a sent reply's status forward: DELIVERED, READ, or FAILED with a reason. */
class DeliveryReceiptsIT extends HubIT {

    private static final long CHAT = 9101;

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private Fixtures.Account account;
    private long session;

    @BeforeEach
    void conversation() {
        long line = fixtures.line("Receipts", Map.of("showOperatorName", false));
        account = fixtures.loopback(line);
        session = fixtures.clientWrites(account, CHAT, "hello");
    }

    @Test
    void receiptsMoveASentReplyToDeliveredThenReadAndNeverBack() {
        long reply = reply("Hello, how can I help?");
        String platformId = account.platform().awaitSent(1, Duration.ofSeconds(10)).get(0).platformId();
        fixtures.awaitDelivery(session, reply, "SENT");

        account.platform().enqueue(Event.receipt(platformId, "DELIVERED", null));
        fixtures.awaitDelivery(session, reply, "DELIVERED");
        account.platform().enqueue(Event.receipt(platformId, "READ", null));
        fixtures.awaitDelivery(session, reply, "READ");

        // a late DELIVERED, a receipt of a message the hub never sent, then a client message: once that message is
        // stored, the receipts before it were handled too
        account.platform().enqueue(Event.receipt(platformId, "DELIVERED", null));
        account.platform().enqueue(Event.receipt("out-999", "READ", null));
        account.platform().enqueueText(Long.toString(CHAT), Long.toString(CHAT), "Client" + CHAT, "thanks");
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.messages(session).findValuesAsText("text")
                .contains("thanks"));
        JsonNode stored = fixtures.message(session, reply);
        assertThat(stored.get("deliveryStatus").asText()).isEqualTo("READ");
        assertThat(stored.get("externalId").asText()).isEqualTo(platformId);
        await().atMost(Duration.ofSeconds(10)).until(() -> account.platform().pendingUpdateCount() == 0);
    }

    @Test
    void aFailedReceiptFailsTheReplyWithThePlatformsReason() {
        long first = reply("first");
        long second = reply("second");
        Sent sentSecond = account.platform().awaitSent(2, Duration.ofSeconds(10)).get(1);
        assertThat(sentSecond.messageId()).isEqualTo(second);
        fixtures.awaitDelivery(session, second, "SENT");

        account.platform().enqueue(Event.receipt(sentSecond.platformId(), "FAILED", "the client blocked the account"));

        JsonNode failed = fixtures.awaitDelivery(session, second, "FAILED");
        assertThat(failed.get("deliveryError").asText()).contains("the client blocked the account");
        assertThat(fixtures.message(session, first).get("deliveryStatus").asText()).isEqualTo("SENT");
    }

    private long reply(String text) {
        return admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", text)).ok().get("id").asLong();
    }
}
