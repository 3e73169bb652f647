package org.lineshub.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Tokens and the chat ids derived from them. */
class WebchatVisitorsTest {

    @Test
    void makesUnguessableTokensAndKeepsOnlyADigestAsTheChatId() {
        WebchatVisitors visitors = new WebchatVisitors();
        Set<String> chats = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = visitors.issue();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            String chat = WebchatVisitors.chatId(token);
            assertThat(chat).startsWith("w").hasSize(33).doesNotContain(token.substring(0, 8));
            assertThat(WebchatVisitors.chatId(token)).isEqualTo(chat);
            assertThat(visitors.issued(token)).isTrue();
            chats.add(chat);
        }
        assertThat(chats).hasSize(1000);
    }

    @Test
    void derivesTheChatIdFromTheTokensDigest() {
        // SHA-256 of 43 'A's, base64url, first 32 characters
        assertThat(WebchatVisitors.chatId("A".repeat(43))).isEqualTo("w" + java.util.Base64.getUrlEncoder()
                .withoutPadding().encodeToString(sha256("A".repeat(43))).substring(0, 32));
    }

    @Test
    void knowsOnlyTheTokensItMade() {
        WebchatVisitors visitors = new WebchatVisitors();
        assertThat(visitors.issued("A".repeat(43))).isFalse();
        assertThat(new WebchatVisitors().issued(visitors.issue())).isFalse();
        assertThat(WebchatVisitors.wellFormed(null)).isFalse();
        assertThat(WebchatVisitors.wellFormed("A".repeat(42))).isFalse();
        assertThat(WebchatVisitors.wellFormed("A".repeat(42) + "=")).isFalse();
        assertThat(WebchatVisitors.anonymousName("wAbCdEf123")).isEqualTo("Visitor AbCdEf");
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
