package org.lineshub.vk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.testkit.TestChannelContext;

/** The long poll position as the account's state keeps it: per community, for one server, written when it moves. */
class VkPollPositionTest {

    private static final String SERVER = "https://lp.vk.com/whp/218000001";

    private final Recording state = new Recording();

    @Test
    void resumesFromWhatAnEarlierPollerOfTheSameCommunityAndServerKept() {
        new VkPollPosition(context(), 218_000_001L).keep(SERVER, "1043");

        assertThat(state.all()).containsExactly(Map.entry("longpoll:218000001", "1043 " + SERVER));
        assertThat(new VkPollPosition(context(), 218_000_001L).resume(SERVER)).isEqualTo("1043");
    }

    @Test
    void startsAfreshForAnotherServerOrCommunityOrWhatItCannotRead() {
        new VkPollPosition(context(), 218_000_001L).keep(SERVER, "1043");
        state.put("longpoll:7", "garbage");

        assertThat(new VkPollPosition(context(), 218_000_001L).resume("https://lp.vk.com/whp/other")).isNull();
        assertThat(new VkPollPosition(context(), 218_000_002L).resume(SERVER)).isNull();
        assertThat(new VkPollPosition(context(), 7).resume(SERVER)).isNull();
    }

    @Test
    void writesOnlyWhenThePositionMoved() {
        VkPollPosition position = new VkPollPosition(context(), 218_000_001L);
        position.keep(SERVER, "5");
        position.keep(SERVER, "5");
        position.keep(SERVER, "6");
        position.keep(SERVER, "6");

        VkPollPosition resumed = new VkPollPosition(context(), 218_000_001L);
        assertThat(resumed.resume(SERVER)).isEqualTo("6");
        resumed.keep(SERVER, "6");

        assertThat(state.writes).containsExactly("5 " + SERVER, "6 " + SERVER);
    }

    private TestChannelContext context() {
        return VkTestHub.context(Map.of(), Optional.empty(), state);
    }

    /** An in-memory state that records the values written. */
    private static final class Recording implements AccountState {

        private final AccountState values = AccountState.inMemory();
        final List<String> writes = new ArrayList<>();

        @Override
        public Optional<String> get(String key) {
            return values.get(key);
        }

        @Override
        public void put(String key, String value) {
            writes.add(value);
            values.put(key, value);
        }

        @Override
        public Map<String, String> all() {
            return values.all();
        }
    }
}
