package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
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
import org.lineshub.whatsapp.fake.FakeGraphApi;
import org.lineshub.whatsapp.fake.MetaWebhook;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A WhatsApp business number as a channel, end to end: the real plugin jar dropped into a running hub, Meta's webhook
 * calls on the channel type's shared address {@code /webhooks/shared/whatsapp} (signed like Meta signs them, over the
 * escaped body), replies and media through a fake Graph API over HTTP, delivery statuses as receipts.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WhatsAppIT {

    private static final int PORT = TestHub.freePort();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final String SHARED = "/webhooks/shared/whatsapp";
    private static final Path PLUGINS = TestHub.pluginDirectory();
    private static final HttpClient META = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final String WABA = "102290129340398";
    private static final String NUMBER = "106540352242922";
    private static final String TOKEN = "EAAJB3x7ZCwhatsappIT0token0ZDZD";
    private static final String APP_SECRET = "6f1d2b0c9a8e7d6c5b4a39281706f5e4";
    private static final String VERIFY_TOKEN = "lines-verify-it-7c1e";
    private static final String CLIENT = "16505551234";
    private static final FakeGraphApi GRAPH = FakeGraphApi.start().phoneNumber(NUMBER, TOKEN);

    private static HubClient admin;
    private static Fixtures fixtures;
    private static Fixtures.User operator;
    private static long line;
    private static long account;
    private static long session;
    private static String firstWebhook;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        TestHub.register(registry, PORT, TestDatabase.newDatabase("whatsapp_it"), TestHub.tempDir("hub-whatsapp-data"),
                PLUGINS, TestHub.tempDir("hub-whatsapp-routes"));
    }

    @AfterAll
    static void stopGraph() {
        GRAPH.close();
    }

    /** Once, when the hub of this class runs (the context starts after static set-up). */
    @BeforeEach
    void line() {
        if (admin != null) {
            return;
        }
        admin = HubClient.basic(BASE, "admin", TestHub.ADMIN_PASSWORD);
        fixtures = new Fixtures(admin, null, null);
        operator = fixtures.user("WhatsApp Operator");
        line = fixtures.staffedLine("WhatsApp", Map.of(), List.of(operator), List.of());
        Fixtures.status(operator, "ONLINE");
    }

    @Test
    @Order(1)
    void thePluginJarDroppedIntoTheRunningHubConnectsANumber() throws Exception {
        Files.copy(TestHub.bundledPlugins().resolve("whatsapp.jar"), PLUGINS.resolve("whatsapp.jar.part"));
        Files.move(PLUGINS.resolve("whatsapp.jar.part"), PLUGINS.resolve("whatsapp.jar"),
                StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.get("/api/v1/channel-types/whatsapp").status() == 200);

        JsonNode created = admin.post("/api/v1/channel-accounts", Map.of("type", "whatsapp", "name", "Support number",
                "lineId", line, "settings", settings())).ok();

        assertThat(created.get("status").asText()).as(created.toString()).isEqualTo("RUNNING");
        account = created.get("id").asLong();
        assertThat(created.get("sharedWebhookUrl").asText()).isEqualTo(BASE + SHARED);
        assertThat(created.get("secretsSet").toString()).contains("accessToken", "appSecret", "verifyToken");
        assertThat(created.toString()).doesNotContain(TOKEN).doesNotContain(APP_SECRET).doesNotContain(VERIFY_TOKEN);
    }

    @Test
    @Order(2)
    void metasVerificationRequestIsAnsweredWithTheChallengeForTheVerifyToken() throws Exception {
        HttpResponse<String> right = meta("GET", SHARED + "?hub.mode=subscribe&hub.challenge=1158201444"
                + "&hub.verify_token=" + VERIFY_TOKEN, null, null);
        HttpResponse<String> wrong = meta("GET", SHARED + "?hub.mode=subscribe&hub.challenge=1158201445"
                + "&hub.verify_token=meatyhamhock", null, null);

        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("1158201444");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("1158201445");
    }

    @Test
    @Order(3)
    void aSignedMessageLandsInASessionAndTheReplyReachesTheClient() throws Exception {
        firstWebhook = MetaWebhook.text(WABA, NUMBER, CLIENT, "Анна Müller", "wamid.IT-first", 1_749_416_383L,
                "Привет! Where is my order?");
        assertThat(firstWebhook).contains("\\u041f\\u0440\\u0438").doesNotContain("Привет");

        HttpResponse<String> answer = post(firstWebhook, MetaWebhook.signature(APP_SECRET, firstWebhook));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        // no waiting: the plugin answered only after the hub committed the message
        session = fixtures.awaitSession(line, "Анна Müller");
        assertThat(inbound(session)).extracting(m -> m.get("text").asText())
                .containsExactly("Привет! Where is my order?");
        long client = admin.get("/api/v1/sessions/" + session).ok().get("clientId").asLong();
        assertThat(admin.get("/api/v1/clients/" + client).ok().toString()).contains("+" + CLIENT);

        operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        long reply = operator.api().post("/api/v1/sessions/" + session + "/messages",
                Map.of("text", "It ships today.")).ok().get("id").asLong();
        JsonNode sent = fixtures.awaitDelivery(session, reply, "SENT");

        FakeGraphApi.Sent request = GRAPH.awaitSent(1, Duration.ofSeconds(10)).get(0);
        assertThat(request.to()).isEqualTo(CLIENT);
        assertThat(request.body().path("text").path("body").asText()).endsWith("It ships today.");
        assertThat(sent.get("externalId").asText()).isEqualTo(request.messageId());

        String read = MetaWebhook.status(WABA, NUMBER, request.messageId(), CLIENT, "read", 1_749_416_500L, 0, null);
        assertThat(post(read, MetaWebhook.signature(APP_SECRET, read)).statusCode()).isEqualTo(200);
        fixtures.awaitDelivery(session, reply, "READ");
        assertThat(inbound(session)).as("a status is no message").hasSize(1);
    }

    @Test
    @Order(4)
    void aFailedStatusMarksTheReplyFailedWithMetasReason() throws Exception {
        long reply = operator.api().post("/api/v1/sessions/" + session + "/messages",
                Map.of("text", "Anything else?")).ok().get("id").asLong();
        fixtures.awaitDelivery(session, reply, "SENT");
        String wamid = GRAPH.awaitSent(2, Duration.ofSeconds(10)).get(1).messageId();

        String failed = MetaWebhook.status(WABA, NUMBER, wamid, CLIENT, "failed", 1_749_416_600L, 131026,
                "Message undeliverable");
        assertThat(post(failed, MetaWebhook.signature(APP_SECRET, failed)).statusCode()).isEqualTo(200);

        JsonNode message = fixtures.awaitDelivery(session, reply, "FAILED");
        assertThat(message.get("deliveryError").asText()).contains("131026");
    }

    @Test
    @Order(5)
    void aDuplicateDeliveryIsStoredOnce() throws Exception {
        assertThat(post(firstWebhook, MetaWebhook.signature(APP_SECRET, firstWebhook)).statusCode()).isEqualTo(200);

        assertThat(inbound(session)).hasSize(1);
    }

    @Test
    @Order(6)
    void aBadSignatureIsRefusedAndStoresNothing() throws Exception {
        String forged = MetaWebhook.text(WABA, NUMBER, "4915112345678", "Mallory", "wamid.IT-forged",
                1_749_416_700L, "forged");
        String tampered = forged.replace("\"body\":\"forged\"", "\"body\":\"tampered\"");
        assertThat(tampered).isNotEqualTo(forged);

        assertThat(post(forged, MetaWebhook.signature("not-the-app-secret", forged)).statusCode()).isEqualTo(401);
        assertThat(post(tampered, MetaWebhook.signature(APP_SECRET, forged)).statusCode()).isEqualTo(401);
        assertThat(post(forged, null).statusCode()).isEqualTo(401);

        assertThat(sessionsOfLine()).extracting(s -> s.get("clientName").asText()).doesNotContain("Mallory");
    }

    @Test
    @Order(7)
    void aClientsPhotoIsFetchedFromMetaWhenOpened() throws Exception {
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 'j', 'p', 'g'};
        GRAPH.media("1003383421387256", "image/jpeg", jpeg);
        String photo = firstWebhook.replace("wamid.IT-first", "wamid.IT-photo")
                .replace("\"type\":\"text\",\"text\":{\"body\":", "\"type\":\"image\",\"image\":{\"mime_type\":"
                        + "\"image/jpeg\",\"id\":\"1003383421387256\",\"caption\":");
        assertThat(post(photo, MetaWebhook.signature(APP_SECRET, photo)).statusCode()).isEqualTo(200);

        JsonNode message = inbound(session).get(1);
        JsonNode attachment = message.get("attachments").get(0);
        assertThat(attachment.get("kind").asText()).isEqualTo("IMAGE");
        assertThat(admin.download(attachment.get("url").asText())).isEqualTo(jpeg);
    }

    @Test
    @Order(8)
    void stoppingThePluginStopsItsAccountsAndMetaDeliversAgainLater() throws Exception {
        String later = MetaWebhook.text(WABA, NUMBER, CLIENT, "Анна Müller", "wamid.IT-later", 1_749_416_800L,
                "Are you there?");
        HttpResponse<String> whileStopped;
        admin.post("/api/v1/plugins/whatsapp/stop", Map.of()).ok();
        try {
            assertThat(admin.get("/api/v1/channel-accounts/" + account).ok().get("status").asText())
                    .isEqualTo("STOPPED");
            whileStopped = post(later, MetaWebhook.signature(APP_SECRET, later));
        } finally {
            admin.post("/api/v1/plugins/whatsapp/start", Map.of()).ok();
        }

        assertThat(whileStopped.statusCode()).as(whileStopped.body()).isEqualTo(503);
        assertThat(inbound(session)).hasSize(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(
                admin.get("/api/v1/channel-accounts/" + account).ok().get("status").asText()));
        assertThat(post(later, MetaWebhook.signature(APP_SECRET, later)).statusCode()).isEqualTo(200);
        assertThat(inbound(session)).extracting(m -> m.get("text").asText()).last().isEqualTo("Are you there?");
    }

    private static Map<String, Object> settings() {
        Map<String, Object> s = new HashMap<>();
        s.put("phoneNumberId", NUMBER);
        s.put("accessToken", TOKEN);
        s.put("appSecret", APP_SECRET);
        s.put("verifyToken", VERIFY_TOKEN);
        s.put("apiBaseUrl", GRAPH.baseUrl());
        return s;
    }

    /** A webhook call as Meta makes it: no credentials of the hub's, the signature header only. */
    private static HttpResponse<String> post(String body, String signature) throws Exception {
        return meta("POST", SHARED, body, signature);
    }

    private static HttpResponse<String> meta(String method, String path, String body, String signature)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        if (signature != null) {
            request.header(MetaWebhook.SIGNATURE_HEADER, signature);
        }
        return META.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> sessionsOfLine() {
        List<JsonNode> found = new ArrayList<>();
        admin.get("/api/v1/sessions?lineId=" + line + "&view=active&limit=200").ok().forEach(found::add);
        return found;
    }

    private static List<JsonNode> inbound(long sessionId) {
        List<JsonNode> found = new ArrayList<>();
        fixtures.messages(sessionId).forEach(m -> {
            if ("INBOUND".equals(m.get("direction").asText())) {
                found.add(m);
            }
        });
        return found;
    }
}
