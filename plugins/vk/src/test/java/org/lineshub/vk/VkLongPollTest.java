package org.lineshub.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.testkit.TokenLeakCheck;
import org.lineshub.vk.fake.FakeCommunity;
import org.lineshub.vk.fake.FakeVkApi;

/** Receiving by the Bots Long Poll API, against the fake over HTTP. */
class VkLongPollTest {

    @RegisterExtension
    final TokenLeakCheck tokenLeakCheck = new TokenLeakCheck(VkTestHub.TOKEN);

    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeVkApi vk;
    private FakeCommunity community;
    private VkTestHub hub;

    @BeforeEach
    void fake() {
        vk = FakeVkApi.start();
        community = vk.community(VkTestHub.GROUP_ID, VkTestHub.TOKEN)
                .user(1001, "Anna", "Petrova", "anna.petrova")
                .user(1002, "Boris", "Ivanov", null);
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        vk.close();
    }

    @Test
    void storesMessagesWithTheNamesOfTheirAuthorsAskedOnceForABatch() throws Exception {
        startPolling();
        synchronized (community) {
            // one long-poll answer
            community.clientWrites(1001, 1001, "hello");
            community.clientWrites(1002, 1002, "hi there");
            community.clientWrites(2_000_000_007L, 1001, "in the chat");
        }

        await().atMost(WAIT).until(() -> hub.inbound().size() == 3);
        List<InboundMessage> messages = hub.inbound();
        assertThat(messages).extracting(InboundMessage::text).containsExactly("hello", "hi there", "in the chat");
        assertThat(messages).extracting(InboundMessage::externalMessageId)
                .containsExactly("1001:1", "1002:1", "2000000007:1");
        assertThat(messages.get(0).sender().displayName()).isEqualTo("Anna Petrova");
        assertThat(messages.get(0).sender().profileUrl()).isEqualTo("https://vk.com/anna.petrova");
        assertThat(messages.get(1).sender().displayName()).isEqualTo("Boris Ivanov");
        assertThat(community.calls("users.get")).isEqualTo(1);
        assertThat(community.lastCall("users.get")).containsEntry("fields", "screen_name")
                .containsEntry("v", "5.199").containsEntry("access_token", VkTestHub.TOKEN);
        assertThat(community.lastCall("groups.getLongPollServer"))
                .containsEntry("group_id", Long.toString(VkTestHub.GROUP_ID));

        community.clientWrites(1001, 1001, "again");
        await().atMost(WAIT).until(() -> hub.inbound().size() == 4);
        assertThat(community.calls("users.get")).as("the name is cached").isEqualTo(1);
        assertThat(hub.channel.healthyReports.get()).isPositive();
    }

    @Test
    void movesTsOnlyAfterTheHubStoredTheEvents() throws Exception {
        startPolling();
        hub.sink().failures.set(2);
        int before = community.polls();

        community.clientWrites(1001, 1001, "kept until stored");

        await().atMost(Duration.ofSeconds(20)).until(() -> hub.inbound().size() == 1);
        String eventTs = community.polledTs().get(before - 1);
        await().atMost(WAIT).until(() -> community.polledTs().stream().anyMatch(ts -> !ts.equals(eventTs)));
        List<String> asked = community.polledTs();
        // the ts that brought the event was asked until the hub stored it: twice it did not, the third time it did
        List<String> untilMoved = asked.subList(before - 1, asked.indexOf(asked.stream()
                .filter(ts -> !ts.equals(eventTs)).findFirst().orElseThrow()));
        assertThat(untilMoved).hasSizeGreaterThanOrEqualTo(3).containsOnly(eventTs);
        assertThat(hub.channel.problems).anyMatch(p -> p.contains("did not store"));
        assertThat(hub.inbound()).extracting(InboundMessage::text).containsExactly("kept until stored");
    }

    @Test
    void startsFromTheTsOfANewSession() throws Exception {
        community.clientWrites(1001, 1001, "before the session");

        startPolling();
        community.clientWrites(1001, 1001, "after");

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        assertThat(hub.inbound()).extracting(InboundMessage::text).containsExactly("after");
    }

    @Test
    void goesOnAfterARestartFromThePositionKeptOnceTheEventsWereStored() throws Exception {
        AccountState state = AccountState.inMemory();
        startPolling(state);
        community.clientWrites(1001, 1001, "before the restart");
        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        await().atMost(WAIT).until(() -> kept(state).startsWith("2 "));
        stopPolling();

        community.clientWrites(1001, 1001, "while stopped");
        community.clientWrites(1002, 1002, "also while stopped");
        int polls = community.polls();
        startPolling(state);

        await().atMost(WAIT).until(() -> hub.inbound().size() == 2);
        assertThat(hub.inbound()).extracting(InboundMessage::text).containsExactly("while stopped",
                "also while stopped");
        assertThat(community.calls("groups.getLongPollServer")).as("a new key for the new poller").isEqualTo(2);
        assertThat(community.polledTs().get(polls)).as("the first poll after the restart").isEqualTo("2");
        await().atMost(WAIT).until(() -> kept(state).startsWith("4 "));
    }

    @Test
    void keepsThePositionOfItsFirstSessionSoARestartBeforeAnyEventMissesNothing() throws Exception {
        AccountState state = AccountState.inMemory();
        startPolling(state);
        assertThat(kept(state)).startsWith("1 ").endsWith("/whp/" + VkTestHub.GROUP_ID);
        stopPolling();

        community.clientWrites(1001, 1001, "while stopped");
        startPolling(state);

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        assertThat(hub.inbound()).extracting(InboundMessage::text).containsExactly("while stopped");
    }

    @Test
    void goesOnFromTheTsVkGivesWhenItNoLongerHasTheKeptPosition() throws Exception {
        AccountState state = AccountState.inMemory();
        startPolling(state);
        community.clientWrites(1001, 1001, "before the restart");
        await().atMost(WAIT).until(() -> kept(state).startsWith("2 "));
        stopPolling();

        community.clientWrites(1001, 1001, "forgotten by VK");
        community.forgetHistory();
        int polls = community.polls();
        startPolling(state);
        await().atMost(WAIT).until(() -> community.polls() >= polls + 2);
        community.clientWrites(1001, 1001, "after the restart");

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        assertThat(hub.inbound()).extracting(InboundMessage::text).containsExactly("after the restart");
        assertThat(community.polledTs().subList(polls, polls + 2)).as("the kept ts, then the one of failed 1")
                .containsExactly("2", "3");
        await().atMost(WAIT).until(() -> kept(state).startsWith("4 "));
        assertThat(hub.channel.failures).isEmpty();
    }

    @Test
    void pollsOnWhenItsPositionCannotBeKept() throws Exception {
        AccountState broken = new AccountState() {
            @Override
            public Optional<String> get(String key) {
                throw new IllegalStateException("the hub cannot read the state now");
            }

            @Override
            public void put(String key, String value) {
                throw new IllegalStateException("the hub cannot write the state now");
            }

            @Override
            public Map<String, String> all() {
                throw new IllegalStateException("the hub cannot read the state now");
            }
        };
        startPolling(broken);

        community.clientWrites(1001, 1001, "hello");
        community.clientWrites(1001, 1001, "still here");

        await().atMost(WAIT).until(() -> hub.inbound().size() == 2);
        assertThat(hub.channel.problems).isEmpty();
    }

    @Test
    void deliversTheSameEventTwiceUnderTheSameId() throws Exception {
        startPolling();
        ObjectNode event = community.messageNew(1001, 1001, "once");
        community.enqueue(event);
        community.enqueue(event);

        await().atMost(WAIT).until(() -> hub.inbound().size() == 2);
        assertThat(hub.inbound()).extracting(InboundMessage::externalMessageId).containsExactly("1001:1", "1001:1");
    }

    @Test
    void handlesEachFailedAnswerAsDocumented() throws Exception {
        startPolling();
        community.clientWrites(1001, 1001, "one");
        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        int sessions = community.calls("groups.getLongPollServer");

        // failed 1: the history is partly lost; go on with the answer's ts, which is past the lost event
        synchronized (community) {
            community.clientWrites(1001, 1001, "lost with the history");
            community.failNextPoll(1);
        }
        await().atMost(WAIT).until(() -> community.pendingPollFailures() == 0);
        community.clientWrites(1001, 1001, "two");
        await().atMost(WAIT).until(() -> hub.inbound().size() == 2);
        assertThat(community.calls("groups.getLongPollServer")).isEqualTo(sessions);

        // failed 2: the key expired; a new key, the same ts, so the event queued meanwhile comes
        synchronized (community) {
            community.clientWrites(1001, 1001, "three");
            community.failNextPoll(2);
        }
        await().atMost(WAIT).until(() -> hub.inbound().size() == 3);
        assertThat(community.calls("groups.getLongPollServer")).isEqualTo(sessions + 1);

        // failed 3: the information is lost; a new key and ts
        synchronized (community) {
            community.clientWrites(1001, 1001, "lost with the session");
            community.failNextPoll(3);
        }
        await().atMost(WAIT).until(() -> community.calls("groups.getLongPollServer") == sessions + 2);
        community.clientWrites(1001, 1001, "four");
        await().atMost(WAIT).until(() -> hub.inbound().size() == 4);

        // a key that expired while a poll waited with it
        community.expireKey();
        community.clientWrites(1001, 1001, "five");
        await().atMost(WAIT).until(() -> hub.inbound().size() == 5);
        assertThat(hub.inbound()).extracting(InboundMessage::text).containsExactly("one", "two", "three", "four",
                "five");
        assertThat(hub.channel.failures).isEmpty();
    }

    @Test
    void takesEditsAndIgnoresTheCommunitysOwnMessagesEchoedBack() throws Exception {
        startPolling();
        ObjectNode first = community.clientWrites(1001, 1001, "my order 123");
        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);

        hub.send(OutboundMessage.builder(1, 1, "1001").text("which order?").build());
        community.enqueue(community.messageEdit(first, "my order 12345"));

        await().atMost(WAIT).until(() -> hub.sink().changes.size() == 1);
        MessageChange change = hub.sink().changes.get(0);
        assertThat(change.externalMessageId()).isEqualTo("1001:1");
        assertThat(change.text()).isEqualTo("my order 12345");
        assertThat(hub.inbound()).hasSize(1);
    }

    @Test
    void parksWhatItCannotMapAndGoesOn() throws Exception {
        startPolling();
        ObjectNode broken = community.messageNew(1001, 1001, "broken");
        ((ObjectNode) broken.path("object").path("message")).remove("peer_id");
        community.enqueue(broken);
        community.clientWrites(1001, 1001, "fine");

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1 && hub.sink().parked.size() == 1);
        assertThat(hub.sink().parked.get(0).reason()).isEqualTo(
                "unmappable VK event: message.peer_id is missing or not an integer");
        assertThat(hub.sink().parked.get(0).externalId()).isEqualTo("event:" + broken.get("event_id").asText());
    }

    @Test
    void storesWithoutNamesWhenUsersGetFails() throws Exception {
        startPolling();
        community.failNext("users.get", 6, "Too many requests per second");
        community.clientWrites(1001, 1001, "hello");

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        assertThat(hub.inbound().get(0).sender().displayName()).isEqualTo("1001");
    }

    @Test
    void failsTheAccountWhenTheLongPollApiIsOffOrTheTokenIsRejected() throws Exception {
        community.longPollEnabled(false);
        hub = VkTestHub.start(VkTestHub.settings(vk.baseUrl()));
        await().atMost(WAIT).until(() -> !hub.channel.failures.isEmpty());
        assertThat(hub.channel.failures).containsExactly("VK refuses the Bots Long Poll API: One of the parameters "
                + "specified was missing or invalid: longpoll for this group is not enabled. (error 100)");
        hub.close();

        hub = VkTestHub.start(VkTestHub.settings(vk.baseUrl(), VkSettings.ACCESS_TOKEN, "not-the-token"));
        await().atMost(WAIT).until(() -> !hub.channel.failures.isEmpty());
        assertThat(hub.channel.failures).containsExactly("VK rejected the community access token (error 5)");
    }

    @Test
    void retriesWhileVkLimitsTheRate() throws Exception {
        community.failNext("groups.getLongPollServer", 6, "Too many requests per second");

        startPolling();
        community.clientWrites(1001, 1001, "later");

        await().atMost(WAIT).until(() -> hub.inbound().size() == 1);
        assertThat(hub.channel.problems).containsExactly(
                "VK groups.getLongPollServer failed: Too many requests per second (error 6)");
        assertThat(hub.channel.failures).isEmpty();
    }

    /** Starts the account and waits until its first long poll waits for events. */
    private void startPolling(String... extraSettings) throws Exception {
        hub = VkTestHub.start(VkTestHub.settings(vk.baseUrl(), extraSettings));
        await().atMost(WAIT).until(() -> community.polls() >= 1);
    }

    /** Starts the account with the state an earlier start left, and waits until its first long poll was made. */
    private void startPolling(AccountState state) throws Exception {
        int polls = community.polls();
        hub = VkTestHub.start(VkTestHub.settings(vk.baseUrl()), state);
        await().atMost(WAIT).until(() -> community.polls() > polls);
    }

    /**
     * Stops the account, and waits until a long poll that was on its way when it stopped has reached the fake, so
     * that the polls counted afterwards are the next poller's.
     */
    private void stopPolling() {
        hub.close();
        hub = null;
        int[] polls = {community.polls()};
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> {
            int now = community.polls();
            boolean settled = now == polls[0];
            polls[0] = now;
            return settled;
        });
    }

    /** @return the long poll position kept in the account's state, or "" */
    private static String kept(AccountState state) {
        return state.get("longpoll:" + VkTestHub.GROUP_ID).orElse("");
    }

    @Test
    void stopsPromptlyDuringALongPoll() throws Exception {
        startPolling(VkSettings.POLL_WAIT_SECONDS, "90");

        long start = System.nanoTime();
        hub.close();
        hub = null;

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
}
