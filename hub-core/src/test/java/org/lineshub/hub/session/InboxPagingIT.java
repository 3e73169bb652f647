package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;

/**
 * Paging never skips or repeats: a session's messages page on their order's key (provider time, then the platform's
 * number of the message, then id), and the inbox pages with a cursor on each sort's key rather than an offset.
 */
class InboxPagingIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Test
    void aMessageArrivingLateWithAnEarlyProviderTimeAppearsInThePages() {
        long line = fixtures.line("Late messages", Map.of());
        Fixtures.TelegramAccount account = fixtures.telegram(line);
        long start = Instant.now().getEpochSecond() - 3600;
        account.bot().enqueueUpdate(update(9301, 1, start, "one"));
        long session = fixtures.awaitSession(line, "Client9301");
        account.bot().enqueueUpdate(update(9301, 2, start + 20, "three"));
        account.bot().enqueueUpdate(update(9301, 3, start + 30, "four"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.messages(session).size() == 3);
        // written before "three", delivered after "four" (a client's phone back online): stored last, ordered second
        account.bot().enqueueUpdate(update(9301, 4, start + 10, "two"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.messages(session).size() == 4);

        List<String> paged = new ArrayList<>();
        long after = 0;
        for (int page = 0; page < 10; page++) {
            JsonNode messages = admin.get("/api/v1/sessions/" + session + "/messages?limit=2&after=" + after).ok();
            if (messages.isEmpty()) {
                break;
            }
            messages.forEach(m -> paged.add(m.get("text").asText()));
            after = messages.get(messages.size() - 1).get("id").asLong();
        }

        assertThat(paged).containsExactly("one", "two", "three", "four");
    }

    /**
     * Telegram's {@code date} has whole seconds; a client's messages of one second are ordered by their
     * {@code message_id}, here the reverse of the order they were stored in, and pages of two go on from the
     * previous page's last message on that key.
     */
    @Test
    void messagesOfOneSecondDeliveredInReverseAreOrderedAndPagedByThePlatformsNumber() {
        long line = fixtures.line("One second", Map.of());
        Fixtures.TelegramAccount account = fixtures.telegram(line);
        long second = Instant.now().getEpochSecond() - 600;
        account.bot().enqueueUpdate(update(9304, 5, second, "five"));
        long session = fixtures.awaitSession(line, "Client9304");
        for (int n = 4; n >= 1; n--) {
            account.bot().enqueueUpdate(update(9304, n, second, List.of("one", "two", "three", "four").get(n - 1)));
            int stored = 6 - n;
            await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.messages(session).size() == stored);
        }

        List<String> paged = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        long after = 0;
        for (int page = 0; page < 10; page++) {
            JsonNode messages = admin.get("/api/v1/sessions/" + session + "/messages?limit=2&after=" + after).ok();
            if (messages.isEmpty()) {
                break;
            }
            messages.forEach(m -> {
                paged.add(m.get("text").asText());
                sequences.add(m.get("sortSeq").asLong());
            });
            after = messages.get(messages.size() - 1).get("id").asLong();
        }

        assertThat(paged).containsExactly("one", "two", "three", "four", "five");
        assertThat(sequences).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aPageAfterAMessageOfAnotherSessionIsRefused() {
        Fixtures.Account account = fixtures.loopback(fixtures.line("Foreign cursor", Map.of()));
        long session = fixtures.clientWrites(account, 9302, "mine");
        long other = fixtures.clientWrites(account, 9303, "theirs");
        long foreign = fixtures.messages(other).get(0).get("id").asLong();

        HubClient.Response answer = admin.get("/api/v1/sessions/" + session + "/messages?after=" + foreign);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("field").asText()).isEqualTo("after");
    }

    @Test
    void pagingThroughAnInboxWhileSessionsArriveReturnsEachSessionOnce() {
        long line = fixtures.line("Busy inbox", Map.of());
        Fixtures.Account account = fixtures.loopback(line);
        List<Long> existing = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            existing.add(fixtures.clientWrites(account, 9400 + i, "hello"));
        }
        long chat = 9500;
        for (String sort : List.of("created", "lastActivity", "duration", "waiting")) {
            List<Long> listed = new ArrayList<>();
            String next = "/api/v1/sessions?lineId=" + line + "&view=active&limit=4&sort=" + sort;
            for (int page = 0; next != null && page < 20; page++) {
                HubClient.Page found = admin.getPage(next);
                listed.addAll(Fixtures.ids(found.body()));
                next = found.next();
                // a client writes between two pages: a session that sorts first, or last
                fixtures.clientWrites(account, chat++, "me too");
            }

            assertThat(listed).as("sort " + sort).doesNotHaveDuplicates().containsAll(existing);
        }
    }

    @Test
    void aCursorOfAnotherSortIsRefused() {
        long line = fixtures.line("Mixed cursors", Map.of());
        Fixtures.Account account = fixtures.loopback(line);
        fixtures.clientWrites(account, 9601, "one");
        fixtures.clientWrites(account, 9602, "two");
        String next = admin.getPage("/api/v1/sessions?lineId=" + line + "&limit=1&sort=created").next();
        String cursor = next.substring(next.indexOf("cursor=") + "cursor=".length());

        HubClient.Response answer = admin.get("/api/v1/sessions?lineId=" + line + "&limit=1&sort=waiting&cursor="
                + cursor);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("field").asText()).isEqualTo("cursor");
    }

    /** A Telegram update of a text message from a private chat, written at {@code date}. */
    private static String update(long chatId, long messageId, long date, String text) {
        return """
                {"message":{"message_id":%d,"date":%d,
                 "from":{"id":%d,"is_bot":false,"first_name":"Client%d","language_code":"en"},
                 "chat":{"id":%d,"first_name":"Client%d","type":"private"},"text":"%s"}}
                """.formatted(messageId, date, chatId, chatId, chatId, chatId, text);
    }
}
