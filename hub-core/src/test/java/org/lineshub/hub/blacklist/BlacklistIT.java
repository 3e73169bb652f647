package org.lineshub.hub.blacklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.lineshub.hub.support.EventsClient.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.EventsClient;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.LoopbackPlatform;
import org.lineshub.hub.support.LoopbackPlatform.Event;

/**
 * The blacklist end to end: rules by identity, address, domain and phone; a blocked sender's messages stored in a
 * spam session that nobody is told about; an operator blocking a session's client in one step; an admin taking a
 * session out of spam; expiry; and many clients writing at once through the webhook.
 */
class BlacklistIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private User anna;
    private User sofia;
    private long line;
    private Fixtures.Account account;

    @BeforeEach
    void line() {
        anna = fixtures.user("Anna");
        sofia = fixtures.user("Sofia");
        line = fixtures.staffedLine("Blacklist", Map.of(), List.of(anna), List.of(sofia));
        Fixtures.status(anna, "ONLINE");
        account = fixtures.loopback(line);
    }

    @Test
    void aBlockedSendersMessageIsStoredInSpamAndNobodyIsTold() throws Exception {
        long blocked = Fixtures.unique();
        admin.post("/api/v1/blacklist", Map.of("kind", "IDENTITY", "accountId", account.id(),
                "value", Long.toString(blocked), "comment", "abusive")).ok();

        try (EventsClient annaScreen = EventsClient.connect(anna.api());
             EventsClient sofiaScreen = EventsClient.connect(sofia.api())) {
            write(account, blocked, null, null, "buy cheap watches");
            long spam = awaitSpamSession("Client" + blocked);
            // a client who is not blocked writes after: once their session reached the screens, the spam session's
            // events would have too (events go out in commit order)
            long fine = fixtures.clientWrites(account, Fixtures.unique(), "hello");
            for (EventsClient screen : List.of(annaScreen, sofiaScreen)) {
                screen.await("session.created", session(fine));
                screen.await("message.created", session(fine));
                assertThat(screen.frames().stream().filter(f -> session(spam).test(f.get("data")))).isEmpty();
                assertThat(screen.frames("counters.changed", d -> d.get("lineId").asLong() == line))
                        .allMatch(f -> f.get("data").get("unassigned").asLong() <= 1);
            }
            assertThat(admin.get("/api/v1/lines/" + line).ok().get("unassigned").asLong()).isEqualTo(1);
        }
        long spam = awaitSpamSession("Client" + blocked);
        assertThat(admin.get("/api/v1/sessions/" + spam).ok().hasNonNull("operatorId")).isFalse();
        assertThat(texts(spam)).containsExactly("buy cheap watches");
        assertThat(anna.api().get("/api/v1/sessions?lineId=" + line + "&view=queue").ok().findValuesAsText("id"))
                .doesNotContain(Long.toString(spam));
        assertThat(anna.api().get("/api/v1/sessions/" + spam).status()).as("operators never see spam").isEqualTo(403);
        assertThat(account.platform().sent()).as("nothing answers spam").isEmpty();
    }

    @Test
    void anOperatorBlocksTheClientOfASessionAndAnAdminTakesItBackToTheQueue() throws Exception {
        long client = Fixtures.unique();
        long id = fixtures.clientWrites(account, client, "first");

        try (EventsClient annaScreen = EventsClient.connect(anna.api())) {
            JsonNode blocked = anna.api().post("/api/v1/sessions/" + id + "/block",
                    Map.of("comment", "spammer")).ok();

            assertThat(blocked.get("status").asText()).isEqualTo("SPAM");
            annaScreen.await("session.blocked", session(id));
            annaScreen.await("counters.changed", d -> d.get("lineId").asLong() == line
                    && d.get("unassigned").asLong() == 0);
            assertThat(anna.api().post("/api/v1/sessions/" + id + "/block", Map.of()).status())
                    .as("operators no longer see it").isEqualTo(403);
            assertThat(sofia.api().post("/api/v1/sessions/" + id + "/block", Map.of()).status()).isEqualTo(409);

            // the client writes on: stored in the same session, nobody told
            write(account, client, null, null, "second");
            await().atMost(Duration.ofSeconds(10)).until(() -> texts(id).contains("second"));
            long fine = fixtures.clientWrites(account, Fixtures.unique(), "unrelated");
            annaScreen.await("message.created", session(fine));
            assertThat(annaScreen.frames("message.created", session(id))).isEmpty();
        }
        JsonNode rules = admin.get("/api/v1/blacklist").ok();
        JsonNode rule = find(rules, r -> r.get("value").asText().equals(Long.toString(client)));
        assertThat(rule.get("kind").asText()).isEqualTo("IDENTITY");
        assertThat(rule.get("accountId").asLong()).isEqualTo(account.id());
        assertThat(rule.get("comment").asText()).isEqualTo("spammer");
        assertThat(rule.get("createdByName").asText()).isEqualTo("Anna");
        assertThat(systemTexts(id)).contains("Anna blocked the client: the session moved to spam: spammer");
        assertThat(admin.get("/api/v1/sessions?status=SPAM&lineId=" + line).ok().findValuesAsText("id"))
                .containsExactly(Long.toString(id));

        assertThat(sofia.api().post("/api/v1/sessions/" + id + "/unblock", Map.of()).status())
                .as("admins only").isEqualTo(403);
        JsonNode back = admin.post("/api/v1/sessions/" + id + "/unblock", Map.of("removeRule", true)).ok();

        assertThat(back.get("status").asText()).isEqualTo("QUEUED");
        assertThat(back.hasNonNull("waitingSince")).as("the client waits again").isTrue();
        assertThat(admin.get("/api/v1/blacklist").ok().findValuesAsText("value")).doesNotContain(Long.toString(client));
        try (EventsClient annaScreen = EventsClient.connect(anna.api())) {
            write(account, client, null, null, "third");
            annaScreen.await("message.created", session(id));
        }
        assertThat(admin.get("/api/v1/sessions/" + id).ok().get("status").asText()).isEqualTo("QUEUED");
        assertThat(admin.post("/api/v1/sessions/" + id + "/unblock", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void anUnblockedSessionIsRoutedToAnOperator() {
        long routed = fixtures.staffedLine("Blacklist routed", Map.of("routingMode", "ROUND_ROBIN"), List.of(anna),
                List.of());
        Fixtures.Account routedAccount = fixtures.loopback(routed);
        long client = Fixtures.unique();
        admin.post("/api/v1/blacklist", Map.of("kind", "IDENTITY", "channelType", "loopback",
                "value", Long.toString(client))).ok();
        write(routedAccount, client, null, null, "let me in");
        long id = awaitSpamSession("Client" + client);

        admin.post("/api/v1/sessions/" + id + "/unblock", Map.of("removeRule", true)).ok();

        await().atMost(Duration.ofSeconds(10)).until(() -> "ASSIGNED".equals(
                admin.get("/api/v1/sessions/" + id).ok().get("status").asText()));
        assertThat(admin.get("/api/v1/sessions/" + id).ok().get("operatorId").asLong()).isEqualTo(anna.id());
    }

    @Test
    void aRuleStopsBlockingWhenItExpiresAndTheSessionLeavesSpam() throws Exception {
        long client = Fixtures.unique();
        Instant expires = Instant.now().plusSeconds(3);
        admin.post("/api/v1/blacklist", Map.of("kind", "IDENTITY", "channelType", "loopback",
                "value", Long.toString(client), "expiresAt", expires.toString())).ok();
        write(account, client, null, null, "while blocked");
        long id = awaitSpamSession("Client" + client);

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expires.plusMillis(200)));
        try (EventsClient annaScreen = EventsClient.connect(anna.api())) {
            write(account, client, null, null, "after expiry");
            annaScreen.await("session.unblocked", session(id));
            annaScreen.await("message.created", session(id));
        }
        assertThat(admin.get("/api/v1/sessions/" + id).ok().get("status").asText()).isEqualTo("QUEUED");
        assertThat(systemTexts(id)).contains("The client is no longer blacklisted: the session left spam for the queue");
    }

    @Test
    void aPastExpiryIsRefused() {
        assertThat(admin.post("/api/v1/blacklist", Map.of("kind", "IDENTITY", "channelType", "loopback",
                "value", "1", "expiresAt", Instant.now().minusSeconds(1).toString())).status()).isEqualTo(400);
    }

    @Test
    void emailDomainAndPhoneRulesBlockWhatTheChannelReportsAboutTheSender() {
        admin.post("/api/v1/blacklist", Map.of("kind", "DOMAIN", "value", "spam-" + line + ".example")).ok();
        admin.post("/api/v1/blacklist", Map.of("kind", "PHONE", "value", "+7 (900) " + line)).ok();
        admin.post("/api/v1/blacklist", Map.of("kind", "EMAIL", "value", "Eve@Shop-" + line + ".example")).ok();
        long byDomain = Fixtures.unique();
        long byPhone = Fixtures.unique();
        long byEmail = Fixtures.unique();
        long fine = Fixtures.unique();

        write(account, byDomain, "x@mail.SPAM-" + line + ".example", null, "domain");
        write(account, byPhone, null, "7900" + line, "phone");
        write(account, byEmail, "eve@shop-" + line + ".example", null, "email");
        write(account, fine, "adam@shop-" + line + ".example", "7901" + line, "fine");

        awaitSpamSession("Client" + byDomain);
        awaitSpamSession("Client" + byPhone);
        awaitSpamSession("Client" + byEmail);
        assertThat(fixtures.awaitSession(line, "Client" + fine)).isPositive();
    }

    @Test
    void requestsThatAreNotValidOrNotAllowedAreRefused() {
        assertThat(admin.post("/api/v1/blacklist", Map.of("kind", "EMAIL", "value", "nobody")).status())
                .isEqualTo(400);
        assertThat(admin.post("/api/v1/blacklist", Map.of("kind", "IDENTITY", "value", "42")).raw())
                .contains("channelType");
        assertThat(admin.post("/api/v1/blacklist", Map.of("kind", "IDENTITY", "accountId", account.id(),
                "channelType", "telegram", "value", "42")).status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/blacklist", Map.of("kind", "PHONE", "channelType", "telegram",
                "value", "12345")).status()).isEqualTo(400);
        assertThat(sofia.api().post("/api/v1/blacklist", Map.of("kind", "DOMAIN", "value", "example.com"))
                .status()).isEqualTo(403);
        assertThat(anna.api().get("/api/v1/blacklist").status()).isEqualTo(403);
        assertThat(admin.delete("/api/v1/blacklist/999999999").status()).isEqualTo(404);

        User stranger = fixtures.user("Stranger");
        long id = fixtures.clientWrites(account, Fixtures.unique(), "hi");
        assertThat(stranger.api().post("/api/v1/sessions/" + id + "/block", Map.of()).status()).isEqualTo(403);
        JsonNode rule = admin.post("/api/v1/blacklist", Map.of("kind", "DOMAIN", "value", "gone.example")).ok();
        assertThat(admin.delete("/api/v1/blacklist/" + rule.get("id").asLong()).status()).isEqualTo(204);
    }

    /**
     * 2,000 messages from 50 clients, 5 of them blocked, posted concurrently through the webhook: exactly the blocked
     * clients' sessions are spam, none of their messages reaches a screen, and no message is lost.
     */
    @Test
    void manyClientsWritingAtOnceLandExactlyWhereTheRulesSay() throws Exception {
        String secret = "webhook-secret-" + Fixtures.unique();
        long loadLine = fixtures.staffedLine("Blacklist load", Map.of(), List.of(anna), List.of());
        Fixtures.Account hook = fixtures.loopback(loadLine, Map.of("mode", "webhook", "secret", secret));
        long base = Fixtures.unique() * 100;
        List<Long> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(base + i);
        }
        Set<Long> blocked = Set.copyOf(clients.subList(10, 15));
        for (long c : blocked) {
            admin.post("/api/v1/blacklist", Map.of("kind", "IDENTITY", "channelType", "loopback",
                    "value", Long.toString(c))).ok();
        }
        int perClient = 40;

        try (EventsClient screen = EventsClient.connect(admin)) {
            // 8 platform threads, each posting batches of 10 messages of mixed clients
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> posts = new ArrayList<>();
            for (int batch = 0; batch < 200; batch++) {
                int b = batch;
                posts.add(pool.submit(() -> {
                    Event[] events = new Event[10];
                    for (int k = 0; k < 10; k++) {
                        int n = b * 10 + k;
                        long c = clients.get(n % 50);
                        events[k] = Event.message("load-" + base + "-" + n, Long.toString(c), Long.toString(c),
                                "Client" + c, "message " + n);
                    }
                    for (int attempt = 0; ; attempt++) {
                        LoopbackPlatform.Answer answer = LOOPBACK.postWebhook(hook.webhookUrl(), secret, events);
                        if (answer.status() == 200) {
                            return;
                        }
                        assertThat(attempt).as("answer " + answer).isLessThan(5);
                    }
                }));
            }
            for (Future<?> f : posts) {
                f.get();
            }
            pool.shutdown();

            Map<String, JsonNode> sessions = new HashMap<>();
            for (JsonNode s : admin.get("/api/v1/sessions?lineId=" + loadLine + "&limit=200").ok()) {
                sessions.put(s.get("clientName").asText(), s);
            }
            assertThat(sessions).hasSize(50);
            Set<Long> spam = new java.util.HashSet<>();
            for (long c : clients) {
                JsonNode s = sessions.get("Client" + c);
                assertThat(s.get("status").asText()).as("client " + c)
                        .isEqualTo(blocked.contains(c) ? "SPAM" : "QUEUED");
                assertThat(inbound(s.get("id").asLong())).as("client " + c).isEqualTo(perClient);
                if (blocked.contains(c)) {
                    spam.add(s.get("id").asLong());
                }
            }
            // every message of the clients not blocked reaches the screen; none of the blocked ones
            await().atMost(Duration.ofSeconds(30)).until(() -> screen.frames("message.created",
                    d -> d.get("session").get("lineId").asLong() == loadLine).size() == 45 * perClient);
            assertThat(screen.frames().stream().filter(f -> f.get("data").has("session")
                    && spam.contains(f.get("data").get("session").get("id").asLong()))).isEmpty();
            assertThat(screen.frames("session.created", d -> d.get("session").get("lineId").asLong() == loadLine))
                    .hasSize(45);
        }
        assertThat(admin.get("/api/v1/lines/" + loadLine).ok().get("unassigned").asLong()).isEqualTo(45);
    }

    /** A client of the loopback platform writes, with an address and a phone when given. */
    private static void write(Fixtures.Account account, long client, String email, String phone, String text) {
        String id = account.platform().newMessageId();
        account.platform().enqueue(Event.message(id, Long.toString(client), Long.toString(client), "Client" + client,
                text).with("email", email).with("phone", phone));
    }

    /** Waits for the spam session of a client, as the admin lists spam. */
    private long awaitSpamSession(String clientName) {
        long[] id = new long[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode s : admin.get("/api/v1/sessions?status=SPAM&limit=200").ok()) {
                if (s.get("clientName").asText().equals(clientName)) {
                    id[0] = s.get("id").asLong();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    private long inbound(long session) {
        return count(session, "INBOUND");
    }

    private long count(long session, String direction) {
        long n = 0;
        for (JsonNode m : admin.get("/api/v1/sessions/" + session + "/messages?limit=200").ok()) {
            if (direction.equals(m.get("direction").asText())) {
                n++;
            }
        }
        return n;
    }

    private List<String> texts(long session) {
        List<String> texts = new ArrayList<>();
        for (JsonNode m : fixtures.messages(session)) {
            if ("INBOUND".equals(m.get("direction").asText())) {
                texts.add(m.get("text").asText());
            }
        }
        return texts;
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

    private static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> match) {
        for (JsonNode n : array) {
            if (match.test(n)) {
                return n;
            }
        }
        throw new AssertionError("nothing matches in " + array);
    }
}
