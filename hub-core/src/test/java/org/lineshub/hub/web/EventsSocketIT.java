package org.lineshub.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lineshub.hub.support.EventsClient.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.EventsClient;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubIT;

/**
 * Real-time events over a real WebSocket: operators of two lines and a supervisor of one are connected, and each
 * receives exactly the events about what they may see.
 */
class EventsSocketIT extends HubIT {

    private final Fixtures fixtures = fixtures();

    @Test
    void eachUserReceivesExactlyTheEventsAboutWhatTheyMaySee() throws Exception {
        User anna = fixtures.user("Anna");
        User alex = fixtures.user("Alex");
        User boris = fixtures.user("Boris");
        User sofia = fixtures.user("Sofia");
        long lineA = fixtures.staffedLine("Events A", Map.of("showOperatorName", false), List.of(anna, alex),
                List.of(sofia));
        long lineB = fixtures.staffedLine("Events B", Map.of(), List.of(boris), List.of());
        Fixtures.status(anna, "ONLINE");
        Fixtures.status(alex, "ONLINE");
        Fixtures.Account accountA = fixtures.loopback(lineA);
        Fixtures.Account accountB = fixtures.loopback(lineB);

        try (EventsClient annaScreen = EventsClient.connect(anna.api());
             EventsClient alexScreen = EventsClient.connect(alex.api());
             EventsClient borisScreen = EventsClient.connect(boris.api());
             EventsClient sofiaScreen = EventsClient.connect(sofia.api())) {

            // a client writes to line A: its operators and supervisor hear of it, line B does not
            long sessionA = fixtures.clientWrites(accountA, Fixtures.unique(), "hello A");
            for (EventsClient screen : List.of(annaScreen, alexScreen, sofiaScreen)) {
                screen.await("session.created", session(sessionA));
                screen.await("message.created", session(sessionA));
                screen.await("counters.changed", d -> d.get("lineId").asLong() == lineA
                        && d.get("unassigned").asLong() == 1);
            }

            // Anna takes it: the queue shrinks for everyone on line A, but only Anna and Sofia follow the session
            anna.api().post("/api/v1/sessions/" + sessionA + "/take", Map.of()).ok();
            annaScreen.await("session.assigned", session(sessionA));
            sofiaScreen.await("session.assigned", session(sessionA));
            alexScreen.await("counters.changed", d -> d.get("lineId").asLong() == lineA
                    && d.get("unassigned").asLong() == 0);

            // a reply and an internal comment: Alex no longer sees the session at all
            anna.api().post("/api/v1/sessions/" + sessionA + "/messages", Map.of("text", "how can I help?")).ok();
            sofia.api().post("/api/v1/sessions/" + sessionA + "/messages", Map.of("text", "VIP client",
                    "internal", true)).ok();
            for (EventsClient screen : List.of(annaScreen, sofiaScreen)) {
                screen.await("message.created", d -> d.get("message").get("direction").asText().equals("INTERNAL"));
                screen.await("message.updated", d -> "SENT".equals(d.get("message").path("deliveryStatus").asText()));
            }

            // line B's session reaches Boris only; Boris's status change reaches no one of line A
            long sessionB = fixtures.clientWrites(accountB, Fixtures.unique(), "hello B");
            borisScreen.await("session.created", session(sessionB));
            Fixtures.status(boris, "ONLINE");
            borisScreen.await("operator.status", d -> d.get("userId").asLong() == boris.id());
            Fixtures.status(alex, "AWAY");
            sofiaScreen.await("operator.status", d -> d.get("userId").asLong() == alex.id()
                    && d.get("status").asText().equals("AWAY"));
            annaScreen.await("session.created", session(sessionA));

            Thread.sleep(Duration.ofMillis(500).toMillis());
            assertThat(aboutSession(borisScreen, sessionA)).isEmpty();
            assertThat(borisScreen.frames("counters.changed", d -> d.get("lineId").asLong() == lineA)).isEmpty();
            assertThat(borisScreen.frames("operator.status", d -> d.get("userId").asLong() == alex.id())).isEmpty();
            for (EventsClient screen : List.of(annaScreen, alexScreen, sofiaScreen)) {
                assertThat(aboutSession(screen, sessionB)).isEmpty();
                assertThat(screen.frames("counters.changed", d -> d.get("lineId").asLong() == lineB)).isEmpty();
            }
            assertThat(sofiaScreen.frames("operator.status", d -> d.get("userId").asLong() == boris.id())).isEmpty();
            assertThat(alexScreen.frames("session.assigned", session(sessionA))).isEmpty();
            assertThat(alexScreen.frames("message.created", d -> session(sessionA).test(d)
                    && !d.get("message").get("direction").asText().equals("INBOUND"))).isEmpty();
            assertThat(annaScreen.frames("operator.status", d -> d.get("userId").asLong() == alex.id()))
                    .as("operators do not watch each other").isEmpty();
        }
    }

    private static List<JsonNode> aboutSession(EventsClient screen, long sessionId) {
        return screen.frames().stream().filter(f -> f.get("data").has("session")
                && f.get("data").get("session").get("id").asLong() == sessionId).toList();
    }
}
