package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.hub.support.TestHub;
import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.vk.fake.FakeCommunity;
import org.lineshub.vk.fake.FakeVkApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What plugins keep per account ({@code ChannelContext.state()}) lives in the hub's database: a new context of the
 * account, after the account stopped and started again, reads what the one before wrote; the context before refuses
 * once its account stopped; each account sees its own; the limits hold; deleting the account deletes it. End to end,
 * the real VK plugin jar long-polls a fake VK and, after its account was stopped and started through the API, fetches
 * what VK queued in the meantime.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
class AccountStateIT {

    private static final String TOKEN = "vk1.a.restarting-community-token-0123456789abcdefghijklm";
    private static final String SECRET = "state-secret-0123456789";
    private static final int PORT = TestHub.freePort();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final Path PLUGINS = TestHub.pluginDirectory("vk.jar");
    private static final FakeVkApi VK = FakeVkApi.start();
    private static final FakeCommunity COMMUNITY = VK.community(218_000_003L, TOKEN)
            .user(7001, "Vera", "Orlova", "vera.orlova");

    private final HubClient admin = HubClient.basic(BASE, "admin", TestHub.ADMIN_PASSWORD);
    private final Fixtures fixtures = new Fixtures(admin, null, null);

    @Autowired
    private ChannelRuntime runtime;

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        TestHub.register(registry, PORT, TestDatabase.newDatabase("state_it"), TestHub.tempDir("hub-state-data"),
                PLUGINS, TestHub.tempDir("hub-state-routes"));
    }

    @AfterAll
    static void stopVk() {
        VK.close();
    }

    @Test
    void whatAPluginKeptOutlivesItsAccountsRestartStaysWithItsAccountAndGoesWithIt() {
        long line = fixtures.line("Kept state", Map.of());
        String keyA = "state-a-" + Fixtures.unique();
        String keyB = "state-b-" + Fixtures.unique();
        long first = loopback(line, keyA);
        long second = loopback(line, keyB);
        ChannelContext before = context(keyA);
        before.state().put("cursor", "42");
        before.state().put("Cursor", "upper case is another key");
        before.state().put("name", "Вера 🌷");
        before.state().put("gone", "soon");
        before.state().put("gone", null);
        context(keyB).state().put("cursor", "the other account's");

        enable(first, false);
        assertThatThrownBy(() -> before.state().get("cursor")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> before.state().put("cursor", "43")).isInstanceOf(IllegalStateException.class);
        enable(first, true);

        ChannelContext after = context(keyA);
        assertThat(after).isNotSameAs(before);
        assertThat(after.state().all()).containsExactly(Map.entry("Cursor", "upper case is another key"),
                Map.entry("cursor", "42"), Map.entry("name", "Вера 🌷"));
        assertThat(after.state().get("gone")).isEmpty();
        assertThat(context(keyB).state().all()).containsExactly(Map.entry("cursor", "the other account's"));

        assertThat(admin.delete("/api/v1/channel-accounts/" + first).status()).isEqualTo(204);
        assertThat(rows(first)).isZero();
        assertThat(rows(second)).isEqualTo(1);
    }

    @Test
    void aPluginsStateKeepsItsLimits() {
        String key = "limits-" + Fixtures.unique();
        long account = loopback(fixtures.line("State limits", Map.of()), key);
        AccountState state = context(key).state();
        String largest = "ж".repeat(AccountState.MAX_VALUE_BYTES / 2);

        state.put("largest", largest);
        assertThat(state.get("largest")).contains(largest);
        assertThatThrownBy(() -> state.put("larger", largest + "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.put("k".repeat(AccountState.MAX_KEY_LENGTH + 1), "v"))
                .isInstanceOf(IllegalArgumentException.class);
        for (int i = 1; i < AccountState.MAX_KEYS; i++) {
            state.put("key " + i, Integer.toString(i));
        }

        assertThatThrownBy(() -> state.put("one more", "v")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1000");
        state.put("key 1", "replaced");
        state.put("key 2", null);
        state.put("one more", "v");
        assertThat(rows(account)).isEqualTo(AccountState.MAX_KEYS);
        assertThat(state.all()).hasSize(AccountState.MAX_KEYS).containsEntry("key 1", "replaced")
                .containsEntry("one more", "v").doesNotContainKey("key 2");
    }

    @Test
    void aPollingVkAccountFetchesAfterARestartWhatVkQueuedWhileItWasStopped() {
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/channel-types/vk").status() == 200);
        long line = fixtures.line("VK restarts", Map.of());
        JsonNode created = admin.post("/api/v1/channel-accounts", Map.of("type", "vk", "name", "restarting community",
                "lineId", line, "settings", Map.of("accessToken", TOKEN, "groupId", COMMUNITY.groupId(),
                        "apiBaseUrl", VK.baseUrl(), "pollWaitSeconds", 1))).ok();
        assertThat(created.get("status").asText()).as(created.toString()).isEqualTo("RUNNING");
        long account = created.get("id").asLong();
        // a new poller's first session starts from the events queued after it
        await().atMost(Duration.ofSeconds(10)).until(() -> COMMUNITY.polls() >= 1);
        COMMUNITY.clientWrites(7001, 7001, "before the restart");
        long session = fixtures.awaitSession(line, "Vera Orlova");

        enable(account, false);
        awaitNoMorePolls();
        COMMUNITY.clientWrites(7001, 7001, "while the account was stopped");
        COMMUNITY.clientWrites(7001, 7001, "and once more");
        int polls = COMMUNITY.polls();
        enable(account, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> inboundTexts(session).size() == 3);
        assertThat(inboundTexts(session)).containsExactly("before the restart", "while the account was stopped",
                "and once more");
        assertThat(COMMUNITY.calls("groups.getLongPollServer")).as("a new session for the new poller").isEqualTo(2);
        assertThat(COMMUNITY.polledTs().get(polls)).as("the first poll after the restart, from the kept ts")
                .isEqualTo("2");
    }

    /** @return the id of a running loopback account that takes webhooks, found in the runtime by its key */
    private long loopback(long line, String accountKey) {
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", "loopback",
                "name", "state " + accountKey, "lineId", line, "settings", Map.of("baseUrl", "http://127.0.0.1:9/",
                        "mode", "webhook", "secret", SECRET, "accountKey", accountKey))).ok();
        assertThat(account.get("status").asText()).as(account.toString()).isEqualTo("RUNNING");
        return account.get("id").asLong();
    }

    /** @return the context the hub handed the loopback plugin for the running account with this key */
    private ChannelContext context(String accountKey) {
        return runtime.sharedWebhook("loopback").orElseThrow().accounts().find(accountKey).orElseThrow();
    }

    private void enable(long account, boolean enabled) {
        JsonNode current = admin.get("/api/v1/channel-accounts/" + account).ok();
        JsonNode changed = admin.put("/api/v1/channel-accounts/" + account, Map.of("type", current.get("type").asText(),
                "name", current.get("name").asText(), "lineId", current.get("lineId").asLong(),
                "enabled", enabled)).ok();
        assertThat(changed.get("status").asText()).as(changed.toString()).isEqualTo(enabled ? "RUNNING" : "STOPPED");
    }

    private int rows(long account) {
        return jdbc.sql("SELECT COUNT(*) FROM channel_account_state WHERE account_id = ?").param(account)
                .query(Integer.class).single();
    }

    /** Waits until a long poll that was on its way when the account stopped has reached the fake. */
    private static void awaitNoMorePolls() {
        int[] polls = {COMMUNITY.polls()};
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> {
            int now = COMMUNITY.polls();
            boolean settled = now == polls[0];
            polls[0] = now;
            return settled;
        });
    }

    private List<String> inboundTexts(long session) {
        List<String> texts = new ArrayList<>();
        for (JsonNode message : fixtures.messages(session)) {
            if ("INBOUND".equals(message.get("direction").asText())) {
                texts.add(message.get("text").asText());
            }
        }
        return texts;
    }
}
