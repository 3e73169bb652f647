package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.channel.ChannelRuntime;
import org.lineshub.hub.session.OutboxStore;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.LoopbackPlatform;
import org.lineshub.hub.support.StandaloneHubIT;
import org.lineshub.hub.support.TestHub;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.telegram.fake.SentRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A reply reaches the client once: not twice when the platform's answer cannot be stored, when a send outlasts its
 * claim while another node polls the same outbox, or when a later part of a reply sent in parts fails; and replies of
 * a stopped account never hold up those of running ones. Claims last one second here, so anything that would send a
 * reply again has several chances to show within each test.
 */
class OutboxDeliveryIT extends StandaloneHubIT {

    /** Several claims and retries long. */
    private static final Duration SEVERAL_LEASES = Duration.ofSeconds(4);

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Autowired
    private OutboxStore outbox;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void aReplyWhosePlatformIdIsTooLongToStoreIsSentOnceWithTheIdCut() {
        Fixtures.Account account = fixtures.loopback(fixtures.line("Long ids", Map.of("showOperatorName", false)));
        long session = fixtures.clientWrites(account, 9101, "hello");
        String longId = "out-" + "x".repeat(300);
        account.platform().answerSendsWith(longId);

        long reply = reply(session, "one answer only");

        JsonNode stored = fixtures.awaitDelivery(session, reply, "SENT");
        assertThat(stored.get("externalId").asText()).isEqualTo(longId.substring(0, 191));
        await().during(SEVERAL_LEASES).atMost(SEVERAL_LEASES.plusSeconds(2))
                .until(() -> account.platform().sendCalls() == 1);
    }

    @Test
    void aReplyWhosePlatformTimeNoClockShowsIsSentOnceWithoutTheTime() {
        Fixtures.TelegramAccount account = fixtures.telegram(fixtures.line("Odd clocks",
                Map.of("showOperatorName", false)));
        long session = fixtures.clientWrites(account, 9102, "hello");
        // some three million years ahead: no DATETIME holds it
        account.bot().answerSendsWithDate(100_000_000_000_000L);

        long reply = reply(session, "one answer only");

        JsonNode stored = fixtures.awaitDelivery(session, reply, "SENT");
        assertThat(stored.get("externalId").asText()).startsWith("9102:");
        assertThat(stored.has("providerTime")).as("the implausible time is dropped").isFalse();
        await().during(SEVERAL_LEASES).atMost(SEVERAL_LEASES.plusSeconds(2))
                .until(() -> account.bot().calls("sendMessage") == 1);
    }

    @Test
    void aReplyWhoseAnswerCannotBeStoredIsRecordedAsSentWithoutItAndNeverSentAgain() {
        Fixtures.Account account = fixtures.loopback(fixtures.line("Repeated ids", Map.of("showOperatorName", false)));
        long session = fixtures.clientWrites(account, 9103, "hello");
        // the platform gives two messages the same id: the second cannot be stored with it (one id per account)
        account.platform().answerSendsWith("same-id");
        long first = reply(session, "first");
        assertThat(fixtures.awaitDelivery(session, first, "SENT").get("externalId").asText()).isEqualTo("same-id");

        long second = reply(session, "second");

        JsonNode stored = fixtures.awaitDelivery(session, second, "SENT");
        assertThat(stored.has("externalId")).isFalse();
        await().during(SEVERAL_LEASES).atMost(SEVERAL_LEASES.plusSeconds(2))
                .until(() -> account.platform().sendCalls() == 2);
        assertThat(account.platform().sent()).extracting(LoopbackPlatform.Sent::text)
                .containsExactly("first", "second");
    }

    @Test
    void aSendSlowerThanItsClaimIsNotSentAgainByAnotherNode() {
        Fixtures.Account account = fixtures.loopback(fixtures.line("Slow platform", Map.of("showOperatorName", false)));
        long session = fixtures.clientWrites(account, 9104, "hello");
        try (ConfigurableApplicationContext other = startNode(TestHub.freePort())) {
            ChannelRuntime otherChannels = other.getBean(ChannelRuntime.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> otherChannels.isRunning(account.id()));
            // each send takes four claims' time
            account.platform().slowSends(SEVERAL_LEASES);

            long reply = reply(session, "worth the wait");

            fixtures.awaitDelivery(session, reply, "SENT");
            await().during(SEVERAL_LEASES).atMost(SEVERAL_LEASES.plusSeconds(2))
                    .until(() -> account.platform().sendCalls() == 1);
            assertThat(account.platform().sent()).hasSize(1);
        } finally {
            account.platform().slowSends(Duration.ZERO);
        }
    }

    @Test
    void anOutcomeFromASenderWhoseClaimWasTakenOverChangesNothing() throws InterruptedException {
        Fixtures.Account account = fixtures.loopback(fixtures.line("Stale senders", Map.of("showOperatorName", false)));
        long session = fixtures.clientWrites(account, 9105, "hello");
        // the session's first reply is held up at the platform, so its second one waits for this test's senders
        account.platform().slowSends(Duration.ofSeconds(6));
        try {
            reply(session, "first");
            await().atMost(Duration.ofSeconds(10)).until(() -> account.platform().sendCalls() == 1);
            long second = reply(session, "second");
            assertThat(outbox.claim(second, "stale", Duration.ofMillis(200))).isTrue();
            Thread.sleep(400);
            assertThat(outbox.claim(second, "current", Duration.ofSeconds(30))).as("the stale claim expired")
                    .isTrue();

            assertThat(outbox.renew(second, "stale", Duration.ofSeconds(30))).isFalse();
            assertThat(outbox.sent(second, "stale", new SentMessage("stale-id", Instant.now()))).isFalse();
            assertThat(outbox.sentWithoutDetails(second, "stale")).isFalse();
            assertThat(outbox.retryLater(second, "stale", "late", Duration.ofSeconds(1), 3)).isFalse();
            assertThat(outbox.postpone(second, "stale", "late", Duration.ofSeconds(1))).isFalse();
            assertThat(outbox.failed(second, "stale", "late", 0)).isFalse();

            JsonNode unchanged = fixtures.message(session, second);
            assertThat(unchanged.get("deliveryStatus").asText()).isEqualTo("PENDING");
            assertThat(unchanged.get("attempts").asInt()).isZero();
            assertThat(unchanged.has("deliveryError")).isFalse();
            assertThat(jdbc.sql("SELECT claimed_by FROM message WHERE id = ?").param(second).query(String.class)
                    .single()).isEqualTo("current");
            assertThat(outbox.sent(second, "current", new SentMessage("current-id", Instant.now()))).isTrue();
            assertThat(fixtures.message(session, second).get("externalId").asText()).isEqualTo("current-id");
        } finally {
            account.platform().slowSends(Duration.ZERO);
        }
    }

    @Test
    void aReplySentInPartsIsNotPartlyResentWhenALaterPartFails() {
        Fixtures.TelegramAccount account = fixtures.telegram(fixtures.line("Long replies",
                Map.of("showOperatorName", false)));
        long session = fixtures.clientWrites(account, 9106, "tell me everything");
        List<String> parts = List.of("a".repeat(4000), "b".repeat(4000), "c".repeat(4000));
        // Telegram takes the first part, then fails once
        account.bot().failAfter("sendMessage", 1, 502, 1);

        long reply = reply(session, String.join("\n", parts));

        JsonNode stored = fixtures.awaitDelivery(session, reply, "SENT");
        assertThat(stored.get("attempts").asInt()).isEqualTo(2);
        assertThat(account.bot().sent()).extracting(SentRecord::text).containsExactlyElementsOf(parts);
        assertThat(stored.get("externalId").asText()).isEqualTo("9106:" + account.bot().sent().get(2).messageId());
    }

    @Test
    void repliesOfAStoppedAccountDoNotHoldUpTheRepliesOfARunningOne() {
        long line = fixtures.line("Stopped and running", Map.of("showOperatorName", false));
        Fixtures.Account stopped = fixtures.loopback(line);
        Fixtures.Account running = fixtures.loopback(line);
        long first = fixtures.clientWrites(stopped, 9107, "hello");
        JsonNode view = admin.get("/api/v1/channel-accounts/" + stopped.id()).ok();
        admin.put("/api/v1/channel-accounts/" + stopped.id(), Map.of("type", "loopback",
                "name", view.get("name").asText(), "lineId", line, "enabled", false)).ok();
        int waiting = 1500;
        pendingRepliesInNewSessions(stopped.id(), line, first, waiting);
        long session = fixtures.clientWrites(running, 9108, "hello");
        try {
            long reply = reply(session, "right away");

            running.platform().awaitSent(1, Duration.ofSeconds(3));
            fixtures.awaitDelivery(session, reply, "SENT");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE account_id = ? AND delivery_status = 'PENDING'")
                    .param(stopped.id()).query(Long.class).single()).isEqualTo(waiting);
        } finally {
            jdbc.sql("UPDATE message SET delivery_status = 'FAILED' WHERE account_id = ? AND delivery_status = "
                    + "'PENDING'").param(stopped.id()).update();
        }
    }

    /** Adds sessions of the account's client, each with an operator's reply waiting to be sent. */
    private void pendingRepliesInNewSessions(long accountId, long lineId, long sessionOfClient, int count) {
        long client = admin.get("/api/v1/sessions/" + sessionOfClient).ok().get("clientId").asLong();
        String numbers = "(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS n FROM " + digits("a") + ", "
                + digits("b") + ", " + digits("c") + ", " + digits("e") + ") numbers";
        jdbc.sql("INSERT INTO session (line_id, client_id, account_id, external_chat_id, status, created_at,"
                        + " last_message_at) SELECT :line, :client, :account, CONCAT('waiting-', n), 'QUEUED',"
                        + " UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM " + numbers + " WHERE n < :count")
                .param("line", lineId).param("client", client).param("account", accountId).param("count", count)
                .update();
        jdbc.sql("INSERT INTO message (session_id, account_id, direction, text, delivery_status, attempts,"
                        + " next_attempt_at, sort_time, created_at) SELECT s.id, s.account_id, 'OUTBOUND', 'later',"
                        + " 'PENDING', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM session s"
                        + " WHERE s.account_id = :account AND s.external_chat_id LIKE 'waiting-%'")
                .param("account", accountId).update();
    }

    private static String digits(String alias) {
        return "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
                + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) "
                + alias;
    }

    private long reply(long session, String text) {
        return admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", text)).ok().get("id").asLong();
    }
}
