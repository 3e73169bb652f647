package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;

/** A session's life: queued, taken, assigned, transferred, closed, reopened; replies, comments, counters. */
class SessionLifecycleIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private User anna;
    private User boris;
    private User sofia;
    private long line;
    private Fixtures.Account account;

    @BeforeEach
    void line() {
        anna = fixtures.user("Anna");
        boris = fixtures.user("Boris");
        sofia = fixtures.user("Sofia");
        line = fixtures.staffedLine("Support", Map.of("showOperatorName", false), List.of(anna, boris),
                List.of(sofia));
        Fixtures.status(anna, "ONLINE");
        Fixtures.status(boris, "ONLINE");
        account = fixtures.loopback(line);
    }

    @Test
    void anOperatorTakesAQueuedSessionAndTheHistorySaysSo() {
        long session = fixtures.clientWrites(account, Fixtures.unique(), "hi");

        JsonNode taken = anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

        assertThat(taken.get("status").asText()).isEqualTo("ASSIGNED");
        assertThat(taken.get("operatorId").asLong()).isEqualTo(anna.id());
        assertThat(taken.get("operatorName").asText()).isEqualTo("Anna");
        assertThat(systemTexts(session)).contains("Anna took the session");
        assertThat(anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).status()).isEqualTo(409);
        assertThat(boris.api().post("/api/v1/sessions/" + session + "/take", Map.of()).status())
                .as("someone else was first").isEqualTo(409);
    }

    @Test
    void twoOperatorsTakingTheSameSessionAtOnceExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            long session = fixtures.clientWrites(account, Fixtures.unique(), "race " + round);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Callable<Integer>> takes = List.of(
                    () -> anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).status(),
                    () -> boris.api().post("/api/v1/sessions/" + session + "/take", Map.of()).status());
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(takes)) {
                statuses.add(f.get());
            }
            pool.shutdown();

            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            JsonNode view = admin.get("/api/v1/sessions/" + session).ok();
            assertThat(view.get("operatorId").asLong()).isIn(anna.id(), boris.id());
            assertThat(systemTexts(session)).filteredOn(t -> t.endsWith("took the session")).hasSize(1);
        }
    }

    @Test
    void aSupervisorAssignsToAnOperatorOfTheLineOnly() {
        long session = fixtures.clientWrites(account, Fixtures.unique(), "assign me");
        User stranger = fixtures.user("Stranger");

        assertThat(sofia.api().post("/api/v1/sessions/" + session + "/assign", Map.of("operatorId", stranger.id()))
                .status()).isEqualTo(400);
        assertThat(anna.api().post("/api/v1/sessions/" + session + "/assign", Map.of("operatorId", boris.id()))
                .status()).isEqualTo(403);
        JsonNode assigned = sofia.api().post("/api/v1/sessions/" + session + "/assign",
                Map.of("operatorId", boris.id())).ok();

        assertThat(assigned.get("operatorId").asLong()).isEqualTo(boris.id());
        assertThat(systemTexts(session)).contains("Sofia assigned the session to Boris");
    }

    @Test
    void transferToAnotherOperatorKeepsTheReasonInTheHistory() {
        long session = fixtures.clientWrites(account, Fixtures.unique(), "billing question");
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

        JsonNode moved = anna.api().post("/api/v1/sessions/" + session + "/transfer",
                Map.of("toOperatorId", boris.id(), "reason", "Boris knows billing")).ok();

        assertThat(moved.get("operatorId").asLong()).isEqualTo(boris.id());
        assertThat(systemTexts(session)).contains("Anna transferred the session from Anna to Boris: Boris knows billing");
        assertThat(anna.api().get("/api/v1/sessions/" + session).status()).isEqualTo(403);
        assertThat(boris.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", "Boris here"))
                .status()).isEqualTo(201);
    }

    @Test
    void anOperatorChoosingWhomToTransferToSeesTheOperatorsOfAnyLineWithTheirStatus() {
        User vera = fixtures.user("Vera");
        long sales = fixtures.staffedLine("Sales", Map.of(), List.of(vera), List.of());

        JsonNode own = anna.api().get("/api/v1/lines/" + line + "/operators").ok();
        JsonNode other = anna.api().get("/api/v1/lines/" + sales + "/operators").ok();

        assertThat(own.findValuesAsText("name")).containsExactly("Anna", "Boris");
        assertThat(own.findValuesAsText("status")).containsExactly("ONLINE", "ONLINE");
        assertThat(other.findValuesAsText("name")).as("a session may go to an operator of another line")
                .containsExactly("Vera");
        assertThat(other.get(0).get("userId").asLong()).isEqualTo(vera.id());
        assertThat(anna.api().get("/api/v1/lines/999999999/operators").status()).isEqualTo(404);
        assertThat(fixtures.user("Nobody").api().get("/api/v1/lines/" + line + "/operators").status())
                .as("a user without any line sees no staff").isEqualTo(403);
    }

    @Test
    void transferToAnotherLinePutsTheSessionInThatLinesQueue() {
        User vera = fixtures.user("Vera");
        long sales = fixtures.staffedLine("Sales", Map.of(), List.of(vera), List.of());
        long session = fixtures.clientWrites(account, Fixtures.unique(), "I want to buy");
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

        anna.api().post("/api/v1/sessions/" + session + "/transfer", Map.of("toLineId", sales,
                "reason", "a sales question")).ok();

        JsonNode view = admin.get("/api/v1/sessions/" + session).ok();
        assertThat(view.get("lineId").asLong()).isEqualTo(sales);
        assertThat(view.get("status").asText()).isEqualTo("QUEUED");
        assertThat(view.has("operatorId")).isFalse();
        assertThat(systemTexts(session)).anyMatch(t -> t.contains("to line Sales") && t.endsWith(": a sales question"));
        assertThat(Fixtures.ids(vera.api().get("/api/v1/sessions?view=queue").ok())).contains(session);
        HubClient.Response offline = vera.api().post("/api/v1/sessions/" + session + "/take", Map.of());
        assertThat(offline.status()).isEqualTo(409);
        assertThat(offline.body().get("detail").asText()).contains("offline");
        Fixtures.status(vera, "ONLINE");
        assertThat(vera.api().post("/api/v1/sessions/" + session + "/take", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aClientWritingAfterTheCloseOpensANewSessionAndASupervisorCanReopen() {
        long chat = Fixtures.unique();
        long first = fixtures.clientWrites(account, chat, "first question");
        anna.api().post("/api/v1/sessions/" + first + "/take", Map.of()).ok();
        anna.api().post("/api/v1/sessions/" + first + "/messages", Map.of("text", "answer")).ok();

        JsonNode closed = anna.api().post("/api/v1/sessions/" + first + "/close", Map.of("reason", "answered")).ok();
        assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.get("closedAt").isNull()).isFalse();
        assertThat(anna.api().post("/api/v1/sessions/" + first + "/messages", Map.of("text", "late")).status())
                .isEqualTo(409);

        clientSends(chat, "one more thing");
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/v1/sessions?lineId=" + line
                + "&view=active").ok().findValuesAsText("clientName").contains("Client" + chat));
        long second = fixtures.awaitSession(line, "Client" + chat);
        assertThat(second).isNotEqualTo(first);
        assertThat(fixtures.messages(first).findValuesAsText("text")).doesNotContain("one more thing");
        long clientId = admin.get("/api/v1/sessions/" + second).ok().get("clientId").asLong();
        assertThat(admin.get("/api/v1/clients/" + clientId).ok().get("sessionCount").asLong()).isEqualTo(2);

        assertThat(anna.api().post("/api/v1/sessions/" + first + "/reopen", Map.of()).status()).isEqualTo(403);
        assertThat(sofia.api().post("/api/v1/sessions/" + first + "/reopen", Map.of()).status())
                .as("the chat already has an open session").isEqualTo(409);
        sofia.api().post("/api/v1/sessions/" + second + "/close", Map.of()).ok();
        JsonNode reopened = sofia.api().post("/api/v1/sessions/" + first + "/reopen", Map.of()).ok();
        assertThat(reopened.get("status").asText()).isEqualTo("QUEUED");
        assertThat(systemTexts(first)).contains("Sofia reopened the session");
    }

    @Test
    void internalCommentsAreSeenByColleaguesAndNeverSentToTheChannel() {
        long session = fixtures.clientWrites(account, Fixtures.unique(), "complicated");
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

        JsonNode comment = sofia.api().post("/api/v1/sessions/" + session + "/messages",
                Map.of("text", "check the refund policy", "internal", true)).ok();
        anna.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", "Let me check")).ok();

        assertThat(comment.get("direction").asText()).isEqualTo("INTERNAL");
        assertThat(comment.has("deliveryStatus")).isFalse();
        assertThat(account.platform().awaitSent(1, Duration.ofSeconds(10))).extracting("text")
                .containsExactly("Let me check");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                .until(() -> account.platform().sent().size() == 1);
        assertThat(anna.api().get("/api/v1/sessions/" + session + "/messages").ok().findValuesAsText("text"))
                .contains("check the refund policy");
    }

    @Test
    void answeringAQueuedSessionNeedsTakingItFirst() {
        long session = fixtures.clientWrites(account, Fixtures.unique(), "anyone?");

        HubClient.Response r = anna.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", "me"));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body().get("detail").asText()).contains("Take the session");
        assertThat(fixtures.messages(session)).hasSize(1);
    }

    @Test
    void anOperatorStartsASessionWithAKnownClientButNotWhileOffline() {
        long chat = Fixtures.unique();
        long earlier = fixtures.clientWrites(account, chat, "please call me back");
        long clientId = admin.get("/api/v1/sessions/" + earlier).ok().get("clientId").asLong();
        anna.api().post("/api/v1/sessions/" + earlier + "/take", Map.of()).ok();
        anna.api().post("/api/v1/sessions/" + earlier + "/close", Map.of()).ok();

        Fixtures.status(boris, "OFFLINE");
        HubClient.Response offline = boris.api().post("/api/v1/sessions", Map.of("clientId", clientId,
                "accountId", account.id(), "text", "Hello again"));
        assertThat(offline.status()).isEqualTo(409);
        assertThat(offline.body().get("detail").asText()).containsIgnoringCase("offline");

        JsonNode started = anna.api().post("/api/v1/sessions", Map.of("clientId", clientId,
                "accountId", account.id(), "text", "Hello, you asked us to call back")).ok();
        assertThat(started.get("status").asText()).isEqualTo("ASSIGNED");
        assertThat(started.get("operatorId").asLong()).isEqualTo(anna.id());
        assertThat(account.platform().awaitSent(1, Duration.ofSeconds(10)).get(0).chat())
                .isEqualTo(Long.toString(chat));
        assertThat(anna.api().post("/api/v1/sessions", Map.of("clientId", clientId, "accountId", account.id(),
                "text", "twice")).status()).as("one open session per chat").isEqualTo(409);
    }

    @Test
    void linesCountUnassignedSessionsAndSessionsCountUnreadMessagesUntilRead() {
        long chat = Fixtures.unique();
        long session = fixtures.clientWrites(account, chat, "one");
        clientSends(chat, "two");
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.messages(session).size() == 2);
        fixtures.clientWrites(account, Fixtures.unique(), "another client");

        assertThat(unassigned(anna)).isEqualTo(2);
        assertThat(unread(anna, session)).isEqualTo(2);
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        assertThat(unassigned(anna)).isEqualTo(1);

        long firstId = fixtures.messages(session).get(0).get("id").asLong();
        anna.api().post("/api/v1/sessions/" + session + "/read", Map.of("messageId", firstId));
        assertThat(unread(anna, session)).isEqualTo(1);
        anna.api().post("/api/v1/sessions/" + session + "/read", Map.of());
        assertThat(unread(anna, session)).isZero();
        assertThat(unread(sofia, session)).as("markers are per user").isEqualTo(2);
        anna.api().post("/api/v1/sessions/" + session + "/read", Map.of("messageId", firstId));
        assertThat(unread(anna, session)).as("the marker never moves back").isZero();

        clientSends(chat, "three");
        await().atMost(Duration.ofSeconds(10)).until(() -> unread(anna, session) == 1);
    }

    /** The client of chat {@code chat} writes again, without waiting for the hub. */
    private void clientSends(long chat, String text) {
        account.platform().enqueueText(Long.toString(chat), Long.toString(chat), "Client" + chat, text);
    }

    private long unassigned(User user) {
        return user.api().get("/api/v1/lines/" + line).ok().get("unassigned").asLong();
    }

    private long unread(User user, long session) {
        return user.api().get("/api/v1/sessions/" + session).ok().get("unread").asLong();
    }

    private List<String> systemTexts(long session) {
        List<String> texts = new ArrayList<>();
        for (JsonNode m : fixtures.messages(session)) {
            if ("SYSTEM".equals(m.get("direction").asText())) {
                texts.add(m.get("text").asText());
            }
        }
        return texts;
    }
}
