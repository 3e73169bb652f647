package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.EventsClient;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A Telegram bot's webhook under a burst, as Telegram delivers it to a busy bot: 5,000 calls from 200 private chats
 * over 48 connections at once, in shuffled order, several messages of one chat in flight together, and one call in
 * ten an update delivered again (half of them while the first delivery is still in flight). Every message is stored
 * exactly once, each chat has exactly one open session holding all its messages, the session shows them in the order
 * the client wrote them (Telegram's {@code message_id}, which grows within a chat, while {@code date} has whole
 * seconds only, so a client's quick messages share one), and no call is answered with a 5xx: a healthy hub settles
 * conflicts between concurrent calls itself. The hub answering 503 would make Telegram deliver again; the sender here
 * does that too, so the other checks hold either way, but with the database up the hub has no reason to, and the
 * test fails on any.
 *
 * <p>The shuffle is seeded; the seed is in every failure message ({@code -Dburst.seed=<seed>} repeats a run).
 */
class IntakeBurstIT extends HubIT {

    private static final int CLIENTS = 200;
    private static final int CALLS = 5_000;
    private static final int DUPLICATES = CALLS / 10;
    private static final int MESSAGES = CALLS - DUPLICATES;
    private static final int CONNECTIONS = 48;
    /** Chat ids of this test's clients; the account is the test's own, so they meet no one else's. */
    private static final long FIRST_CHAT = 730_000_001L;
    private static final int MAX_RESENDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private final long seed = Long.getLong("burst.seed", System.nanoTime());

    @Autowired
    private JdbcClient jdbc;

    /** One Telegram update as the test sends it. */
    private record Update(long chatId, long messageId, long date, String text, byte[] body) {

        String externalId() {
            return chatId + ":" + messageId;
        }
    }

    @Test
    void aBurstOfConcurrentAndRepeatedCallsIsStoredOnceEachInTheClientsOrder() throws Exception {
        String run = "burst seed " + seed;
        Random random = new Random(seed);
        long line = fixtures.line("Burst", Map.of());
        String token = Fixtures.unique() + ":AAHburst0123456789abcdefghijKLMNOPQ";
        TELEGRAM.bot(token);
        JsonNode created = admin.post("/api/v1/channel-accounts", Map.of("type", "telegram", "name", "burst bot",
                "lineId", line, "settings", Map.of("botToken", token, "mode", "webhook",
                        "apiBaseUrl", TELEGRAM.baseUrl()))).ok();
        assertThat(created.get("status").asText()).as(created.toString()).isEqualTo("RUNNING");
        long account = created.get("id").asLong();
        URI webhook = URI.create(created.get("webhookUrl").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> TELEGRAM.bot(token).webhookUrl().isPresent());
        String secret = TELEGRAM.bot(token).webhookSecret();

        Map<Long, List<Update>> byChat = new TreeMap<>();
        List<List<Update>> bursts = bursts(random, byChat);
        List<Update> calls = withDuplicates(random, bursts);
        assertThat(calls).as(run).hasSize(CALLS);

        Sender sender = new Sender(webhook, secret, calls);
        EventsClient screen = EventsClient.connect(admin);
        long started = System.nanoTime();
        sender.sendAll();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("%s: %d calls in %d ms (%d/s); statuses %s; resent after 503: %d; same chat in flight"
                        + " together: %d calls, at most %d at once; duplicates in flight with their original: %d%n",
                run, CALLS, millis, CALLS * 1000L / Math.max(1, millis), sender.statuses(), sender.resends.sum(),
                sender.sameChatOverlaps.sum(), sender.maxSameChat.get(), sender.duplicateOverlaps.sum());

        // what was sent is what the checks below rely on: the burst really was concurrent
        assertThat(sender.sameChatOverlaps.sum()).as(run + ": calls of one chat in flight together")
                .isGreaterThan(CLIENTS);
        assertThat(sender.duplicateOverlaps.sum()).as(run + ": redeliveries in flight with their original")
                .isPositive();

        assertThat(sender.failures).as(run + ": calls that failed").isEmpty();
        assertThat(sender.statuses().keySet()).as(run + ": statuses other than 200, and 503 sent again")
                .isSubsetOf(200, 503);
        assertThat(sender.statuses().get(200)).as(run + ": calls answered 200").isEqualTo((long) CALLS);
        assertThat(sender.statuses().getOrDefault(503, 0L)).as(run + ": 503 answers with the database up")
                .isZero();

        storedExactlyOnce(run, account, byChat);
        oneOpenSessionPerChat(run, account, byChat);
        inTheClientsOrder(run, account, byChat);
        try (screen) {
            announcedAsStored(run, account, screen);
        }
    }

    /**
     * Each stored message was announced once on the operators' WebSocket, under the id the database gave its row
     * (a group's messages are inserted by one statement, and each gets its id from the answer), with its own text.
     */
    private void announcedAsStored(String run, long account, EventsClient screen) {
        Predicate<JsonNode> ours = d -> d.get("session").get("accountId").asLong() == account;
        await().atMost(Duration.ofSeconds(30)).until(() -> screen.frames("message.created", ours).size() >= MESSAGES);
        Map<Long, String> announced = new HashMap<>();
        for (JsonNode frame : screen.frames("message.created", ours)) {
            JsonNode message = frame.get("data").get("message");
            assertThat(announced.put(message.get("id").asLong(), message.get("text").asText()))
                    .as(run + ": message " + message.get("id") + " announced twice").isNull();
        }
        Map<Long, String> stored = new HashMap<>();
        jdbc.sql("SELECT id, text FROM message WHERE account_id = ? AND direction = 'INBOUND'").param(account)
                .query(rs -> {
                    stored.put(rs.getLong(1), rs.getString(2));
                });
        assertThat(announced).as(run + ": announced ids and texts").hasSize(MESSAGES)
                .containsExactlyInAnyOrderEntriesOf(stored);
    }

    /**
     * The distinct messages: each client writes in bursts of 1 to 6 messages within one second (one {@code date}),
     * bursts a few seconds apart; a burst's messages are sent together, bursts of all clients in shuffled order.
     */
    private List<List<Update>> bursts(Random random, Map<Long, List<Update>> byChat) {
        long start = Instant.now().minus(Duration.ofHours(2)).getEpochSecond();
        long updateId = 500_000_000L + random.nextInt(1_000_000);
        List<List<Update>> bursts = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            long chat = FIRST_CHAT + client;
            int count = MESSAGES / CLIENTS + (client < MESSAGES % CLIENTS ? 1 : 0);
            long date = start + random.nextInt(600);
            List<Update> mine = new ArrayList<>();
            for (int n = 1; n <= count; ) {
                int size = Math.min(count - n + 1, 1 + random.nextInt(6));
                List<Update> burst = new ArrayList<>();
                for (int k = 0; k < size; k++, n++) {
                    String text = "message " + n + " of chat " + chat;
                    Update u = new Update(chat, n, date, text, update(updateId++, chat, n, date, text));
                    burst.add(u);
                    mine.add(u);
                }
                Collections.shuffle(burst, random);
                bursts.add(burst);
                date += 1 + random.nextInt(5);
            }
            byChat.put(chat, mine);
        }
        Collections.shuffle(bursts, random);
        return bursts;
    }

    /**
     * The calls: the bursts one after the other, and {@value #DUPLICATES} of their updates delivered a second time,
     * half of them right beside the first delivery (so both are in flight together), half somewhere later.
     */
    private static List<Update> withDuplicates(Random random, List<List<Update>> bursts) {
        List<Update> all = new ArrayList<>();
        bursts.forEach(all::addAll);
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            picked.add(i);
        }
        Collections.shuffle(picked, random);
        Map<Integer, Boolean> repeat = new HashMap<>();
        for (int i = 0; i < DUPLICATES; i++) {
            repeat.put(picked.get(i), i % 2 == 0);
        }
        List<Update> calls = new ArrayList<>(all);
        List<Update> later = new ArrayList<>();
        // right beside: inserted from the end, so earlier indexes stay valid
        for (int i = all.size() - 1; i >= 0; i--) {
            Boolean beside = repeat.get(i);
            if (beside == null) {
                continue;
            }
            if (beside) {
                calls.add(i + 1, all.get(i));
            } else {
                later.add(all.get(i));
            }
        }
        for (Update u : later) {
            int original = calls.indexOf(u);
            calls.add(original + 1 + random.nextInt(calls.size() - original), u);
        }
        return calls;
    }

    /** A text message in a private chat, shaped as the Bot API's {@code Update} (core.telegram.org/bots/api#update). */
    private static byte[] update(long updateId, long chat, long messageId, long date, String text) {
        ObjectNode update = JSON.createObjectNode().put("update_id", updateId);
        ObjectNode message = update.putObject("message").put("message_id", messageId);
        message.putObject("from").put("id", chat).put("is_bot", false).put("first_name", "Client" + chat)
                .put("language_code", "en");
        message.putObject("chat").put("id", chat).put("first_name", "Client" + chat).put("type", "private");
        message.put("date", date).put("text", text);
        return update.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void storedExactlyOnce(String run, long account, Map<Long, List<Update>> byChat) {
        Map<String, String> expected = new HashMap<>();
        byChat.values().forEach(list -> list.forEach(u -> expected.put(u.externalId(), u.text())));
        Map<String, Integer> copies = new HashMap<>();
        Map<String, String> texts = new HashMap<>();
        jdbc.sql("SELECT external_id, text FROM message WHERE account_id = ? AND direction = 'INBOUND'")
                .param(account).query(rs -> {
                    copies.merge(rs.getString(1), 1, Integer::sum);
                    texts.put(rs.getString(1), rs.getString(2));
                });

        assertThat(copies.keySet()).as(run + ": the stored messages are the ones sent")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(copies).as(run + ": messages stored more than once").allSatisfy((id, n) -> assertThat(n)
                .as(id).isOne());
        assertThat(texts).as(run).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM dead_letter WHERE account_id = ?").param(account)
                .query(Long.class).single()).as(run + ": parked input").isZero();
    }

    private void oneOpenSessionPerChat(String run, long account, Map<Long, List<Update>> byChat) {
        Map<String, List<String>> sessions = new HashMap<>();
        jdbc.sql("SELECT external_chat_id, status FROM session WHERE account_id = ?").param(account)
                .query(rs -> {
                    sessions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        assertThat(sessions.keySet()).as(run).containsExactlyInAnyOrderElementsOf(
                byChat.keySet().stream().map(String::valueOf).toList());
        assertThat(sessions).as(run + ": sessions of each chat").allSatisfy((chat, statuses) ->
                assertThat(statuses).as("chat " + chat).singleElement().isNotEqualTo("CLOSED"));
        long elsewhere = jdbc.sql("SELECT COUNT(*) FROM message m JOIN session s ON s.id = m.session_id"
                        + " WHERE m.account_id = ? AND m.external_id NOT LIKE CONCAT(s.external_chat_id, ':%')")
                .param(account).query(Long.class).single();
        assertThat(elsewhere).as(run + ": messages in another chat's session").isZero();
    }

    /**
     * The order the hub shows a session's messages in ({@code GET /api/v1/sessions/{id}/messages}) is the order the
     * client wrote them: ascending {@code message_id}.
     */
    private void inTheClientsOrder(String run, long account, Map<Long, List<Update>> byChat) {
        HubClient reader = HubClient.bearer(base(), admin.post("/api/v1/tokens", Map.of("name", "burst reader "
                + Fixtures.unique())).ok().get("token").asText());
        Map<String, Long> sessionOfChat = new HashMap<>();
        jdbc.sql("SELECT external_chat_id, id FROM session WHERE account_id = ?").param(account)
                .query(rs -> {
                    sessionOfChat.put(rs.getString(1), rs.getLong(2));
                });
        List<String> outOfOrder = new ArrayList<>();
        for (Map.Entry<Long, List<Update>> chat : byChat.entrySet()) {
            long session = sessionOfChat.get(String.valueOf(chat.getKey()));
            List<JsonNode> shown = new ArrayList<>();
            reader.get("/api/v1/sessions/" + session + "/messages?limit=200").ok().forEach(m -> {
                if ("INBOUND".equals(m.get("direction").asText())) {
                    shown.add(m);
                }
            });
            List<Long> ids = shown.stream().map(m -> Long.parseLong(m.get("externalId").asText()
                    .substring(m.get("externalId").asText().indexOf(':') + 1))).toList();
            List<Long> written = chat.getValue().stream().map(Update::messageId).toList();
            if (!ids.equals(written)) {
                StringBuilder detail = new StringBuilder("chat " + chat.getKey() + " shows message_ids " + ids);
                for (int i = 1; i < shown.size(); i++) {
                    if (ids.get(i) < ids.get(i - 1)) {
                        detail.append("; e.g. ").append(describe(shown.get(i - 1))).append(" before ")
                                .append(describe(shown.get(i)));
                        break;
                    }
                }
                outOfOrder.add(detail.toString());
            }
        }
        assertThat(outOfOrder).as(run + ": sessions whose messages are not in the order the client wrote them ("
                + outOfOrder.size() + " of " + byChat.size() + ")").isEmpty();
    }

    private static String describe(JsonNode m) {
        return "{externalId " + m.get("externalId").asText() + ", providerTime " + m.path("providerTime").asText()
                + ", sortTime " + m.path("sortTime").asText() + ", id " + m.get("id").asLong() + "}";
    }

    /**
     * Sends the calls over {@value #CONNECTIONS} connections, each worker taking the next call of the list, so the
     * calls next to each other in the list (a burst, a redelivery beside its original) are in flight together.
     * Records every answer's status; a 503 is sent again, as Telegram would, until it is answered otherwise.
     */
    private static final class Sender {

        private final URI webhook;
        private final String secret;
        private final List<Update> calls;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final AtomicInteger next = new AtomicInteger();
        private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        private final Map<Long, AtomicInteger> inFlightByChat = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> inFlightById = new ConcurrentHashMap<>();
        private final LongAdder resends = new LongAdder();
        private final LongAdder sameChatOverlaps = new LongAdder();
        private final LongAdder duplicateOverlaps = new LongAdder();
        private final AtomicInteger maxSameChat = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        Sender(URI webhook, String secret, List<Update> calls) {
            this.webhook = webhook;
            this.secret = secret;
            this.calls = calls;
        }

        void sendAll() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int i = 0; i < CONNECTIONS; i++) {
                    workers.add(pool.submit(this::work));
                }
                for (Future<?> worker : workers) {
                    worker.get(80, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        }

        Map<Integer, Long> statuses() {
            Map<Integer, Long> copy = new TreeMap<>();
            statuses.forEach((status, n) -> copy.put(status, n.sum()));
            return copy;
        }

        private void work() {
            for (int i = next.getAndIncrement(); i < calls.size(); i = next.getAndIncrement()) {
                Update u = calls.get(i);
                AtomicInteger chat = inFlightByChat.computeIfAbsent(u.chatId(), k -> new AtomicInteger());
                AtomicInteger same = inFlightById.computeIfAbsent(u.externalId(), k -> new AtomicInteger());
                int together = chat.incrementAndGet();
                maxSameChat.accumulateAndGet(together, Math::max);
                if (together > 1) {
                    sameChatOverlaps.increment();
                }
                if (same.incrementAndGet() > 1) {
                    duplicateOverlaps.increment();
                }
                try {
                    deliver(u);
                } finally {
                    same.decrementAndGet();
                    chat.decrementAndGet();
                }
            }
        }

        private void deliver(Update u) {
            HttpRequest request = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Telegram-Bot-Api-Secret-Token", secret)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(u.body())).build();
            for (int attempt = 1; attempt <= MAX_RESENDS; attempt++) {
                HttpResponse<String> answer;
                try {
                    answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    failures.add(u.externalId() + ": " + e);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(u.externalId() + ": interrupted");
                    return;
                }
                statuses.computeIfAbsent(answer.statusCode(), k -> new LongAdder()).increment();
                if (answer.statusCode() != 503) {
                    if (answer.statusCode() != 200) {
                        failures.add(u.externalId() + ": " + answer.statusCode() + " " + answer.body());
                    }
                    return;
                }
                resends.increment();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            failures.add(u.externalId() + ": still 503 after " + MAX_RESENDS + " deliveries");
        }
    }
}
