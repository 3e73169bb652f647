package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.hub.support.TestHub;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web chat, end to end: the real plugin jar in a running hub, visitors on real WebSockets (the JDK's client, with
 * the Origin header a browser sends), operators on the REST API. A visitor's messages open a session, answers reach
 * every tab of the visitor and no one else, files go both ways only within the visitor's chat, and the hub refuses
 * what a browser of another site or a broken client sends.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebchatIT {

    private static final int PORT = TestHub.freePort();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    /** The origin of the chat frame: the hub's own. */
    private static final String HUB_ORIGIN = BASE;
    private static final Path PLUGINS = TestHub.pluginDirectory("webchat.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HubClient admin;
    private static Fixtures fixtures;
    private static Fixtures.User operator;
    private static long line;
    private static String webhook;
    private static String token;
    private static long session;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        TestHub.register(registry, PORT, TestDatabase.newDatabase("webchat_it"), TestHub.tempDir("hub-webchat-data"),
                PLUGINS, TestHub.tempDir("hub-webchat-routes"));
    }

    /** Once, when the hub of this class runs. */
    @BeforeEach
    void lineAndAccount() {
        if (admin != null) {
            return;
        }
        admin = HubClient.basic(BASE, "admin", TestHub.ADMIN_PASSWORD);
        fixtures = new Fixtures(admin, null, null);
        operator = fixtures.user("Chat Operator");
        line = fixtures.staffedLine("Site", Map.of("showOperatorName", true), List.of(operator), List.of());
        Fixtures.status(operator, "ONLINE");
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", "webchat", "name", "site chat",
                "lineId", line, "settings", Map.of("allowedOrigins", "https://shop.example", "title", "Shop",
                        "offlineForm", true))).ok();
        assertThat(account.get("status").asText()).as(account.toString()).isEqualTo("RUNNING");
        webhook = account.get("webhookUrl").asText();
        assertThat(webhook).startsWith(BASE + "/webhooks/");
    }

    @Test
    @Order(1)
    void servesTheWidgetAndAFramePageOnlyTheAllowedSitesMayEmbed() throws Exception {
        HttpResponse<String> widget = get(webhook + "/widget.js");
        assertThat(widget.statusCode()).isEqualTo(200);
        assertThat(widget.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(widget.body()).contains("\"title\":\"Shop\"");

        HttpResponse<String> frame = get(webhook + "/frame?lang=ru");
        assertThat(frame.statusCode()).isEqualTo(200);
        assertThat(frame.body()).contains("<html lang=\"ru\">");
        List<String> policies = frame.headers().allValues("Content-Security-Policy");
        assertThat(policies).singleElement().satisfies(p -> assertThat(p)
                .contains("frame-ancestors 'self' https://shop.example", "script-src 'self'", "style-src 'self'",
                        "connect-src 'self' ws://127.0.0.1:" + PORT, "base-uri 'none'")
                .doesNotContain("frame-ancestors 'none'"));
        assertThat(frame.headers().firstValue("X-Frame-Options")).as("the allowed sites may frame it").isEmpty();
        assertThat(get(webhook + "/nothing-here").headers().allValues("Content-Security-Policy"))
                .as("anything else below a webhook keeps the hub's policy").singleElement()
                .satisfies(p -> assertThat(p).contains("frame-ancestors 'none'"));

        String script = frame.body().replaceAll("(?s).*src=\"(frame\\.js\\?v=[^\"]+)\".*", "$1");
        HttpResponse<String> js = get(webhook + "/" + script);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
        assertThat(get(webhook + "/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aVisitorsMessageOpensASessionAndTheAnswerReachesEveryTabOfTheVisitor() throws Exception {
        try (Visitor tab = Visitor.connect(HUB_ORIGIN)) {
            JsonNode welcome = tab.hello(null, "Anna Webb", "anna.webb@example.com");
            token = welcome.get("token").asText();
            assertThat(welcome.get("online").asBoolean()).as("the line's operator is online").isTrue();
            assertThat(welcome.get("history")).isEmpty();

            tab.send(Map.of("type", "message", "id", "first-message-1", "text", "Do you ship to Riga?"));
            JsonNode echo = tab.await("message", f -> "first-message-1".equals(f.path("clientId").asText()));
            assertThat(echo.get("message").get("text").asText()).isEqualTo("Do you ship to Riga?");

            session = fixtures.awaitSession(line, "Anna Webb");
            JsonNode stored = fixtures.messages(session).get(0);
            assertThat(stored.get("direction").asText()).isEqualTo("INBOUND");
            assertThat(stored.get("text").asText()).isEqualTo("Do you ship to Riga?");
            long client = admin.get("/api/v1/sessions/" + session).ok().get("clientId").asLong();
            assertThat(admin.get("/api/v1/clients/" + client).ok().toString()).contains("anna.webb@example.com");
            JsonNode sessionView = admin.get("/api/v1/sessions/" + session).ok();
            assertThat(sessionView.get("channelType").asText()).isEqualTo("webchat");

            try (Visitor otherTab = Visitor.connect(HUB_ORIGIN)) {
                otherTab.hello(token, null, null);
                operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
                long reply = operator.api().post("/api/v1/sessions/" + session + "/messages",
                        Map.of("text", "Yes, in three days.")).ok().get("id").asLong();

                for (Visitor v : List.of(tab, otherTab)) {
                    JsonNode pushed = v.await("message", f -> f.get("message").get("id").asLong() == reply)
                            .get("message");
                    assertThat(pushed.get("inbound").asBoolean()).isFalse();
                    assertThat(pushed.get("text").asText()).isEqualTo("Yes, in three days.");
                    assertThat(pushed.get("author").asText()).isEqualTo("Chat Operator");
                }
                fixtures.awaitDelivery(session, reply, "DELIVERED");
                assertThat(fixtures.message(session, reply).get("externalId").asText()).isEqualTo("out-" + reply);

                tab.send(Map.of("type", "read", "upTo", reply));
                fixtures.awaitDelivery(session, reply, "READ");
            }
        }
    }

    @Test
    @Order(3)
    void aReturningVisitorGetsTheWholeConversationAndAnotherVisitorNothingOfIt() throws Exception {
        try (Visitor again = Visitor.connect(HUB_ORIGIN)) {
            JsonNode welcome = again.hello(token, null, null);
            assertThat(welcome.get("token").asText()).isEqualTo(token);
            assertThat(welcome.get("history")).extracting(e -> e.get("text").asText())
                    .containsExactly("Do you ship to Riga?", "Yes, in three days.");
            assertThat(welcome.get("history").get(1).get("author").asText()).isEqualTo("Chat Operator");
        }

        try (Visitor stranger = Visitor.connect(HUB_ORIGIN)) {
            JsonNode welcome = stranger.hello(null, "Bob", null);
            assertThat(welcome.get("token").asText()).isNotEqualTo(token);
            assertThat(welcome.get("history")).isEmpty();
            try (Visitor anna = Visitor.connect(HUB_ORIGIN)) {
                anna.hello(token, null, null);
                operator.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", "Anything else?"))
                        .ok();
                anna.await("message", f -> "Anything else?".equals(f.get("message").get("text").asText()));
            }
            assertThat(stranger.frames()).noneMatch(f -> f.toString().contains("Anything else?"));
        }

        try (Visitor guesser = Visitor.connect(HUB_ORIGIN)) {
            // a token nobody was given is a new visitor, never someone else's chat
            JsonNode welcome = guesser.hello("A".repeat(43), null, null);
            assertThat(welcome.get("token").asText()).isNotEqualTo("A".repeat(43));
            assertThat(welcome.get("history")).isEmpty();
        }
    }

    @Test
    @Order(4)
    void aFileTheVisitorSendsIsAnAttachmentOfTheSessionAndOnlyTheirs() throws Exception {
        byte[] pdf = "%PDF-1.7 order 12345".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(
                        URI.create(webhook + "/upload?token=" + token + "&id=upload-0001"))
                .header("Content-Type", "application/pdf").header("X-File-Name", "order%2012345.pdf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pdf)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        JsonNode entry = JSON.readTree(uploaded.body());
        String url = entry.get("files").get(0).get("url").asText();

        JsonNode message = null;
        for (JsonNode m : fixtures.messages(session)) {
            if (m.get("attachments").size() > 0) {
                message = m;
            }
        }
        assertThat(message).as("the session's message with the file").isNotNull();
        JsonNode attachment = message.get("attachments").get(0);
        assertThat(attachment.get("fileName").asText()).isEqualTo("order 12345.pdf");
        assertThat(attachment.get("mimeType").asText()).isEqualTo("application/pdf");
        assertThat(admin.download(attachment.get("url").asText())).isEqualTo(pdf);

        HttpResponse<byte[]> mine = HTTP.send(HttpRequest.newBuilder(URI.create(webhook + "/" + url + "?token="
                + token)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).isEqualTo(pdf);
        assertThat(mine.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
        assertThat(mine.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(mine.headers().firstValue("Content-Security-Policy")).hasValue("sandbox");

        String other;
        try (Visitor stranger = Visitor.connect(HUB_ORIGIN)) {
            other = stranger.hello(null, null, null).get("token").asText();
        }
        HttpResponse<String> theirs = HTTP.send(HttpRequest.newBuilder(URI.create(webhook + "/" + url + "?token="
                + other)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(theirs.body()).doesNotContain("PDF");
    }

    @Test
    @Order(5)
    void aSocketFromAnotherSiteIsClosedWithTheReason() throws Exception {
        try (Visitor evil = Visitor.connect("https://evil.example")) {
            evil.awaitClose();
            assertThat(evil.closeCode).isEqualTo(1008);
            assertThat(evil.closeReason).isEqualTo("this website may not use the chat");
        }
        try (Visitor shop = Visitor.connect("https://shop.example")) {
            assertThat(shop.hello(null, null, null).get("token").asText()).isNotBlank();
        }
    }

    @Test
    @Order(6)
    void malformedFramesGetErrorFramesAndStoreNothing() throws Exception {
        int before = fixtures.messages(session).size();
        try (Visitor broken = Visitor.connect(HUB_ORIGIN)) {
            broken.sendRaw("{\"type\":\"message\",\"id\":\"early-0001\",\"text\":\"before hello\"}");
            assertThat(broken.await("error", f -> true).get("code").asText()).isEqualTo("hello-first");
            broken.hello(token, null, null);
            broken.sendRaw("{this is not json");
            broken.sendRaw("{\"type\":\"message\",\"text\":\"no id\"}");
            broken.sendRaw("{\"type\":\"message\",\"id\":\"long-0001\",\"text\":\"" + "x".repeat(4001) + "\"}");
            broken.sendRaw("{\"type\":\"message\",\"id\":\"empty-0001\",\"text\":\"   \"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> broken.all("error").size() == 5);
            assertThat(broken.all("error")).extracting(f -> f.get("code").asText())
                    .containsExactly("hello-first", "malformed", "malformed", "too-long", "empty");
            assertThat(broken.closeCode).isNull();
        }
        assertThat(fixtures.messages(session).size()).isEqualTo(before);
    }

    @Test
    @Order(7)
    void whileNobodyIsOnlineTheContactFormStoresTheMessageWithTheEmail() throws Exception {
        Fixtures.status(operator, "OFFLINE");
        try (Visitor late = Visitor.connect(HUB_ORIGIN)) {
            JsonNode welcome = late.hello(null, null, null);
            assertThat(welcome.get("online").asBoolean()).isFalse();
            assertThat(welcome.get("config").get("offlineForm").asBoolean()).isTrue();
            String form = JSON.writeValueAsString(Map.of("token", welcome.get("token").asText(),
                    "id", "offline-0001", "name", "Carl Late", "email", "carl.late@example.com",
                    "message", "Please call me back"));
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(webhook + "/offline"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            late.await("message", f -> "offline-0001".equals(f.path("clientId").asText()));
        }
        long offline = fixtures.awaitSession(line, "Carl Late");
        long client = admin.get("/api/v1/sessions/" + offline).ok().get("clientId").asLong();
        assertThat(admin.get("/api/v1/clients/" + client).ok().toString()).contains("carl.late@example.com");
        Fixtures.status(operator, "ONLINE");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A chat frame's socket, as a browser on the given origin opens it. */
    private static final class Visitor implements WebSocket.Listener, AutoCloseable {
        private final List<JsonNode> frames = new ArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private volatile Integer closeCode;
        private volatile String closeReason;
        private WebSocket socket;

        static Visitor connect(String origin) throws Exception {
            Visitor visitor = new Visitor();
            visitor.socket = HTTP.newWebSocketBuilder().header("Origin", origin)
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(webhook.replaceFirst("^http", "ws") + "/live"), visitor)
                    .get(10, TimeUnit.SECONDS);
            return visitor;
        }

        JsonNode hello(String token, String name, String email) throws Exception {
            java.util.HashMap<String, Object> hello = new java.util.HashMap<>();
            hello.put("type", "hello");
            hello.put("token", token);
            hello.put("name", name);
            hello.put("email", email);
            hello.put("lang", "en");
            send(hello);
            return await("welcome", f -> true);
        }

        void send(Map<String, ?> frame) throws Exception {
            sendRaw(JSON.writeValueAsString(frame));
        }

        void sendRaw(String text) throws Exception {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        }

        synchronized List<JsonNode> frames() {
            return List.copyOf(frames);
        }

        synchronized List<JsonNode> all(String type) {
            return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
        }

        synchronized JsonNode await(String type, Predicate<JsonNode> match) throws InterruptedException {
            Instant end = Instant.now().plusSeconds(15);
            while (true) {
                for (JsonNode f : frames) {
                    if (type.equals(f.path("type").asText()) && match.test(f)) {
                        return f;
                    }
                }
                long left = Duration.between(Instant.now(), end).toMillis();
                if (left <= 0) {
                    throw new AssertionError("no matching " + type + " frame; got " + frames);
                }
                wait(left);
            }
        }

        void awaitClose() throws Exception {
            closed.get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = JSON.readTree(partial.toString());
                    synchronized (this) {
                        frames.add(frame);
                        notifyAll();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("not a JSON frame: " + partial, e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            closeReason = reason;
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
        }
    }

}
