package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;

/**
 * Search in the conversation history: a session's messages and those of its client's earlier sessions that contain
 * a text, in any letter case, newest first, and only what the caller may see.
 */
class HistorySearchIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private User anna;
    private User rita;
    private User boris;
    private long otherLine;
    private Fixtures.Account account;
    private long chat;

    @BeforeEach
    void line() {
        anna = fixtures.user("Anna");
        rita = fixtures.user("Rita");
        boris = fixtures.user("Boris");
        long line = fixtures.staffedLine("Orders", Map.of("showOperatorName", false,
                "readerGroupIds", List.of(fixtures.group("Orders readers", rita))), List.of(anna), List.of());
        otherLine = fixtures.staffedLine("Warehouse", Map.of(), List.of(boris), List.of());
        Fixtures.status(anna, "ONLINE");
        account = fixtures.loopback(line);
        chat = Fixtures.unique();
    }

    @Test
    void findsTheTextInTheSessionAndTheClientsEarlierSessionsInAnyCaseNewestFirst() {
        long first = fixtures.clientWrites(account, chat, "Здравствуйте! Где мой ЗАКАЗ №42?");
        anna.api().post("/api/v1/sessions/" + first + "/take", Map.of()).ok();
        write(anna, first, "Ваш заказ уже в пути", false);
        write(anna, first, "Заказ проверить на складе", true);
        write(anna, first, "Спасибо за ожидание", false);
        anna.api().post("/api/v1/sessions/" + first + "/close", Map.of()).ok();
        long second = fixtures.clientWrites(account, chat, "Заказ так и не пришёл");
        fixtures.clientWrites(account, Fixtures.unique(), "Мой заказ тоже не пришёл");

        JsonNode found = anna.api().get("/api/v1/sessions/" + second + "/messages?q=" + encode("заказ")).ok();

        assertThat(texts(found)).containsExactly("Заказ так и не пришёл", "Заказ проверить на складе",
                "Ваш заказ уже в пути", "Здравствуйте! Где мой ЗАКАЗ №42?");
        assertThat(sessionIds(found)).containsExactly(second, first, first, first);
        assertThat(texts(anna.api().get("/api/v1/sessions/" + second + "/messages?q=" + encode("ПРИШЁЛ")).ok()))
                .containsExactly("Заказ так и не пришёл");
        assertThat(texts(rita.api().get("/api/v1/sessions/" + second + "/messages?q=" + encode("заказ")).ok()))
                .as("readers see no internal comments").containsExactly("Заказ так и не пришёл",
                        "Ваш заказ уже в пути", "Здравствуйте! Где мой ЗАКАЗ №42?");
        assertThat(texts(admin.get("/api/v1/sessions/" + first + "/messages?q=" + encode("заказ")).ok()))
                .as("later sessions are not searched").doesNotContain("Заказ так и не пришёл");
        assertThat(texts(anna.api().get("/api/v1/sessions/" + second + "/messages?q=" + encode("заказ")
                + "&limit=2").ok())).containsExactly("Заказ так и не пришёл", "Заказ проверить на складе");
        assertThat(anna.api().get("/api/v1/sessions/" + second + "/messages?q=" + encode("took")).ok())
                .as("system entries are not searched").isEmpty();
    }

    @Test
    void earlierSessionsTheCallerMayNotSeeAreLeftOut() {
        long moved = fixtures.clientWrites(account, chat, "Order 7 for the warehouse");
        admin.post("/api/v1/sessions/" + moved + "/transfer", Map.of("toLineId", otherLine)).ok();
        admin.post("/api/v1/sessions/" + moved + "/close", Map.of()).ok();
        long current = fixtures.clientWrites(account, chat, "Where is order 7?");

        assertThat(texts(anna.api().get("/api/v1/sessions/" + current + "/messages?q=order").ok()))
                .containsExactly("Where is order 7?");
        assertThat(texts(admin.get("/api/v1/sessions/" + current + "/messages?q=order").ok()))
                .containsExactly("Where is order 7?", "Order 7 for the warehouse");
        assertThat(boris.api().get("/api/v1/sessions/" + current + "/messages?q=order").status()).isEqualTo(403);
    }

    @Test
    void wildcardsInTheTextMatchOnlyThemselves() {
        long session = fixtures.clientWrites(account, chat, "скидка 100% на всё");
        fixtures.clientWrites(account, chat, "итого 1000 рублей");
        fixtures.clientWrites(account, chat, "код a_b");
        fixtures.clientWrites(account, chat, "код axb");
        await().until(() -> fixtures.messages(session).size() == 4);

        assertThat(texts(anna.api().get("/api/v1/sessions/" + session + "/messages?q=" + encode("100%")).ok()))
                .containsExactly("скидка 100% на всё");
        assertThat(texts(anna.api().get("/api/v1/sessions/" + session + "/messages?q=a_b").ok()))
                .containsExactly("код a_b");
        assertThat(anna.api().get("/api/v1/sessions/" + session + "/messages?q=" + encode("!")).ok()).isEmpty();
        assertThat(anna.api().get("/api/v1/sessions/" + session + "/messages?q=%20").status()).isEqualTo(400);
        assertThat(texts(anna.api().get("/api/v1/sessions/" + session + "/messages").ok()))
                .as("without q: the session's messages in their order")
                .containsExactly("скидка 100% на всё", "итого 1000 рублей", "код a_b", "код axb");
    }

    private static void write(User author, long session, String text, boolean internal) {
        author.api().post("/api/v1/sessions/" + session + "/messages", Map.of("text", text, "internal", internal))
                .ok();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> texts(JsonNode messages) {
        List<String> texts = new ArrayList<>();
        messages.forEach(m -> texts.add(m.get("text").asText()));
        return texts;
    }

    private static List<Long> sessionIds(JsonNode messages) {
        List<Long> ids = new ArrayList<>();
        messages.forEach(m -> ids.add(m.get("sessionId").asLong()));
        return ids;
    }
}
