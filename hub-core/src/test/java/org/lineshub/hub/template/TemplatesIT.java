package org.lineshub.hub.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.LoopbackPlatform;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reply templates and articles through the REST API: saving them (tags in any alphabet, unique in any case; unknown
 * placeholders refused; who may manage which), which fit a session (line, channel, tag prefix), and a reply with a
 * template filled in on the server and received by the client on the loopback platform.
 */
class TemplatesIT extends HubIT {

    @Autowired
    private JdbcClient jdbc;
    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private User anna;
    private User sofia;
    private long line;
    private long otherLine;
    private Fixtures.Account account;

    @BeforeEach
    void line() {
        anna = fixtures.user("Anna");
        sofia = fixtures.user("Sofia");
        line = fixtures.staffedLine("Support", Map.of(), List.of(anna), List.of(sofia));
        otherLine = fixtures.line("Sales", Map.of());
        Fixtures.status(anna, "ONLINE");
        account = fixtures.loopback(line);
    }

    /** @return a tag no other test uses, starting with the given letters */
    private static String tag(String start) {
        return start + Fixtures.unique();
    }

    private static Map<String, Object> template(String name, String tag, String text, List<Long> lines,
                                                List<String> channels) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("tag", tag);
        body.put("text", text);
        body.put("lineIds", lines);
        body.put("channelTypes", channels);
        return body;
    }

    private long create(String tag, String text, List<Long> lines, List<String> channels) {
        return admin.post("/api/v1/templates", template("T " + tag, tag, text, lines, channels)).ok().get("id")
                .asLong();
    }

    @Test
    void anAdminCreatesChangesAndDeletesATemplate() {
        String tag = tag("привет");
        JsonNode created = admin.post("/api/v1/templates", template("Greeting", "/" + tag,
                "Здравствуйте, {client.name}!", List.of(line), List.of("Loopback"))).ok();

        assertThat(created.get("tag").asText()).as("the slash is not part of the tag").isEqualTo(tag);
        assertThat(created.get("lineIds")).hasSize(1);
        assertThat(created.get("channelTypes").get(0).asText()).isEqualTo("loopback");
        assertThat(created.get("editable").asBoolean()).isTrue();
        long id = created.get("id").asLong();

        JsonNode changed = admin.put("/api/v1/templates/" + id, template("Greeting", tag, "Добрый день!",
                List.of(), List.of())).ok();
        assertThat(changed.get("text").asText()).isEqualTo("Добрый день!");
        assertThat(changed.get("lineIds")).isEmpty();
        assertThat(admin.get("/api/v1/templates").ok().findValuesAsText("tag")).contains(tag);

        assertThat(admin.delete("/api/v1/templates/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/templates/" + id).status()).isEqualTo(404);
    }

    @Test
    void savingRefusesBadTagsTakenTagsUnknownPlaceholdersAndUnknownLines() {
        String tag = tag("Hello");
        create(tag, "Hi", List.of(), List.of());

        HubClient.Response taken = admin.post("/api/v1/templates", template("Dup", tag.toLowerCase(), "Hi",
                List.of(), List.of()));
        assertThat(taken.status()).as("tags are unique in any letter case").isEqualTo(409);
        HubClient.Response unknown = admin.post("/api/v1/templates", template("X", tag("x"),
                "Your order {order.id} is ready", List.of(), List.of()));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("field").asText()).isEqualTo("text");
        assertThat(unknown.raw()).contains("{order.id}");
        assertThat(admin.post("/api/v1/templates", template("X", "with space", "Hi", List.of(), List.of()))
                .status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/templates", template("X", "a/b", "Hi", List.of(), List.of())).status())
                .isEqualTo(400);
        assertThat(admin.post("/api/v1/templates", template("X", tag("x"), "Hi", List.of(999_999_999L),
                List.of())).status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/templates", template("X", tag("x"), "Hi", List.of(), List.of("Tele gram")))
                .status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/templates", template("X", tag("x"), " ", List.of(), List.of())).status())
                .isEqualTo(400);
    }

    @Test
    void supervisorsManageTheTemplatesOfTheirLinesOnlyAndOperatorsNone() {
        String own = tag("own");
        JsonNode mine = sofia.api().post("/api/v1/templates", template("Own", own, "Hi", List.of(line), List.of()))
                .ok();
        assertThat(mine.get("editable").asBoolean()).isTrue();
        assertThat(sofia.api().post("/api/v1/templates", template("All", tag("all"), "Hi", List.of(), List.of()))
                .status()).as("templates of every line are the admins'").isEqualTo(403);
        assertThat(sofia.api().post("/api/v1/templates", template("Other", tag("o"), "Hi", List.of(otherLine),
                List.of())).status()).isEqualTo(403);
        long everywhere = create(tag("everywhere"), "Hi", List.of(), List.of());
        long elsewhere = create(tag("elsewhere"), "Hi", List.of(otherLine), List.of());

        JsonNode seen = sofia.api().get("/api/v1/templates").ok();
        assertThat(Fixtures.ids(seen)).contains(mine.get("id").asLong(), everywhere).doesNotContain(elsewhere);
        assertThat(sofia.api().put("/api/v1/templates/" + everywhere, template("All", tag("all"), "Hi", List.of(),
                List.of())).status()).isEqualTo(403);
        assertThat(sofia.api().delete("/api/v1/templates/" + mine.get("id").asLong()).status()).isEqualTo(204);

        assertThat(anna.api().get("/api/v1/templates").status()).isEqualTo(403);
        assertThat(anna.api().post("/api/v1/templates", template("Mine", tag("m"), "Hi", List.of(line), List.of()))
                .status()).isEqualTo(403);
        assertThat(anna.api().post("/api/v1/articles", Map.of("title", "Help", "url", "https://example.com"))
                .status()).isEqualTo(403);
    }

    @Test
    void articlesNeedAWebAddress() {
        JsonNode article = admin.post("/api/v1/articles", Map.of("title", "Delivery terms",
                "url", "https://shop.example/delivery", "summary", "How we deliver")).ok();
        assertThat(article.get("linkText").asText()).isEqualTo("Delivery terms: https://shop.example/delivery");
        long id = article.get("id").asLong();

        assertThat(admin.post("/api/v1/articles", Map.of("title", "Bad", "url", "javascript:alert(1)")).status())
                .isEqualTo(400);
        assertThat(admin.post("/api/v1/articles", Map.of("title", "Bad", "url", "ftp://example.com/x")).status())
                .isEqualTo(400);
        assertThat(admin.put("/api/v1/articles/" + id, Map.of("title", "Delivery",
                "url", "http://shop.example/d")).ok().path("summary").isMissingNode()).isTrue();
        assertThat(sofia.api().get("/api/v1/articles").ok().findValuesAsText("title")).contains("Delivery");
        assertThat(admin.delete("/api/v1/articles/" + id).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/articles/" + id).status()).isEqualTo(404);
    }

    @Test
    void aSessionListsTheTemplatesOfItsLineAndChannelByTagPrefixInAnyCase() {
        long suffix = Fixtures.unique();
        long forLine = create("Приветствие" + suffix, "Hi", List.of(line), List.of());
        long forChannel = create("привет-канал" + suffix, "Hi", List.of(), List.of("loopback"));
        long otherChannel = create("привет-тг" + suffix, "Hi", List.of(), List.of("telegram"));
        long elsewhere = create("привет-продажи" + suffix, "Hi", List.of(otherLine), List.of());
        long otherTag = create("bye" + suffix, "Bye", List.of(), List.of());
        String title = "Статья " + suffix;
        admin.post("/api/v1/articles", Map.of("title", title, "url", "https://example.com/a")).ok();
        long session = fixtures.clientWrites(account, Fixtures.unique(), "hi");

        JsonNode found = anna.api().get("/api/v1/sessions/" + session + "/templates?prefix=" + encode("/ПРИВЕТ")).ok();
        List<Long> ids = Fixtures.ids(found.get("templates"));
        assertThat(ids).contains(forLine, forChannel).doesNotContain(otherChannel, elsewhere, otherTag);

        JsonNode all = anna.api().get("/api/v1/sessions/" + session + "/templates").ok();
        assertThat(Fixtures.ids(all.get("templates"))).contains(forLine, forChannel, otherTag);
        JsonNode articles = anna.api().get("/api/v1/sessions/" + session + "/templates?prefix=" + encode("статья " + suffix))
                .ok().get("articles");
        assertThat(articles.findValuesAsText("title")).containsExactly(title);

        assertThat(fixtures.user("Stranger").api().get("/api/v1/sessions/" + session + "/templates").status())
                .isEqualTo(403);
    }

    @Test
    void aTemplateIsFilledInOnTheServerAndTheClientReceivesIt() {
        String tag = tag("привет");
        long id = create(tag, "Здравствуйте, {client.name}! Я {operator.name}, линия {line.name}.", List.of(),
                List.of());
        long chat = Fixtures.unique();
        long session = fixtures.clientWrites(account, chat, "Добрый день");
        String lineName = admin.get("/api/v1/lines/" + line).ok().get("name").asText();

        JsonNode preview = anna.api().post("/api/v1/sessions/" + session + "/templates/" + id + "/preview", Map.of())
                .ok();
        String expected = "Здравствуйте, Client" + chat + "! Я Anna, линия " + lineName + ".";
        assertThat(preview.get("text").asText()).isEqualTo(expected);
        assertThat(anna.api().post("/api/v1/sessions/" + session + "/templates/" + id + "/send", Map.of()).status())
                .as("the session must be taken first, as for any reply").isEqualTo(409);

        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        JsonNode sent = anna.api().post("/api/v1/sessions/" + session + "/templates/" + id + "/send", Map.of()).ok();

        assertThat(sent.get("text").asText()).isEqualTo(expected);
        fixtures.awaitDelivery(session, sent.get("id").asLong(), "SENT");
        assertThat(account.platform().awaitSent(1, Duration.ofSeconds(10)))
                .anyMatch(m -> m.text().equals(expected) && m.chat().equals(Long.toString(chat)));
    }

    @Test
    void aPlaceholderWithoutAValueIsLeftOutNeverSentInBraces() {
        long id = create(tag("hi"), "Hello, {client.name}! Anything else?", List.of(), List.of());
        long session = fixtures.clientWrites(account, Fixtures.unique(), "no name");
        // channels always give a name; a client whose name is blank (edited away, imported) is what is left
        long client = admin.get("/api/v1/sessions/" + session).ok().get("clientId").asLong();
        jdbc.sql("UPDATE client SET display_name = '' WHERE id = ?").param(client).update();

        JsonNode preview = anna.api().post("/api/v1/sessions/" + session + "/templates/" + id + "/preview", Map.of())
                .ok();

        assertThat(preview.get("text").asText()).isEqualTo("Hello! Anything else?");
    }

    @Test
    void aClientNamedLikeAPlaceholderIsNamedAsItIs() {
        long id = create(tag("hi"), "Hi {client.name}, this is {line.name}", List.of(), List.of());
        long chat = Fixtures.unique();
        account.platform().enqueueText(Long.toString(chat), Long.toString(chat), "{operator.name}", "hello");
        long session = fixtures.awaitSession(line, "{operator.name}");

        JsonNode preview = anna.api().post("/api/v1/sessions/" + session + "/templates/" + id + "/preview", Map.of())
                .ok();

        assertThat(preview.get("text").asText()).startsWith("Hi {operator.name}, this is Support");
    }

    @Test
    void aTemplateOfAnotherLineOrChannelCannotBeUsedInTheSession() {
        long elsewhere = create(tag("x"), "Hi", List.of(otherLine), List.of());
        long telegram = create(tag("x"), "Hi", List.of(), List.of("telegram"));
        long session = fixtures.clientWrites(account, Fixtures.unique(), "hi");
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

        assertThat(anna.api().post("/api/v1/sessions/" + session + "/templates/" + elsewhere + "/send", Map.of())
                .status()).isEqualTo(400);
        assertThat(anna.api().post("/api/v1/sessions/" + session + "/templates/" + telegram + "/preview", Map.of())
                .status()).isEqualTo(400);
        assertThat(anna.api().post("/api/v1/sessions/" + session + "/templates/999999999/preview", Map.of())
                .status()).isEqualTo(404);
    }

    @Test
    void aTemplatesFilesGoWithEveryReplyAsCopies() {
        long id = create(tag("price"), "Our price list, {client.name}", List.of(), List.of());
        byte[] pdf = "%PDF-1.4 price list".getBytes(StandardCharsets.UTF_8);
        JsonNode withFile = admin.postFile("/api/v1/templates/" + id + "/files", "files", "prices.pdf",
                "application/pdf", pdf, Map.of()).ok();
        assertThat(withFile.get("files").findValuesAsText("fileName")).containsExactly("prices.pdf");
        long chat = Fixtures.unique();
        long session = fixtures.clientWrites(account, chat, "prices?");
        anna.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

        JsonNode sent = anna.api().post("/api/v1/sessions/" + session + "/templates/" + id + "/send",
                Map.of("text", "Here you are")).ok();
        // the template's file may go now: the reply has a copy of its own
        admin.delete("/api/v1/templates/" + id + "/files/" + withFile.get("files").get(0).get("id").asLong()).ok();

        assertThat(sent.get("text").asText()).as("the edited text replaces the filled-in one")
                .isEqualTo("Here you are");
        fixtures.awaitDelivery(session, sent.get("id").asLong(), "SENT");
        LoopbackPlatform.Sent received = account.platform().awaitSent(1, Duration.ofSeconds(10)).stream()
                .filter(m -> m.chat().equals(Long.toString(chat))).findFirst().orElseThrow();
        assertThat(received.files().get("prices.pdf")).isEqualTo(pdf);
        long attachment = sent.get("attachments").get(0).get("id").asLong();
        assertThat(admin.download("/api/v1/messages/" + sent.get("id").asLong() + "/attachments/" + attachment))
                .isEqualTo(pdf);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
