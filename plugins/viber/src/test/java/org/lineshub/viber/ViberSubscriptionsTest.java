package org.lineshub.viber;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.testkit.TestChannelContext;

/** Unsubscribed users as the account's state keeps them: read at connect, written when a subscription changes. */
class ViberSubscriptionsTest {

    @Test
    void readsTheUnsubscribedUsersTheStateNamesAndNothingElse() {
        AccountState state = AccountState.inMemory();
        state.put("unsubscribed:u-1", "1");
        state.put("something else", "u-2");

        ViberSubscriptions subscriptions = new ViberSubscriptions(context(state));

        assertThat(subscriptions.isUnsubscribed("u-1")).isTrue();
        assertThat(subscriptions.isUnsubscribed("u-2")).isFalse();
        assertThat(subscriptions.isUnsubscribed("something else")).isFalse();
    }

    @Test
    void writesOnlyWhenAUsersSubscriptionChanges() {
        List<String> writes = new ArrayList<>();
        AccountState values = AccountState.inMemory();
        AccountState recording = new AccountState() {
            @Override
            public Optional<String> get(String key) {
                return values.get(key);
            }

            @Override
            public void put(String key, String value) {
                writes.add(key + "=" + value);
                values.put(key, value);
            }

            @Override
            public Map<String, String> all() {
                return values.all();
            }
        };
        ViberSubscriptions subscriptions = new ViberSubscriptions(context(recording));

        subscriptions.subscribed("u-1");
        subscriptions.unsubscribed("u-1");
        subscriptions.unsubscribed("u-1");
        subscriptions.subscribed("u-1");
        subscriptions.subscribed("u-1");

        assertThat(writes).containsExactly("unsubscribed:u-1=1", "unsubscribed:u-1=null");
        assertThat(values.all()).isEmpty();
    }

    @Test
    void keepsUsersInMemoryWhenTheStateCannotBeReadOrWritten() {
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
        ViberSubscriptions subscriptions = new ViberSubscriptions(context(broken));

        subscriptions.unsubscribed("u-1");

        assertThat(subscriptions.isUnsubscribed("u-1")).isTrue();
        subscriptions.subscribed("u-1");
        assertThat(subscriptions.isUnsubscribed("u-1")).isFalse();
    }

    @Test
    void keepsAUserWhoseIdMakesTooLongAKeyInMemoryOnly() {
        AccountState state = AccountState.inMemory();
        ViberSubscriptions subscriptions = new ViberSubscriptions(context(state));
        String longId = "u".repeat(AccountState.MAX_KEY_LENGTH);

        subscriptions.unsubscribed(longId);

        assertThat(subscriptions.isUnsubscribed(longId)).isTrue();
        assertThat(state.all()).isEmpty();
    }

    private static TestChannelContext context(AccountState state) {
        return ViberTestHub.context(Map.of(), Optional.empty(), state);
    }
}
