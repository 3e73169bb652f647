package org.lineshub.hub.channel;

import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.lineshub.hub.system.Jdbc;
import org.lineshub.plugin.api.AccountState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The durable state plugins keep per channel account ({@link AccountState}): small values by key, in
 * {@code channel_account_state}. Each write commits on its own, unless the caller runs a transaction; deleted with
 * the account. A component rather than a repository: the repositories' exception translation would turn the
 * {@link IllegalArgumentException} of a key or value beyond the limits into a {@code DataAccessException}, which the
 * account's context reports as the database being unavailable.
 */
@Component
class AccountStateStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    AccountStateStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * @return the value under the key, or empty
     * @throws IllegalArgumentException when the key is not a valid key
     */
    Optional<String> get(long accountId, String key) {
        AccountState.check(key, null);
        return jdbc.sql("SELECT state_value FROM channel_account_state WHERE account_id = ? AND state_key = ?")
                .params(accountId, key).query(String.class).optional();
    }

    /**
     * Keeps a value under a key, or removes the key. Writes nothing for an account that is deleted.
     *
     * @param value the value, or {@code null} to remove the key
     * @throws IllegalArgumentException when the key or value breaks {@link AccountState}'s limits
     * @throws IllegalStateException    when the key is new and the account keeps {@link AccountState#MAX_KEYS} keys
     */
    void put(long accountId, String key, String value) {
        AccountState.check(key, value);
        if (value == null) {
            jdbc.sql("DELETE FROM channel_account_state WHERE account_id = ? AND state_key = ?")
                    .params(accountId, key).update();
            return;
        }
        // counted before the write: two new keys put at the same moment may both pass, so the limit can be passed
        // by a few keys; it keeps a plugin from filling the table, it is not an exact count
        int others = jdbc.sql("SELECT COUNT(*) FROM channel_account_state WHERE account_id = ? AND state_key <> ?")
                .params(accountId, key).query(Integer.class).single();
        if (others >= AccountState.MAX_KEYS) {
            throw new IllegalStateException("channel account " + accountId + " already keeps "
                    + AccountState.MAX_KEYS + " state keys");
        }
        // from the account's row, so that a deleted account gets no state again
        jdbc.sql("INSERT INTO channel_account_state (account_id, state_key, state_value, updated_at)"
                        + " SELECT id, ?, ?, ? FROM channel_account WHERE id = ? AND deleted_at IS NULL"
                        + " ON DUPLICATE KEY UPDATE state_value = VALUES(state_value), updated_at = VALUES(updated_at)")
                .params(key, value, Jdbc.utc(clock.instant()), accountId).update();
    }

    /** @return every key of the account with its value, sorted by key */
    Map<String, String> all(long accountId) {
        Map<String, String> values = new TreeMap<>();
        jdbc.sql("SELECT state_key, state_value FROM channel_account_state WHERE account_id = ?").param(accountId)
                .query(rs -> {
                    values.put(rs.getString(1), rs.getString(2));
                });
        return Collections.unmodifiableMap(values);
    }

    /**
     * Deletes the account's state, in the transaction that deletes the account.
     *
     * @param accountId the account being deleted
     */
    void deleteAll(long accountId) {
        // the account's row first, in the order a put locks (the account, then its state), so that a put racing the
        // deletion waits for it instead of deadlocking with it
        jdbc.sql("SELECT id FROM channel_account WHERE id = ? FOR UPDATE").param(accountId).query(Long.class).list();
        jdbc.sql("DELETE FROM channel_account_state WHERE account_id = ?").param(accountId).update();
    }
}
