package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.lineshub.vk.fake.FakeCommunity;
import org.lineshub.vk.fake.FakeVkApi;
import org.lineshub.vk.fake.SentRecord;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * VK communities as a channel, end to end: the real VK plugin jar, dropped into a running hub, long-polls one
 * community of a fake VK API and takes another's Callback API events at its webhook address; clients' messages become
 * sessions, operators' replies go out through {@code messages.send}, duplicates are stored once, forged callbacks
 * nothing, and stopping the plugin stops its accounts.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VkIT {

    private static final String POLLED_TOKEN = "vk1.a.polled-community-token-0123456789abcdefghijklmnop";
    private static final String CALLBACK_TOKEN = "vk1.a.callback-community-token-0123456789abcdefghijklm";
    private static final String SECRET = "Kv7pQ2wZ9xLm4Rt8";
    private static final String CODE = "d8f1a3c7";
    private static final int PORT = TestHub.freePort();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final Path PLUGINS = TestHub.pluginDirectory();
    private static final FakeVkApi VK = FakeVkApi.start();
    private static final FakeCommunity POLLED = VK.community(218_000_001L, POLLED_TOKEN)
            .user(5001, "Anna", "Petrova", "anna.petrova");
    private static final FakeCommunity CALLED = VK.community(218_000_002L, CALLBACK_TOKEN)
            .user(6001, "Boris", "Ivanov", null).callbackSettings(CODE, SECRET);

    private static HubClient admin;
    private static Fixtures fixtures;
    private static Fixtures.User operator;
    private static long line;
    private static long polledAccount;
    private static long callbackAccount;
    private static String webhookUrl;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        TestHub.register(registry, PORT, TestDatabase.newDatabase("vk_it"), TestHub.tempDir("hub-vk-data"),
                PLUGINS, TestHub.tempDir("hub-vk-routes"));
    }

    @AfterAll
    static void stopVk() {
        VK.close();
    }

    /** Once, when the hub of this class runs (the context starts after static set-up). */
    @BeforeEach
    void staffedLine() {
        if (admin != null) {
            return;
        }
        admin = HubClient.basic(BASE, "admin", TestHub.ADMIN_PASSWORD);
        fixtures = new Fixtures(admin, null, null);
        operator = fixtures.user("VK Operator");
        line = fixtures.staffedLine("VK", Map.of(), List.of(operator), List.of());
        Fixtures.status(operator, "ONLINE");
    }

    @Test
    @Order(1)
    void thePluginJarDroppedIntoTheRunningHubStartsPollingACommunity() throws Exception {
        Files.copy(TestHub.bundledPlugins().resolve("vk.jar"), PLUGINS.resolve("vk.jar.part"));
        Files.move(PLUGINS.resolve("vk.jar.part"), PLUGINS.resolve("vk.jar"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/channel-types/vk").status() == 200);

        JsonNode created = admin.post("/api/v1/channel-accounts", Map.of("type", "vk", "name", "shop community",
                "lineId", line, "settings", settings(POLLED, Map.of()))).ok();

        assertThat(created.get("status").asText()).as(created.toString()).isEqualTo("RUNNING");
        assertThat(created.get("secretsSet").toString()).contains("accessToken");
        assertThat(created.toString()).doesNotContain(POLLED_TOKEN);
        polledAccount = created.get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> POLLED.polls() >= 1);
        assertThat(POLLED.lastCall("groups.getLongPollServer")).containsEntry("group_id", "218000001")
                .containsEntry("v", "5.199");
    }

    @Test
    @Order(2)
    void aClientsMessageOpensASessionAndTheOperatorsReplyReachesVk() throws Exception {
        POLLED.clientWrites(5001, 5001, "Where is my order?");

        long session = fixtures.awaitSession(line, "Anna Petrova");
        assertThat(inbound(session)).extracting(m -> m.get("text").asText()).containsExactly("Where is my order?");
        JsonNode view = admin.get("/api/v1/sessions/" + session).ok();
        assertThat(view.get("channelType").asText()).isEqualTo("vk");

        operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        long reply = operator.api().post("/api/v1/sessions/" + session + "/messages",
                Map.of("text", "It ships tomorrow.")).ok().get("id").asLong();
        JsonNode sent = fixtures.awaitDelivery(session, reply, "SENT");

        assertThat(sent.get("externalId").asText()).isEqualTo("5001:2");
        List<SentRecord> records = POLLED.sent();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.peerId()).isEqualTo(5001);
            // the line shows operators' names, and a community writes as itself
            assertThat(r.text()).isEqualTo("VK Operator:\nIt ships tomorrow.");
            assertThat(r.randomId()).isPositive();
        });
        assertThat(POLLED.lastCall("messages.send")).containsEntry("access_token", POLLED_TOKEN)
                .containsEntry("peer_id", "5001");
    }

    @Test
    @Order(3)
    void aDuplicateIsStoredOnceAndAnEditChangesTheMessage() throws Exception {
        long session = fixtures.awaitSession(line, "Anna Petrova");
        ObjectNode event = POLLED.messageNew(5001, 5001, "Order 12345");
        POLLED.enqueue(event);
        POLLED.enqueue(event);
        POLLED.clientWrites(5001, 5001, "Thanks");

        await().atMost(Duration.ofSeconds(20)).until(() -> inbound(session).size() == 3);
        Thread.sleep(1_500);
        assertThat(inbound(session)).extracting(m -> m.get("text").asText())
                .containsExactly("Where is my order?", "Order 12345", "Thanks");

        POLLED.enqueue(POLLED.messageEdit(event, "Order 12346"));
        await().atMost(Duration.ofSeconds(20)).until(() -> inbound(session).get(1).get("text").asText()
                .equals("Order 12346"));
        assertThat(inbound(session).get(1).path("editedAt").isNull()).isFalse();
    }

    @Test
    @Order(4)
    void aCallbackAccountConfirmsItsAddressAndStoresOnlyEventsWithTheSecret() {
        Map<String, Object> extra = new HashMap<>();
        extra.put("mode", "callback");
        extra.put("confirmationCode", CODE);
        extra.put("secret", SECRET);
        JsonNode created = admin.post("/api/v1/channel-accounts", Map.of("type", "vk", "name", "callback community",
                "lineId", line, "settings", settings(CALLED, extra))).ok();
        assertThat(created.get("status").asText()).as(created.toString()).isEqualTo("RUNNING");
        callbackAccount = created.get("id").asLong();
        webhookUrl = created.get("webhookUrl").asText();
        assertThat(webhookUrl).startsWith(BASE + "/webhooks/");

        FakeVkApi.CallbackAnswer confirmed = VK.postCallback(webhookUrl, CALLED.confirmation());
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).isEqualTo(CODE);

        ObjectNode event = CALLED.messageNew(6001, 6001, "Do you ship to Riga?");
        FakeVkApi.CallbackAnswer forged = VK.postCallback(webhookUrl, event.deepCopy().put("secret", "guess"));
        FakeVkApi.CallbackAnswer unsigned = VK.postCallback(webhookUrl, event);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(sessionsOfLine()).noneMatch(s -> s.get("clientName").asText().equals("Boris Ivanov"));

        FakeVkApi.CallbackAnswer stored = VK.postCallback(webhookUrl, CALLED.callback(event));
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.body()).isEqualTo("ok");
        long session = fixtures.awaitSession(line, "Boris Ivanov");
        assertThat(VK.postCallback(webhookUrl, CALLED.callback(event)).body()).as("a redelivery").isEqualTo("ok");
        assertThat(inbound(session)).extracting(m -> m.get("text").asText()).containsExactly("Do you ship to Riga?");

        ObjectNode typing = CALLED.callback(CALLED.messageNew(6001, 6001, "x")).put("type", "message_typing_state");
        assertThat(VK.postCallback(webhookUrl, typing).body()).as("an event the hub does not take").isEqualTo("ok");
    }

    @Test
    @Order(5)
    void stoppingThePluginStopsItsAccounts() {
        assertThat(admin.post("/api/v1/plugins/vk/stop", Map.of()).ok().get("state").asText()).isEqualTo("STOPPED");

        assertThat(status(polledAccount)).isEqualTo("STOPPED");
        assertThat(status(callbackAccount)).isEqualTo("STOPPED");
        // a poll that was on its way when the account stopped may still arrive
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        int polls = POLLED.polls();
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5)).until(() -> POLLED.polls() == polls);
        ObjectNode later = CALLED.callback(CALLED.messageNew(6001, 6001, "while stopped"));
        assertThat(VK.postCallback(webhookUrl, later).status()).isEqualTo(503);

        assertThat(admin.post("/api/v1/plugins/vk/start", Map.of()).ok().get("state").asText()).isEqualTo("STARTED");
        assertThat(status(polledAccount)).isEqualTo("RUNNING");
        assertThat(VK.postCallback(webhookUrl, later).body()).isEqualTo("ok");
        await().atMost(Duration.ofSeconds(10)).until(() -> POLLED.polls() > polls);
    }

    private static Map<String, Object> settings(FakeCommunity community, Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put("accessToken", community.token());
        settings.put("groupId", community.groupId());
        settings.put("apiBaseUrl", VK.baseUrl());
        settings.put("pollWaitSeconds", 1);
        return settings;
    }

    private static String status(long account) {
        return admin.get("/api/v1/channel-accounts/" + account).ok().get("status").asText();
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
