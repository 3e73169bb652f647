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

/** A client edits or deletes a message: the hub shows the change and keeps what it replaced in the history. */
class MessageChangesIT extends HubIT {

    private static final long CHAT = 9201;

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private Fixtures.Account account;
    private long line;

    @BeforeEach
    void account() {
        line = fixtures.line("Edits", Map.of());
        account = fixtures.loopback(line);
    }

    @Test
    void anEditedMessageShowsTheNewTextAndKeepsThePreviousOneInItsHistory() {
        long session = fixtures.clientWrites(account, CHAT, "Helo");
        JsonNode original = fixtures.messages(session).get(0);
        assertThat(original.hasNonNull("editedAt")).isFalse();
        assertThat(original.hasNonNull("deletedAt")).isFalse();

        account.platform().enqueue(Event.edit(original.get("externalId").asText(), "Hello"));

        long id = original.get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> "Hello".equals(fixtures.message(session, id)
                .get("text").asText()));
        JsonNode edited = fixtures.message(session, id);
        assertThat(edited.hasNonNull("editedAt")).isTrue();
        assertThat(edited.hasNonNull("deletedAt")).isFalse();
        JsonNode history = admin.get("/api/v1/messages/" + id + "/history").ok();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("kind").asText()).isEqualTo("EDITED");
        assertThat(history.get(0).get("text").asText()).isEqualTo("Helo");
        assertThat(history.get(0).hasNonNull("changedAt")).isTrue();
    }

    @Test
    void aDeletedMessageIsShownAsDeletedAndItsHistoryKeepsEveryVersion() {
        long session = fixtures.clientWrites(account, CHAT, "call me at six");
        JsonNode original = fixtures.messages(session).get(0);
        long id = original.get("id").asLong();
        String externalId = original.get("externalId").asText();

        account.platform().enqueue(Event.edit(externalId, "call me at seven"));
        account.platform().enqueue(Event.delete(externalId));

        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.message(session, id).hasNonNull("deletedAt"));
        JsonNode history = admin.get("/api/v1/messages/" + id + "/history").ok();
        assertThat(history.findValuesAsText("kind")).containsExactly("EDITED", "DELETED");
        assertThat(history.get(0).get("text").asText()).isEqualTo("call me at six");
        assertThat(history.get(1).get("text").asText()).isEqualTo("call me at seven");
        assertThat(fixtures.message(session, id).hasNonNull("editedAt")).isTrue();
    }

    @Test
    void theSameEditReportedTwiceIsRecordedOnce() {
        long session = fixtures.clientWrites(account, CHAT, "typo");
        JsonNode original = fixtures.messages(session).get(0);
        long id = original.get("id").asLong();

        account.platform().enqueue(Event.edit(original.get("externalId").asText(), "fixed"));
        account.platform().enqueue(Event.edit(original.get("externalId").asText(), "fixed"));
        account.platform().enqueueText(Long.toString(CHAT), Long.toString(CHAT), "Client" + CHAT, "after the edits");

        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.messages(session).size() == 2);
        assertThat(fixtures.message(session, id).get("text").asText()).isEqualTo("fixed");
        assertThat(admin.get("/api/v1/messages/" + id + "/history").ok()).hasSize(1);
    }

    @Test
    void aChangeOfAMessageTheHubNeverReceivedIsIgnored() {
        long session = fixtures.clientWrites(account, CHAT, "hello");

        account.platform().enqueue(Event.edit("m-404", "not here"));
        account.platform().enqueue(Event.delete("m-405"));
        account.platform().enqueueText(Long.toString(CHAT), Long.toString(CHAT), "Client" + CHAT, "still here");

        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.messages(session).size() == 2);
        assertThat(fixtures.messages(session).findValuesAsText("text")).containsExactly("hello", "still here");
        await().atMost(Duration.ofSeconds(10)).until(() -> account.platform().pendingUpdateCount() == 0);
        assertThat(admin.get("/api/v1/sessions?lineId=" + line).ok()).hasSize(1);
    }
}
