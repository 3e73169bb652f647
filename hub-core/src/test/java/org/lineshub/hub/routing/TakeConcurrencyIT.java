package org.lineshub.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;

/** Twenty operators take a hundred queued sessions at once: one owner per session, nobody above the limit. */
class TakeConcurrencyIT extends HubIT {

    private static final int OPERATORS = 20;
    private static final int SESSIONS = 100;
    private static final int LIMIT = 4;

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Test
    void twentyOperatorsTakingAHundredSessionsAtOnce() throws Exception {
        List<User> operators = new ArrayList<>();
        for (int i = 0; i < OPERATORS; i++) {
            operators.add(fixtures.user("Operator " + i));
        }
        long line = fixtures.staffedLine("Rush hour", Map.of("maxSessionsPerOperator", LIMIT), operators, List.of());
        for (User operator : operators) {
            Fixtures.status(operator, "ONLINE");
        }
        Fixtures.Account account = fixtures.loopback(line);
        long base = Fixtures.unique() * 1000;
        for (int i = 0; i < SESSIONS; i++) {
            String chat = Long.toString(base + i);
            account.platform().enqueueText(chat, chat, "Rush" + i, "help " + i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> queued(line).size() == SESSIONS);

        Map<Long, Long> winners = new ConcurrentHashMap<>();
        List<String> doubleWins = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier start = new CyclicBarrier(OPERATORS);
        ExecutorService pool = Executors.newFixedThreadPool(OPERATORS);
        List<Future<Integer>> taken = new ArrayList<>();
        for (User operator : operators) {
            taken.add(pool.submit(() -> takeUntilFull(operator, line, start, winners, doubleWins)));
        }
        int total = 0;
        for (Future<Integer> f : taken) {
            int mine = f.get();
            assertThat(mine).isLessThanOrEqualTo(LIMIT);
            total += mine;
        }
        pool.shutdown();

        assertThat(doubleWins).isEmpty();
        assertThat(total).isEqualTo(OPERATORS * LIMIT);
        Map<Long, Integer> perOperator = new HashMap<>();
        for (JsonNode s : admin.get("/api/v1/sessions?lineId=" + line + "&status=ASSIGNED&limit=200").ok()) {
            long owner = s.get("operatorId").asLong();
            assertThat(winners.get(s.get("id").asLong())).as("session %s", s.get("id")).isEqualTo(owner);
            perOperator.merge(owner, 1, Integer::sum);
        }
        assertThat(perOperator.values()).allMatch(n -> n <= LIMIT);
        assertThat(perOperator.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
        assertThat(queued(line)).hasSize(SESSIONS - total);
    }

    private int takeUntilFull(User operator, long line, CyclicBarrier start, Map<Long, Long> winners,
                              List<String> doubleWins) throws Exception {
        start.await();
        int mine = 0;
        while (mine < LIMIT) {
            List<Long> queue = queued(operator.api(), line);
            if (queue.isEmpty()) {
                return mine;
            }
            Collections.shuffle(queue);
            for (Long session : queue) {
                HubClient.Response r = operator.api().post("/api/v1/sessions/" + session + "/take", Map.of());
                if (r.status() == 200) {
                    mine++;
                    Long other = winners.putIfAbsent(session, operator.id());
                    if (other != null) {
                        doubleWins.add(session + " won by " + other + " and " + operator.id());
                    }
                    break;
                }
                assertThat(r.status()).as(r.raw()).isEqualTo(409);
                if (r.body().get("detail").asText().contains("limit")) {
                    return mine;
                }
            }
        }
        return mine;
    }

    private List<Long> queued(long line) {
        return queued(admin, line);
    }

    private static List<Long> queued(HubClient api, long line) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode s : api.get("/api/v1/sessions?view=queue&lineId=" + line + "&limit=200").ok()) {
            ids.add(s.get("id").asLong());
        }
        return ids;
    }
}
