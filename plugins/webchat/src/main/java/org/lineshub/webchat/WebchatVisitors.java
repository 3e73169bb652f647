package org.lineshub.webchat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who a visitor is. A visitor holds an unguessable token (32 random bytes, base64url) that the plugin made for them
 * and that the chat frame keeps in its origin's local storage; the hub stores only a digest of it as the chat's id,
 * so neither the database nor the operators ever see a token, and knowing a chat id does not let anyone into the
 * chat. The plugin accepts a token it did not make only when the hub has a conversation of its chat: a client can
 * neither choose a token nor reach anyone else's chat with a wrong one.
 */
final class WebchatVisitors {

    /** The prefix of every chat id of this channel. */
    static final String CHAT_PREFIX = "w";
    /** Characters of the digest kept in a chat id: 192 bits, far beyond any collision. */
    private static final int DIGEST_CHARS = 32;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** Tokens made but not yet used for a message, remembered so that a visitor's other tabs share the chat. */
    private static final int REMEMBERED = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Boolean> issued = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @return a new token, remembered as issued */
    String issue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        synchronized (issued) {
            issued.put(chatId(token), Boolean.TRUE);
        }
        return token;
    }

    /** @return whether this plugin instance made the token (and has not forgotten it yet) */
    boolean issued(String token) {
        synchronized (issued) {
            return issued.containsKey(chatId(token));
        }
    }

    /** @return whether the text has a token's shape; says nothing about whether anyone holds it */
    static boolean wellFormed(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /**
     * @param token a well-formed token
     * @return the chat id the hub knows the visitor by: {@code w} and a digest of the token, never the token
     */
    static String chatId(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return CHAT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest)
                    .substring(0, DIGEST_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** @return the name operators see for a visitor who gave none, e.g. {@code Visitor 3fa9c1} */
    static String anonymousName(String chatId) {
        return "Visitor " + chatId.substring(1, 7);
    }
}
