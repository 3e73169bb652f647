package org.lineshub.plugin.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small values a plugin keeps for one channel account across restarts of the account and of the hub: a poll
 * position, what the platform said about a user. The hub keeps them in its database: a {@link #put} has been written
 * for good when it returns. They belong to the account: every context of the account (after a restart, a change of
 * settings, a new version of the plugin) sees them, no other account does, and they are deleted with the account.
 * Not for messages or files (the {@link InboundSink} and {@link ChannelContext#storeFile} keep those), and not for
 * secrets: values are stored as given, unencrypted.
 *
 * <p>Keys are 1 to {@value #MAX_KEY_LENGTH} characters and compared exactly (case and trailing spaces included);
 * values are at most {@value #MAX_VALUE_BYTES} bytes in UTF-8; an account keeps at most {@value #MAX_KEYS} keys. Both
 * must be well-formed text (no lone surrogate). Safe to use from any thread; each call reads or writes the database,
 * so keep values small and write when they change, not on every poll. Since API 1.1.
 */
public interface AccountState {

    /** The longest key, in characters. */
    int MAX_KEY_LENGTH = 100;

    /** The largest value, in bytes of UTF-8 (64 KiB). */
    int MAX_VALUE_BYTES = 64 * 1024;

    /** The most keys one account keeps. */
    int MAX_KEYS = 1_000;

    /**
     * @param key the key
     * @return the value last put under the key, or empty when there is none
     * @throws IllegalArgumentException when the key is not a valid key
     * @throws IllegalStateException    when the account has stopped, or the hub cannot read its database now
     */
    Optional<String> get(String key);

    /**
     * Keeps a value under a key, replacing the one before, or removes the key. Durable when it returns; when it
     * throws, nothing changed.
     *
     * @param key   the key
     * @param value the value, or {@code null} to remove the key
     * @throws IllegalArgumentException when the key or the value is not valid (too long, empty key, not well-formed)
     * @throws IllegalStateException    when the account has stopped, when the key is new and the account already
     *                                  keeps {@value #MAX_KEYS} keys, or when the hub cannot write its database now
     */
    void put(String key, String value);

    /**
     * @return every key of the account with its value, sorted by key; a copy
     * @throws IllegalStateException when the account has stopped, or the hub cannot read its database now
     */
    Map<String, String> all();

    /**
     * Checks a key and a value against the limits every implementation applies.
     *
     * @param key   the key
     * @param value the value, or {@code null} (a removal)
     * @throws IllegalArgumentException naming what is wrong, without the value
     */
    static void check(String key, String value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a state key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a state key must be at most " + MAX_KEY_LENGTH + " characters");
        }
        utf8Length(key, "key");
        if (value != null && (value.length() > MAX_VALUE_BYTES || utf8Length(value, "value") > MAX_VALUE_BYTES)) {
            throw new IllegalArgumentException("the value of state key " + key + " is larger than "
                    + MAX_VALUE_BYTES + " bytes");
        }
    }

    private static int utf8Length(String text, String what) {
        try {
            // the encoder refuses lone surrogates, which a database would store as '?': not what was put
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
            return bytes.remaining();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a state " + what + " must be well-formed text");
        }
    }

    /**
     * @return a new, empty state kept in memory only, with the same limits as the hub's: for tests of plugins,
     *         where one instance handed to the contexts of successive connects plays the hub across a restart
     */
    static AccountState inMemory() {
        return new AccountState() {
            private final Map<String, String> values = new ConcurrentHashMap<>();

            @Override
            public Optional<String> get(String key) {
                check(key, null);
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public synchronized void put(String key, String value) {
                check(key, value);
                if (value == null) {
                    values.remove(key);
                } else if (values.containsKey(key) || values.size() < MAX_KEYS) {
                    values.put(key, value);
                } else {
                    throw new IllegalStateException("the account already keeps " + MAX_KEYS + " state keys");
                }
            }

            @Override
            public Map<String, String> all() {
                return Collections.unmodifiableMap(new TreeMap<>(values));
            }

            @Override
            public String toString() {
                return "AccountState[in memory, " + values.size() + " keys]";
            }
        };
    }
}
