package org.lineshub.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.RoutesBuilder;
import org.junit.jupiter.api.Test;

/** The limits every account state applies, the in-memory state plugins test with, and contexts without state. */
class AccountStateTest {

    @Test
    void acceptsKeysAndValuesUpToTheLimits() {
        String longestValue = "ж".repeat(AccountState.MAX_VALUE_BYTES / 2);

        assertThatCode(() -> AccountState.check("k".repeat(AccountState.MAX_KEY_LENGTH), longestValue))
                .doesNotThrowAnyException();
        assertThatCode(() -> AccountState.check("unsub:01234567890A=", null)).doesNotThrowAnyException();
        assertThatCode(() -> AccountState.check("ключ 🔑", "")).doesNotThrowAnyException();
    }

    @Test
    void refusesKeysAndValuesBeyondTheLimitsCountingValuesInBytes() {
        assertThatThrownBy(() -> AccountState.check(null, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccountState.check("", "v")).hasMessageContaining("empty");
        assertThatThrownBy(() -> AccountState.check("k".repeat(AccountState.MAX_KEY_LENGTH + 1), "v"))
                .hasMessageContaining("at most 100 characters");
        // 32,769 two-byte characters: fewer characters than the limit, more bytes
        assertThatThrownBy(() -> AccountState.check("k", "ж".repeat(AccountState.MAX_VALUE_BYTES / 2 + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536 bytes")
                .hasMessageNotContaining("жж");
        assertThatThrownBy(() -> AccountState.check("k", "x".repeat(AccountState.MAX_VALUE_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTextADatabaseWouldNotGiveBackAsItWasPut() {
        assertThatThrownBy(() -> AccountState.check("k\uD83D", "v")).hasMessageContaining("key must be well-formed");
        assertThatThrownBy(() -> AccountState.check("k", "a\uDC00b")).hasMessageContaining("value must be well-formed");
    }

    @Test
    void theInMemoryStateKeepsReplacesAndRemovesValues() {
        AccountState state = AccountState.inMemory();

        state.put("ts", "41");
        state.put("ts", "42");
        state.put("Ts", "other");
        state.put("gone", "x");
        state.put("gone", null);
        state.put("never there", null);

        assertThat(state.get("ts")).contains("42");
        assertThat(state.get("gone")).isEmpty();
        assertThat(state.all()).containsExactly(Map.entry("Ts", "other"), Map.entry("ts", "42"));
        assertThatThrownBy(() -> state.all().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> state.put("k", "\uD800")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.get("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInMemoryStateRefusesANewKeyBeyondTheMostKeysButStillReplacesAndRemoves() {
        AccountState state = AccountState.inMemory();
        for (int i = 0; i < AccountState.MAX_KEYS; i++) {
            state.put("key" + i, "v");
        }

        assertThatThrownBy(() -> state.put("one more", "v")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1000");
        state.put("key0", "changed");
        state.put("key1", null);
        state.put("one more", "v");

        assertThat(state.all()).hasSize(AccountState.MAX_KEYS).containsEntry("key0", "changed")
                .containsEntry("one more", "v").doesNotContainKey("key1");
    }

    @Test
    void aContextOfAHubWithoutStateSaysSo() {
        ChannelContext older = new ChannelContext() {
            @Override
            public long accountId() {
                return 1;
            }

            @Override
            public String accountName() {
                return "a";
            }

            @Override
            public String pluginId() {
                return "p";
            }

            @Override
            public ChannelSettings settings() {
                return new ChannelSettings(Map.of());
            }

            @Override
            public InboundSink inbound() {
                return null;
            }

            @Override
            public Optional<URI> webhookUrl() {
                return Optional.empty();
            }

            @Override
            public InputStream openAttachment(Attachment attachment) {
                return InputStream.nullInputStream();
            }

            @Override
            public void reportProblem(String reason) {
            }

            @Override
            public void reportHealthy() {
            }

            @Override
            public void fail(String reason) {
            }

            @Override
            public CamelContext camelContext() {
                return null;
            }

            @Override
            public void addRoutes(RoutesBuilder routes) {
            }

            @Override
            public void addComponent(String name, Component component) {
            }
        };

        assertThatThrownBy(older::state).isInstanceOf(UnsupportedOperationException.class);
    }
}
