package org.lineshub.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Routing in a running hub: sessions reach online operators as the line's mode says, within limits. */
class RoutingIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void roundRobinGivesNewSessionsToOnlineOperatorsInTurn() {
        User first = fixtures.user("First");
        User second = fixtures.user("Second");
        User away = fixtures.user("Away");
        long line = fixtures.staffedLine("Round robin", Map.of("routingMode", "ROUND_ROBIN"),
                List.of(first, second, away), List.of());
        Fixtures.status(first, "ONLINE");
        Fixtures.status(second, "ONLINE");
        Fixtures.status(away, "AWAY");
        Fixtures.Account account = fixtures.loopback(line);

        List<Long> owners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            owners.add(assigned(fixtures.clientWrites(account, Fixtures.unique(), "hi " + i)));
        }

        assertThat(owners).containsExactly(first.id(), second.id(), first.id(), second.id());
    }

    @Test
    void leastBusyGivesEachNewSessionToTheOperatorWithTheFewestOpenOnes() {
        User busy = fixtures.user("Busy");
        User idle = fixtures.user("Idle");
        long line = fixtures.staffedLine("Least busy", Map.of("routingMode", "LEAST_BUSY"), List.of(busy, idle),
                List.of());
        Fixtures.status(busy, "ONLINE");
        Fixtures.Account account = fixtures.loopback(line);
        assigned(fixtures.clientWrites(account, Fixtures.unique(), "1"));
        assigned(fixtures.clientWrites(account, Fixtures.unique(), "2"));
        Fixtures.status(idle, "ONLINE");

        long third = assigned(fixtures.clientWrites(account, Fixtures.unique(), "3"));
        long fourth = assigned(fixtures.clientWrites(account, Fixtures.unique(), "4"));
        long fifth = assigned(fixtures.clientWrites(account, Fixtures.unique(), "5"));

        assertThat(List.of(third, fourth)).containsOnly(idle.id());
        assertThat(fifth).as("a tie goes round-robin").isEqualTo(busy.id());
    }

    @Test
    void sessionsWaitInTheQueueUntilSomeoneIsFreeAndNoOperatorGoesAboveTheLimit() {
        User anna = fixtures.user("Anna");
        User boris = fixtures.user("Boris");
        long line = fixtures.staffedLine("Limited", Map.of("routingMode", "ROUND_ROBIN",
                "maxSessionsPerOperator", 1), List.of(anna, boris), List.of());
        Fixtures.status(anna, "ONLINE");
        Fixtures.Account account = fixtures.loopback(line);

        long first = fixtures.clientWrites(account, Fixtures.unique(), "first");
        assertThat(assigned(first)).isEqualTo(anna.id());
        long second = fixtures.clientWrites(account, Fixtures.unique(), "second");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> "QUEUED".equals(status(second)));
        assertThat(anna.api().post("/api/v1/sessions/" + second + "/take", Map.of()).status())
                .as("above the limit").isEqualTo(409);

        anna.api().post("/api/v1/sessions/" + first + "/close", Map.of()).ok();
        assertThat(assigned(second)).as("freed capacity is used at once").isEqualTo(anna.id());

        long third = fixtures.clientWrites(account, Fixtures.unique(), "third");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> "QUEUED".equals(status(third)));
        Fixtures.status(boris, "ONLINE");
        assertThat(assigned(third)).as("an operator coming online gets the waiting session").isEqualTo(boris.id());
    }

    @Test
    void aSessionNobodyAnswersInTimeIsOfferedToTheNextOperator() {
        User slow = fixtures.user("Slow");
        User quick = fixtures.user("Quick");
        long line = fixtures.staffedLine("Offers", Map.of("routingMode", "ROUND_ROBIN", "offerTimeoutSeconds", 2),
                List.of(slow, quick), List.of());
        Fixtures.status(slow, "ONLINE");
        Fixtures.Account account = fixtures.loopback(line);
        long answered = fixtures.clientWrites(account, Fixtures.unique(), "answered in time");
        assertThat(assigned(answered)).isEqualTo(slow.id());
        slow.api().post("/api/v1/sessions/" + answered + "/messages", Map.of("text", "on it")).ok();
        long ignored = fixtures.clientWrites(account, Fixtures.unique(), "ignored");
        assertThat(assigned(ignored)).isEqualTo(slow.id());
        Fixtures.status(quick, "ONLINE");

        await().atMost(Duration.ofSeconds(15)).until(() -> Long.valueOf(quick.id()).equals(operator(ignored)));
        assertThat(fixtures.messages(ignored).findValuesAsText("text"))
                .anyMatch(t -> t.startsWith("Slow did not answer within 2 s"));
        assertThat(operator(answered)).isEqualTo(slow.id());
    }

    @Test
    void sessionsWithoutMessagesForTheLinesTimeCloseAutomatically() {
        long line = fixtures.line("Auto close", Map.of("autoCloseHours", 1));
        Fixtures.Account account = fixtures.loopback(line);
        long idle = fixtures.clientWrites(account, Fixtures.unique(), "forgotten");
        long fresh = fixtures.clientWrites(account, Fixtures.unique(), "recent");
        jdbc.update("UPDATE session SET last_message_at = DATE_SUB(UTC_TIMESTAMP(6), INTERVAL 2 HOUR) WHERE id = ?",
                idle);

        await().atMost(Duration.ofSeconds(15)).until(() -> "CLOSED".equals(status(idle)));
        assertThat(fixtures.messages(idle).findValuesAsText("text"))
                .contains("Closed automatically after 1 h without messages");
        assertThat(status(fresh)).isEqualTo("QUEUED");
    }

    private long assigned(long session) {
        await().atMost(Duration.ofSeconds(15)).until(() -> "ASSIGNED".equals(status(session)));
        return operator(session);
    }

    private String status(long session) {
        return admin.get("/api/v1/sessions/" + session).ok().get("status").asText();
    }

    private Long operator(long session) {
        JsonNode view = admin.get("/api/v1/sessions/" + session).ok();
        return view.has("operatorId") ? view.get("operatorId").asLong() : null;
    }
}
