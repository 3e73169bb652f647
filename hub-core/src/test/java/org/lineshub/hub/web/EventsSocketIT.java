package org.lineshub.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.lineshub.hub.support.EventsClient.session;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.EventsClient;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Real-time events over a real WebSocket: operators of two lines and a supervisor of one are connected, and each
 * receives exactly the events about what they may see.
 */
class EventsSocketIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Autowired
    private JdbcClient jdbc;

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

            // Anna takes it: everyone on line A sees it leave the queue, but only Anna and Sofia follow the session
            anna.api().post("/api/v1/sessions/" + sessionA + "/take", Map.of()).ok();
            annaScreen.await("session.assigned", session(sessionA));
            sofiaScreen.await("session.assigned", session(sessionA));
            alexScreen.await("session.assigned", session(sessionA));
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
            assertThat(alexScreen.frames("message.created", d -> session(sessionA).test(d)
                    && !d.get("message").get("direction").asText().equals("INBOUND"))).isEmpty();
            assertThat(annaScreen.frames("operator.status", d -> d.get("userId").asLong() == alex.id()))
                    .as("operators do not watch each other").isEmpty();
        }
    }

    @Test
    void anotherOperatorOfTheLineSeesAQueuedSessionLeaveTheQueueWhenItIsTaken() throws Exception {
        User anna = fixtures.user("Anna");
        User alex = fixtures.user("Alex");
        long line = fixtures.staffedLine("Taken", Map.of(), List.of(anna, alex), List.of());
        Fixtures.status(anna, "ONLINE");
        Fixtures.Account account = fixtures.loopback(line);

        try (EventsClient alexScreen = EventsClient.connect(alex.api())) {
            long session = fixtures.clientWrites(account, Fixtures.unique(), "who takes me?");
            alexScreen.await("session.created", session(session));

            anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

            JsonNode taken = alexScreen.await("session.assigned", session(session));
            assertThat(taken.get("data").get("session").get("operatorId").asLong()).isEqualTo(anna.id());
        }
    }

    @Test
    void thePreviousOperatorAndTheOldLineSeeATransferToAnotherLine() throws Exception {
        User anna = fixtures.user("Anna");
        User alex = fixtures.user("Alex");
        User sofia = fixtures.user("Sofia");
        User boris = fixtures.user("Boris");
        long lineA = fixtures.staffedLine("From", Map.of(), List.of(anna, alex), List.of(sofia));
        long lineB = fixtures.staffedLine("To", Map.of(), List.of(boris), List.of());
        Fixtures.status(anna, "ONLINE");
        Fixtures.Account account = fixtures.loopback(lineA);
        long annas = fixtures.clientWrites(account, Fixtures.unique(), "a billing question");
        anna.api().post("/api/v1/sessions/" + annas + "/take", Map.of()).ok();
        long queued = fixtures.clientWrites(account, Fixtures.unique(), "another billing question");

        try (EventsClient annaScreen = EventsClient.connect(anna.api());
             EventsClient alexScreen = EventsClient.connect(alex.api());
             EventsClient sofiaScreen = EventsClient.connect(sofia.api());
             EventsClient borisScreen = EventsClient.connect(boris.api())) {
            // Anna hands her session to line B: she, the supervisor of line A and line B see it go
            anna.api().post("/api/v1/sessions/" + annas + "/transfer", Map.of("toLineId", lineB,
                    "reason", "billing")).ok();
            for (EventsClient screen : List.of(annaScreen, sofiaScreen, borisScreen)) {
                JsonNode moved = screen.await("session.transferred", session(annas));
                assertThat(moved.get("data").get("previousLineId").asLong()).isEqualTo(lineA);
                assertThat(moved.get("data").get("previousOperatorId").asLong()).isEqualTo(anna.id());
                assertThat(moved.get("data").get("session").get("lineId").asLong()).isEqualTo(lineB);
            }

            // a queued session goes to line B: it leaves the queue of every operator of line A
            sofia.api().post("/api/v1/sessions/" + queued + "/transfer", Map.of("toLineId", lineB)).ok();
            for (EventsClient screen : List.of(annaScreen, alexScreen, sofiaScreen, borisScreen)) {
                screen.await("session.transferred", session(queued));
            }
            assertThat(alexScreen.frames("session.transferred", session(annas)))
                    .as("Alex never saw Anna's session").isEmpty();
        }
    }

    @Test
    void whatAScreenReceivesFollowsGroupAndLineChangesWithoutReconnecting() throws Exception {
        User xena = fixtures.user("Xena");
        User yuri = fixtures.user("Yuri");
        long groupX = fixtures.group("Access X", xena);
        long groupY = fixtures.group("Access Y", yuri);
        long line = fixtures.line("Access", Map.of("operatorGroupIds", List.of(groupX, groupY)));
        String lineName = admin.get("/api/v1/lines/" + line).ok().get("name").asText();
        String groupName = admin.get("/api/v1/groups/" + groupX).ok().get("name").asText();
        Fixtures.Account account = fixtures.loopback(line);

        try (EventsClient xenaScreen = EventsClient.connect(xena.api());
             EventsClient yuriScreen = EventsClient.connect(yuri.api())) {
            // out of the line's group: nothing more about the line
            admin.put("/api/v1/groups/" + groupX, Map.of("name", groupName, "memberIds", List.of())).ok();
            long afterLeaving = fixtures.clientWrites(account, Fixtures.unique(), "after leaving");
            yuriScreen.await("message.created", session(afterLeaving));
            assertNothingAbout(xenaScreen, afterLeaving);

            // back in the group: events again, on the same connection
            admin.put("/api/v1/groups/" + groupX, Map.of("name", groupName, "memberIds", List.of(xena.id()))).ok();
            long afterJoining = fixtures.clientWrites(account, Fixtures.unique(), "after joining");
            xenaScreen.await("session.created", session(afterJoining));

            // the line no longer gives the group a role, then gives it again
            admin.put("/api/v1/lines/" + line, Map.of("name", lineName, "operatorGroupIds", List.of(groupY))).ok();
            long afterUngranting = fixtures.clientWrites(account, Fixtures.unique(), "after ungranting");
            yuriScreen.await("message.created", session(afterUngranting));
            assertNothingAbout(xenaScreen, afterUngranting);
            admin.put("/api/v1/lines/" + line, Map.of("name", lineName,
                    "operatorGroupIds", List.of(groupX, groupY))).ok();
            long afterGranting = fixtures.clientWrites(account, Fixtures.unique(), "after granting");
            xenaScreen.await("session.created", session(afterGranting));

            // a new line for the group
            long newLine = fixtures.line("Access new", Map.of("operatorGroupIds", List.of(groupX)));
            long onNewLine = fixtures.clientWrites(fixtures.loopback(newLine), Fixtures.unique(), "on the new line");
            xenaScreen.await("session.created", session(onNewLine));
        }
    }

    @Test
    void aScreenThatStopsReadingDelaysNoOtherAndIsDisconnected() throws Exception {
        User reader = fixtures.user("Reader");
        User stalled = fixtures.user("Stalled");
        long line = fixtures.staffedLine("Stalled", Map.of(), List.of(), List.of(reader, stalled));
        Fixtures.Account account = fixtures.loopback(line);
        long chat = Fixtures.unique();
        // more than the operating system buffers for a connection on this machine (megabytes on loopback)
        int messages = 40;
        String text = "x".repeat(200_000);

        try (Socket raw = stalledScreen(stalled);
             EventsClient readerScreen = EventsClient.connect(reader.api())) {
            for (int i = 0; i < messages; i++) {
                account.platform().enqueueText(Long.toString(chat), Long.toString(chat), "Client" + chat, i + text);
            }
            long session = fixtures.awaitSession(line, "Client" + chat);
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT COUNT(*) FROM message"
                    + " WHERE session_id = ?").param(session).query(Long.class).single() == messages);

            // everything was stored: the reader has it all at once, though another screen takes nothing in
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> readerScreen.frames("message.created", session(session)).size(), n -> n == messages);

            // the stalled screen is let go once a frame has been on its way to it for longer than the hub allows;
            // reading it then finds what had reached its buffers, then the end of the connection
            Thread.sleep(Duration.ofSeconds(EventsSocket.SEND_SECONDS + 3).toMillis());
            raw.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            Instant end = Instant.now().plusSeconds(30);
            InputStream in = raw.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            try {
                while (in.read(buffer) >= 0) {
                    assertThat(Instant.now()).as("the hub still writes to the stalled screen").isBefore(end);
                }
            } catch (SocketException reset) {
                // closed with frames unread: as good as the end
            }
        }
    }

    /** A screen that opens the events socket and then reads nothing more until the test says so. */
    private static Socket stalledScreen(User user) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", PORT), 5000);
        socket.setSoTimeout(5000);
        String handshake = "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + PORT + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: c3RhbGxlZCBzY3JlZW4hIQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: " + user.api().authorization() + "\r\n\r\n";
        socket.getOutputStream().write(handshake.getBytes(StandardCharsets.US_ASCII));
        // the answer's head, byte by byte, so that nothing after it is taken off the socket
        StringBuilder head = new StringBuilder();
        InputStream in = socket.getInputStream();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the hub closed the handshake: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }

    private static void assertNothingAbout(EventsClient screen, long sessionId) throws InterruptedException {
        // the screens are served in the order events happened: what the other screen got, this one would have too
        Thread.sleep(300);
        assertThat(aboutSession(screen, sessionId)).isEmpty();
    }

    private static List<JsonNode> aboutSession(EventsClient screen, long sessionId) {
        return screen.frames().stream().filter(f -> f.get("data").has("session")
                && f.get("data").get("session").get("id").asLong() == sessionId).toList();
    }
}
