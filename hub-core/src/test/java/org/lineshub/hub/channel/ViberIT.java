package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.lineshub.viber.fake.FakeViberApi;
import org.lineshub.viber.fake.FakeViberBot;
import org.lineshub.viber.fake.ViberCallbacks;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Viber bot as a channel, end to end: the real Viber plugin jar, dropped into a running hub, registers the
 * account's webhook with a fake of the REST Bot API (which checks the address by calling it, as Viber does), takes
 * signed callbacks into sessions, and sends operators' replies, files included, through {@code send_message}.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViberIT {

    private static final String TOKEN = "4a5b6c7d8e9f0a1b-2c3d4e5f6a7b8c9d-0e1f2a3b4c5d6e7f";
    private static final int PORT = TestHub.freePort();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final Path PLUGINS = TestHub.pluginDirectory();
    private static final FakeViberApi VIBER = FakeViberApi.start();
    private static final FakeViberBot BOT = VIBER.bot(TOKEN);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HubClient admin;
    private static Fixtures fixtures;
    private static Fixtures.User operator;
    private static long line;
    private static long account;
    private static String webhookUrl;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        TestHub.register(registry, PORT, TestDatabase.newDatabase("viber_it"), TestHub.tempDir("hub-viber-data"),
                PLUGINS, TestHub.tempDir("hub-viber-routes"));
    }

    @AfterAll
    static void stopViber() {
        VIBER.close();
    }

    /** Once, when the hub of this class runs (the context starts after static set-up). */
    @BeforeEach
    void staffedLine() {
        if (admin != null) {
            return;
        }
        admin = HubClient.basic(BASE, "admin", TestHub.ADMIN_PASSWORD);
        fixtures = new Fixtures(admin, null, null);
        operator = fixtures.user("Viber Operator");
        line = fixtures.staffedLine("Viber", Map.of(), List.of(operator), List.of());
        Fixtures.status(operator, "ONLINE");
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

    private static long countInbound(String text) {
        long count = 0;
        for (JsonNode s : admin.get("/api/v1/sessions?lineId=" + line + "&view=active&limit=200").ok()) {
            count += inbound(s.get("id").asLong()).stream().filter(m -> text.equals(m.path("text").asText()))
                    .count();
        }
        return count;
    }

    private static String accountStatus() {
        return admin.get("/api/v1/channel-accounts/" + account).ok().get("status").asText();
    }

    private static long reply(long session, String text) {
        return operator.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", text)).ok()
                .get("id").asLong();
    }

    @Test
    @Order(1)
    void thePluginJarDroppedIntoTheRunningHubRegistersTheBotsWebhook() throws Exception {
        Files.copy(TestHub.bundledPlugins().resolve("viber.jar"), PLUGINS.resolve("viber.jar.part"));
        Files.move(PLUGINS.resolve("viber.jar.part"), PLUGINS.resolve("viber.jar"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/channel-types/viber").status() == 200);

        Map<String, Object> settings = new HashMap<>();
        settings.put("authToken", TOKEN);
        settings.put("apiBaseUrl", VIBER.baseUrl());
        settings.put("welcomeMessage", "Welcome! Write us anything.");
        JsonNode created = admin.post("/api/v1/channel-accounts", Map.of("type", "viber", "name", "shop bot",
                "lineId", line, "settings", settings)).ok();

        assertThat(created.get("status").asText()).as(created.toString()).isEqualTo("RUNNING");
        assertThat(created.get("secretsSet").toString()).contains("authToken");
        assertThat(created.toString()).doesNotContain(TOKEN);
        account = created.get("id").asLong();
        webhookUrl = created.get("webhookUrl").asText();
        assertThat(webhookUrl).startsWith(BASE + "/webhooks/");
        // set_webhook succeeded only because the hub answered the fake's signed "webhook" check with 200
        await().atMost(Duration.ofSeconds(20)).until(() -> webhookUrl.equals(BOT.webhookUrl()));
        assertThat(BOT.webhookRequest().path("event_types").toString()).contains("conversation_started");
    }

    @Test
    @Order(2)
    void aClientsMessageOpensASessionAndTheOperatorsReplyReachesViber() {
        FakeViberBot.Posted posted = BOT.userWrites("anna-id-A1B2==", "Anna Smith", "Where is my order?");
        assertThat(posted.answer().status()).isEqualTo(200);

        long session = fixtures.awaitSession(line, "Anna Smith");
        List<JsonNode> in = inbound(session);
        assertThat(in).extracting(m -> m.get("text").asText()).containsExactly("Where is my order?");
        assertThat(in.get(0).get("externalId").asText()).isEqualTo(Long.toString(posted.token()));

        operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        long reply = reply(session, "It ships tomorrow.");
        JsonNode sent = fixtures.awaitDelivery(session, reply, "SENT");

        FakeViberBot.Sent got = BOT.awaitSent(1, Duration.ofSeconds(10)).get(0);
        assertThat(got.request().path("receiver").asText()).isEqualTo("anna-id-A1B2==");
        assertThat(got.type()).isEqualTo("text");
        assertThat(got.text()).isEqualTo("It ships tomorrow.");
        // the line shows operators' names: Viber shows the reply as the operator's
        assertThat(got.request().path("sender").path("name").asText()).isEqualTo("Viber Operator");
        assertThat(sent.get("externalId").asText()).isEqualTo(got.token());

        BOT.post(ViberCallbacks.receipt("delivered", Long.parseLong(got.token()), "anna-id-A1B2=="));
        BOT.post(ViberCallbacks.receipt("seen", Long.parseLong(got.token()), "anna-id-A1B2=="));
        fixtures.awaitDelivery(session, reply, "READ");
    }

    @Test
    @Order(3)
    void aCallbackDeliveredTwiceIsStoredOnce() {
        ObjectNode event = ViberCallbacks.text(4912661846655238145L, "bob-id-C3D4==", "Bob Jones", "Only once");

        assertThat(BOT.post(event).status()).isEqualTo(200);
        assertThat(BOT.post(event).status()).isEqualTo(200);

        fixtures.awaitSession(line, "Bob Jones");
        assertThat(countInbound("Only once")).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aWrongSignatureIsRefusedAndStoresNothing() {
        byte[] body = ViberCallbacks.text(777, "eve-id-E5F6==", "Eve", "forged").toString()
                .getBytes(StandardCharsets.UTF_8);

        FakeViberApi.Answer forged = BOT.postSigned(body, ViberCallbacks.signature("not-the-token", body));
        FakeViberApi.Answer unsigned = BOT.postSigned(body, null);

        assertThat(forged.status()).isEqualTo(403);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(admin.get("/api/v1/sessions?lineId=" + line + "&view=active&limit=200").ok()
                .findValuesAsText("clientName")).doesNotContain("Eve");
        assertThat(admin.get("/api/v1/dead-letters").ok().toString()).doesNotContain("forged");
    }

    @Test
    @Order(5)
    void openingTheChatOpensNoSessionAndIsAnsweredWithTheWelcomeMessage() throws Exception {
        FakeViberApi.Answer answer = BOT.post(ViberCallbacks.conversationStarted(4242, "carl-id-G7H8==", "Carl",
                false));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode welcome = JSON.readTree(answer.body());
        assertThat(welcome.path("type").asText()).isEqualTo("text");
        assertThat(welcome.path("text").asText()).isEqualTo("Welcome! Write us anything.");
        assertThat(welcome.path("sender").path("name").asText()).isEqualTo("shop bot");
        assertThat(admin.get("/api/v1/sessions?lineId=" + line + "&view=active&limit=200").ok()
                .findValuesAsText("clientName")).doesNotContain("Carl");
    }

    @Test
    @Order(6)
    void aFileReplyIsDownloadedByViberFromTheHubsPublicLink() {
        long session = fixtures.awaitSession(line, "Anna Smith");
        byte[] pdf = "%PDF-1.7 the invoice".getBytes(StandardCharsets.UTF_8);
        int before = BOT.sent().size();

        long reply = operator.api().postFile("/api/v1/sessions/" + session + "/messages", "files", "invoice.pdf",
                "application/pdf", pdf, Map.of("text", "Your invoice")).ok().get("id").asLong();
        fixtures.awaitDelivery(session, reply, "SENT");

        List<FakeViberBot.Sent> sent = BOT.awaitSent(before + 2, Duration.ofSeconds(10));
        FakeViberBot.Sent file = sent.get(before + 1);
        assertThat(sent.get(before).text()).isEqualTo("Your invoice");
        assertThat(file.type()).isEqualTo("file");
        assertThat(file.request().path("file_name").asText()).isEqualTo("invoice.pdf");
        assertThat(file.request().path("size").asLong()).isEqualTo(pdf.length);
        assertThat(file.request().path("media").asText()).startsWith(webhookUrl + "/media/");
        assertThat(file.media().status()).isEqualTo(200);
        assertThat(file.media().bytes()).isEqualTo(pdf);
    }

    @Test
    @Order(7)
    void aReplyToAClientWhoUnsubscribedFailsWithTheReason() {
        long session = fixtures.awaitSession(line, "Bob Jones");
        operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        assertThat(BOT.userUnsubscribes("bob-id-C3D4==").status()).isEqualTo(200);
        int before = BOT.sent().size();

        long reply = reply(session, "Are you still there?");

        JsonNode failed = fixtures.awaitDelivery(session, reply, "FAILED");
        assertThat(failed.get("deliveryError").asText()).contains("not subscribed to the Viber bot");
        assertThat(BOT.sent()).hasSize(before);
    }

    @Test
    @Order(8)
    void stoppingThePluginStopsItsAccountAndStartingItResumesIt() {
        FakeViberBot.Posted whileStopped;
        admin.post("/api/v1/plugins/viber/stop", Map.of()).ok();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> "STOPPED".equals(accountStatus()));
            // Viber's callbacks are answered 503 meanwhile, so Viber delivers them again later
            whileStopped = BOT.userWrites("dana-id-I9J0==", "Dana", "Anyone there?");
            assertThat(whileStopped.answer().status()).isEqualTo(503);
            assertThat(countInbound("Anyone there?")).isZero();
        } finally {
            admin.post("/api/v1/plugins/viber/start", Map.of()).ok();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(accountStatus()));

        // Viber delivers the same callback again
        assertThat(BOT.post(ViberCallbacks.text(whileStopped.token(), "dana-id-I9J0==", "Dana", "Anyone there?"))
                .status()).isEqualTo(200);
        assertThat(countInbound("Anyone there?")).isEqualTo(1);
    }
}
