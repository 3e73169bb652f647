package org.lineshub.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.LiveEndpoint;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.ReceiptStatus;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.testkit.TestChannelContext;

/** The live protocol, frame by frame, against an account connected to an in-memory hub. */
class WebchatLiveTest {

    private TestChannelContext hub;
    private ConnectedAccount account;
    private LiveEndpoint live;

    private void connect(Map<String, String> settings) {
        hub = TestChannelContext.builder("webchat").accountName("site chat").settings(settings)
                .keepHistory().build();
        account = new WebchatConnector().connect(hub);
        live = account.live().orElseThrow();
    }

    private void connect() {
        connect(Map.of());
    }

    @AfterEach
    void close() {
        if (account != null) {
            account.close();
        }
    }

    @Test
    void welcomesANewVisitorWithAFreshTokenAndTheSettings() {
        connect(Map.of("title", "Shop", "color", "#112233", "askEmail", "required"));
        JsonNode welcome = TestBrowser.connect(live, "10.0.0.1").hello(null);

        String token = welcome.get("token").asText();
        assertThat(WebchatVisitors.wellFormed(token)).isTrue();
        assertThat(welcome.get("history")).isEmpty();
        assertThat(welcome.get("online").asBoolean()).isTrue();
        assertThat(welcome.get("config").get("title").asText()).isEqualTo("Shop");
        assertThat(welcome.get("config").get("color").asText()).isEqualTo("#112233");
        assertThat(welcome.get("config").get("askEmail").asText()).isEqualTo("required");
        assertThat(welcome.get("config").get("maxFileMb").asInt()).isEqualTo(10);
    }

    @Test
    void storesAMessageOnceAndShowsItInEveryTabOfTheChatOnly() {
        connect();
        TestBrowser tab = TestBrowser.connect(live, "10.0.0.1");
        String token = tab.say("type", "hello", "token", null, "name", "Ann", "email", "ann@example.com", "lang", "ru")
                .last("welcome").get("token").asText();
        TestBrowser otherTab = TestBrowser.connect(live, "10.0.0.1");
        otherTab.say("type", "hello", "token", token, "lang", "ru");
        TestBrowser stranger = TestBrowser.connect(live, "10.0.0.2");
        stranger.hello(null);

        tab.say("type", "message", "id", "c1-0000000", "text", "  Where is my order?  ");
        tab.say("type", "message", "id", "c1-0000000", "text", "Where is my order?");

        String chat = WebchatVisitors.chatId(token);
        assertThat(hub.history().stored).singleElement().satisfies(m -> {
            assertThat(m.externalChatId()).isEqualTo(chat).doesNotContain(token);
            assertThat(m.externalMessageId()).isEqualTo(chat + ".c1-0000000");
            assertThat(m.text()).isEqualTo("Where is my order?");
            assertThat(m.sender().externalUserId()).isEqualTo(chat);
            assertThat(m.sender().displayName()).isEqualTo("Ann");
            assertThat(m.sender().email()).isEqualTo("ann@example.com");
            assertThat(m.sender().languageCode()).isEqualTo("ru");
        });
        for (TestBrowser b : new TestBrowser[] {tab, otherTab}) {
            JsonNode echo = b.last("message");
            assertThat(echo.get("clientId").asText()).isEqualTo("c1-0000000");
            assertThat(echo.get("message").get("inbound").asBoolean()).isTrue();
            assertThat(echo.get("message").get("text").asText()).isEqualTo("Where is my order?");
            assertThat(echo.get("message").get("id").asLong()).isPositive();
        }
        assertThat(stranger.all("message")).isEmpty();
    }

    @Test
    void aReturningVisitorGetsTheHistoryAndAnUnknownTokenANewVisitor() {
        connect();
        TestBrowser first = TestBrowser.connect(live, "10.0.0.1");
        String token = first.hello(null).get("token").asText();
        first.say("type", "message", "id", "m-00000001", "text", "hello");
        first.disconnect();

        // a restarted plugin has forgotten the tokens it made; the hub's history still knows the chat
        account.close();
        account = new WebchatConnector().connect(hub);
        live = account.live().orElseThrow();
        JsonNode again = TestBrowser.connect(live, "10.0.0.1").hello(token);
        assertThat(again.get("token").asText()).isEqualTo(token);
        assertThat(again.get("history")).extracting(e -> e.get("text").asText()).containsExactly("hello");

        String guessed = "A".repeat(43);
        JsonNode other = TestBrowser.connect(live, "10.0.0.1").hello(guessed);
        assertThat(other.get("token").asText()).isNotEqualTo(guessed).isNotEqualTo(token);
        assertThat(other.get("history")).isEmpty();
        assertThat(TestBrowser.connect(live, "10.0.0.1").hello("not a token").get("history")).isEmpty();
    }

    @Test
    void answersMalformedFramesWithErrorsAndStoresNothing() {
        connect();
        TestBrowser browser = TestBrowser.connect(live, "10.0.0.1");
        browser.say("type", "message", "id", "m-00000001", "text", "too early");
        assertThat(browser.last("error").get("code").asText()).isEqualTo("hello-first");

        browser.hello(null);
        browser.raw("{not json");
        assertThat(browser.last("error").get("code").asText()).isEqualTo("malformed");
        browser.raw("[1,2]");
        assertThat(browser.last("error").get("code").asText()).isEqualTo("malformed");
        browser.say("type", "message", "text", "no id");
        assertThat(browser.last("error").get("code").asText()).isEqualTo("malformed");
        browser.say("type", "message", "id", "m-00000002", "text", 42);
        assertThat(browser.last("error").get("code").asText()).isEqualTo("malformed");
        browser.say("type", "message", "id", "m-00000003", "text", "   ");
        assertThat(browser.last("error").get("code").asText()).isEqualTo("empty");
        browser.say("type", "message", "id", "m-00000004", "text", "x".repeat(WebchatInbound.MAX_TEXT + 1));
        assertThat(browser.last("error").get("code").asText()).isEqualTo("too-long");
        assertThat(browser.last("error").get("clientId").asText()).isEqualTo("m-00000004");
        browser.say("type", "dance");
        assertThat(browser.last("error").get("code").asText()).isEqualTo("unknown-type");
        browser.say("type", "read", "upTo", "yesterday");
        assertThat(browser.last("error").get("code").asText()).isEqualTo("malformed");
        browser.say("type", "hello", "token", null);
        assertThat(browser.last("error").get("code").asText()).isEqualTo("hello-twice");

        assertThat(hub.history().stored).isEmpty();
        assertThat(browser.closed).isNull();
    }

    @Test
    void asksForTheContactDetailsTheSettingsRequire() {
        connect(Map.of("askName", "required", "askEmail", "required"));
        TestBrowser browser = TestBrowser.connect(live, "10.0.0.1");
        browser.hello(null);

        browser.say("type", "message", "id", "m-00000001", "text", "hi");
        assertThat(browser.last("error").get("code").asText()).isEqualTo("name-required");
        browser.say("type", "profile", "name", "Ann", "email", "not an address");
        assertThat(browser.last("error").get("code").asText()).isEqualTo("invalid-email");
        browser.say("type", "profile", "name", "Ann", "email", "ann@example.com");
        assertThat(browser.last("profile").get("email").asText()).isEqualTo("ann@example.com");
        browser.say("type", "message", "id", "m-00000001", "text", "hi");

        assertThat(hub.history().stored).singleElement().satisfies(m -> assertThat(m.sender().email())
                .isEqualTo("ann@example.com"));
    }

    @Test
    void aMessageTheHubDidNotStoreCanBeSentAgain() {
        connect();
        TestBrowser browser = TestBrowser.connect(live, "10.0.0.1");
        browser.hello(null);
        hub.history().storeFails = true;

        browser.say("type", "message", "id", "m-00000001", "text", "hi");
        assertThat(browser.last("error").get("code").asText()).isEqualTo("not-stored");
        assertThat(browser.last("error").get("clientId").asText()).isEqualTo("m-00000001");

        hub.history().storeFails = false;
        browser.say("type", "message", "id", "m-00000001", "text", "hi");
        assertThat(hub.history().stored).hasSize(1);
        assertThat(browser.last("message").get("clientId").asText()).isEqualTo("m-00000001");
    }

    @Test
    void limitsMessagesPerVisitorAndNewVisitorsPerAddress() {
        connect();
        TestBrowser browser = TestBrowser.connect(live, "10.0.0.1");
        browser.hello(null);
        for (int i = 0; i < 25; i++) {
            browser.say("type", "message", "id", "m-0000000" + (char) ('a' + i), "text", "spam " + i);
        }
        assertThat(hub.history().stored).hasSize(20);
        assertThat(browser.last("error").get("code").asText()).isEqualTo("rate-limited");

        // the first browser was the address's first new visitor
        for (int i = 1; i < 10; i++) {
            TestBrowser.connect(live, "10.0.0.1").hello(null);
        }
        TestBrowser eleventh = TestBrowser.connect(live, "10.0.0.1");
        eleventh.say("type", "hello", "token", null);
        assertThat(eleventh.last("error").get("code").asText()).isEqualTo("rate-limited");
        assertThat(eleventh.all("welcome")).isEmpty();
        assertThat(eleventh.closed).contains("new visitors");
        assertThat(TestBrowser.connect(live, "10.0.0.2").hello(null).get("token").asText()).isNotBlank();
    }

    @Test
    void takesConnectionsOnlyFromTheHubAndTheAllowedWebsites() {
        connect(Map.of("allowedOrigins", "https://shop.example, https://*.brand.example"));

        assertThat(TestBrowser.connect(live, "https://" + TestBrowser.HUB, "10.0.0.1").hello(null)).isNotNull();
        assertThat(TestBrowser.connect(live, "https://shop.example", "10.0.0.1").hello(null)).isNotNull();
        assertThat(TestBrowser.connect(live, "https://eu.brand.example", "10.0.0.1").hello(null)).isNotNull();
        for (String origin : new String[] {"https://evil.example", "http://shop.example", "https://brand.example",
                "https://shop.example.evil.example"}) {
            assertThatThrownBy(() -> TestBrowser.connect(live, origin, "10.0.0.1")).as(origin)
                    .isInstanceOfSatisfying(RejectedInputException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.getMessage()).isEqualTo("this website may not use the chat");
                    });
        }
        for (String origin : new String[] {null, "null"}) {
            assertThatThrownBy(() -> TestBrowser.connect(live, origin, "10.0.0.1")).as(origin)
                    .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(403));
        }
    }

    @Test
    void pushesAnswersToTheVisitorsTabsAndReportsThemDeliveredAndRead() throws Exception {
        connect();
        TestBrowser tab = TestBrowser.connect(live, "10.0.0.1");
        String token = tab.hello(null).get("token").asText();
        TestBrowser otherTab = TestBrowser.connect(live, "10.0.0.1");
        otherTab.hello(token);
        String chat = WebchatVisitors.chatId(token);
        long answer = hub.history().answer(chat, "It ships tomorrow.", "Olga");

        String externalId = account.sender().send(OutboundMessage.builder(answer, 1, chat)
                .text("It ships tomorrow.").senderName("Olga").build()).externalMessageId();
        hub.history().markSent(chat, answer, externalId);

        assertThat(externalId).isEqualTo("out-" + answer);
        for (TestBrowser b : new TestBrowser[] {tab, otherTab}) {
            JsonNode pushed = b.last("message").get("message");
            assertThat(pushed.get("id").asLong()).isEqualTo(answer);
            assertThat(pushed.get("inbound").asBoolean()).isFalse();
            assertThat(pushed.get("text").asText()).isEqualTo("It ships tomorrow.");
            assertThat(pushed.get("author").asText()).isEqualTo("Olga");
            assertThat(b.last("message").has("clientId")).isFalse();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.history().receipts.size() == 1);
        assertThat(hub.history().receipts.get(0))
                .extracting(DeliveryReceipt::externalMessageId, DeliveryReceipt::status)
                .containsExactly(externalId, ReceiptStatus.DELIVERED);

        tab.say("type", "read", "upTo", answer);
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.history().receipts.size() == 2);
        assertThat(hub.history().receipts.get(1))
                .extracting(DeliveryReceipt::externalMessageId, DeliveryReceipt::status)
                .containsExactly(externalId, ReceiptStatus.READ);
    }

    @Test
    void anAnswerToAVisitorWhoIsAwayIsSentAndDeliveredWhenTheyReturn() throws Exception {
        connect();
        TestBrowser browser = TestBrowser.connect(live, "10.0.0.1");
        String token = browser.hello(null).get("token").asText();
        browser.say("type", "message", "id", "m-00000001", "text", "hi");
        browser.disconnect();
        String chat = WebchatVisitors.chatId(token);
        long answer = hub.history().answer(chat, "Hello!", "Shop");

        String externalId = account.sender().send(OutboundMessage.builder(answer, 1, chat).text("Hello!").build())
                .externalMessageId();
        hub.history().markSent(chat, answer, externalId);
        Thread.sleep(400);
        assertThat(hub.history().receipts).isEmpty();

        JsonNode welcome = TestBrowser.connect(live, "10.0.0.1").hello(token);
        assertThat(welcome.get("history")).extracting(e -> e.get("text").asText()).containsExactly("hi", "Hello!");
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.history().receipts.size() == 1);
        assertThat(hub.history().receipts.get(0).status()).isEqualTo(ReceiptStatus.DELIVERED);
    }

    @Test
    void answersPingsAndTellsOpenChatsWhenOperatorsComeAndGo() {
        connect();
        TestBrowser browser = TestBrowser.connect(live, "10.0.0.1");
        browser.say("type", "ping");
        assertThat(browser.last("pong")).isNotNull();
        browser.hello(null);

        hub.setOperatorsOnline(false);
        ((WebchatLive) live).checkOnline();
        assertThat(browser.last("status").get("online").asBoolean()).isFalse();
        ((WebchatLive) live).checkOnline();
        assertThat(browser.all("status")).hasSize(1);
    }

    @Test
    void refusesASendToSomethingThatIsNoVisitor() {
        connect();
        assertThatThrownBy(() -> account.sender().send(OutboundMessage.builder(1, 1, "12345").text("x").build()))
                .isInstanceOf(org.lineshub.plugin.api.ChannelRejectedException.class);
    }

    @Test
    void forgetsAChatsVisitorWhenItsLastTabCloses() {
        connect();
        TestBrowser browser = TestBrowser.connect(live, "10.0.0.1");
        String token = browser.say("type", "hello", "token", null, "name", "Ann").last("welcome").get("token")
                .asText();
        String chat = WebchatVisitors.chatId(token);
        assertThat(((WebchatLive) live).profile(chat).name()).isEqualTo("Ann");

        browser.disconnect();

        assertThat(((WebchatLive) live).profile(chat)).isEqualTo(WebchatVisitor.UNKNOWN);
        assertThat(((WebchatLive) live).connections()).isZero();
    }
}
