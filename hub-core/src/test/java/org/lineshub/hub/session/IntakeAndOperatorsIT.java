package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.LoopbackPlatform.Answer;
import org.lineshub.hub.support.LoopbackPlatform.Event;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Intake and operators on the same sessions at once: webhooks bring batches of messages for fifty conversations while
 * five operators take, answer and close those conversations' sessions. Every message is stored exactly once, every
 * webhook is answered 200 at once (intake gets past conflicts with operators itself instead of failing the batch), and
 * every operator gets 2xx or 409, never a server error.
 */
class IntakeAndOperatorsIT extends HubIT {

    private static final String SECRET = "burst-secret-0123456789";
    private static final int CHATS = 50;
    private static final int SENDERS = 4;
    private static final int REQUESTS = 12;
    private static final int PER_REQUEST = 10;
    private static final int OPERATORS = 5;

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Autowired
    private JdbcClient jdbc;

    @Test
    void aBurstOfIntakeAndOperatorsOnTheSameSessionsStoresEveryMessageOnceAndAnswersNoOperatorWithAnError()
            throws Exception {
        List<User> operators = new ArrayList<>();
        for (int i = 0; i < OPERATORS; i++) {
            operators.add(fixtures.user("Burst operator " + i));
        }
        long line = fixtures.staffedLine("Burst", Map.of(), operators, List.of());
        operators.forEach(o -> Fixtures.status(o, "ONLINE"));
        Fixtures.Account account = fixtures.loopback(line, Map.of("mode", "webhook", "secret", SECRET));
        long base = Fixtures.unique();
        List<String> chats = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < CHATS; i++) {
            String chat = base + "-" + i;
            chats.add(chat);
            expected.add("open-" + chat);
            assertThat(post(account, List.of(Event.message("open-" + chat, chat, chat, "Burst " + i, "hello"))))
                    .isEmpty();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> queue(admin, line).size() == CHATS);

        List<String> webhookTrouble = Collections.synchronizedList(new ArrayList<>());
        List<String> operatorAnswers = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean intakeDone = new AtomicBoolean();
        CyclicBarrier start = new CyclicBarrier(SENDERS + OPERATORS);
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS + OPERATORS);
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            int sender = t;
            List<List<Event>> requests = new ArrayList<>();
            for (int r = 0; r < REQUESTS; r++) {
                List<Event> batch = new ArrayList<>();
                for (int k = 0; k < PER_REQUEST; k++) {
                    // several sessions per batch, in no particular order, and several messages per session
                    int i = (sender * 17 + r * 11 + k * 7) % CHATS;
                    String id = "b-" + sender + "-" + r + "-" + k;
                    expected.add(id);
                    batch.add(Event.message(id, chats.get(i), chats.get(i), "Burst " + i, "more " + id));
                }
                requests.add(batch);
            }
            senders.add(pool.submit(() -> {
                start.await();
                for (List<Event> batch : requests) {
                    webhookTrouble.addAll(post(account, batch));
                }
                return null;
            }));
        }
        List<Future<?>> workers = new ArrayList<>();
        for (User operator : operators) {
            workers.add(pool.submit(() -> {
                start.await();
                work(operator, line, intakeDone, operatorAnswers);
                return null;
            }));
        }
        for (Future<?> f : senders) {
            f.get(120, TimeUnit.SECONDS);
        }
        intakeDone.set(true);
        for (Future<?> f : workers) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(operatorAnswers).as("operator actions answered neither 2xx nor 409")
                .filteredOn(a -> !a.contains(" 2") && !a.contains(" 409")).isEmpty();
        assertThat(operatorAnswers).as("operators did work").anyMatch(a -> a.startsWith("close") && a.contains(" 2"));
        assertThat(webhookTrouble).as("webhook answers other than 200: intake gets past conflicts itself").isEmpty();
        List<String> stored = jdbc.sql("SELECT external_id FROM message WHERE account_id = ? AND direction = 'INBOUND'")
                .param(account.id()).query(String.class).list();
        assertThat(stored).hasSize(expected.size());
        assertThat(new HashSet<>(stored)).isEqualTo(expected);
    }

    /** Takes queued sessions, answers and closes each, until intake is over and the queue is empty. */
    private static void work(User operator, long line, AtomicBoolean intakeDone, List<String> answers) {
        Instant end = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(end)) {
            List<Long> queue = queue(operator.api(), line);
            if (queue.isEmpty()) {
                if (intakeDone.get()) {
                    return;
                }
                pause();
                continue;
            }
            Collections.shuffle(queue);
            for (long session : queue) {
                String path = "/api/v1/sessions/" + session;
                HubClient.Response take = operator.api().post(path + "/take", Map.of());
                answers.add("take " + take.status() + " " + take.raw());
                if (take.status() != 200) {
                    continue;
                }
                HubClient.Response reply = operator.api().post(path + "/messages", Map.of("text", "on it"));
                answers.add("reply " + reply.status() + " " + reply.raw());
                HubClient.Response close = operator.api().post(path + "/close", Map.of("reason", "done"));
                answers.add("close " + close.status() + " " + close.raw());
            }
        }
    }

    /** Posts a batch like the platform: again after a 503; returns the answers other than 200 it got. */
    private static List<String> post(Fixtures.Account account, List<Event> batch) {
        List<String> trouble = new ArrayList<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            Answer answer = LOOPBACK.postWebhook(account.webhookUrl(), SECRET, batch.toArray(Event[]::new));
            if (answer.status() == 200) {
                return trouble;
            }
            trouble.add(answer.status() + " " + answer.body());
            if (answer.status() != 503) {
                return trouble;
            }
            pause();
        }
        trouble.add("gave up");
        return trouble;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> queue(HubClient api, long line) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode s : api.get("/api/v1/sessions?view=queue&lineId=" + line + "&limit=200").ok()) {
            ids.add(s.get("id").asLong());
        }
        return ids;
    }
}
