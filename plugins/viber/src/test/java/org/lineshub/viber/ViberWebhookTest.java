package org.lineshub.viber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.ReceiptStatus;
import org.lineshub.plugin.testkit.TokenLeakCheck;
import org.lineshub.viber.fake.FakeViberApi;
import org.lineshub.viber.fake.FakeViberBot;
import org.lineshub.viber.fake.ViberCallbacks;

/**
 * The account's webhook as Viber uses it, over real HTTP: the registration with its {@code webhook} check, signed
 * callbacks of every kind, refused signatures and bodies, and the files of received messages.
 */
class ViberWebhookTest {

    @RegisterExtension
    final TokenLeakCheck tokenLeakCheck = new TokenLeakCheck(ViberTestHub.TOKEN);

    private final FakeViberApi api = FakeViberApi.start();
    private final FakeViberBot bot = api.bot(ViberTestHub.TOKEN);
    private final ObjectMapper json = new ObjectMapper();
    private ViberTestHub hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        api.close();
    }

    private ViberTestHub start(String... extra) throws Exception {
        hub = ViberTestHub.start(ViberTestHub.settings(api.baseUrl(), extra));
        await().atMost(Duration.ofSeconds(10)).until(() -> bot.webhookUrl() != null);
        return hub;
    }

    @Test
    void startingRegistersTheWebhookWhichAnswersVibersCheck() throws Exception {
        start();

        assertThat(bot.webhookUrl()).isEqualTo(hub.webhookUrl().toString());
        JsonNode request = bot.webhookRequest();
        assertThat(request.path("event_types")).extracting(JsonNode::asText)
                .containsExactly("delivered", "seen", "failed", "subscribed", "unsubscribed");
        assertThat(request.path("send_name").asBoolean()).isTrue();
        assertThat(request.path("send_photo").asBoolean()).isTrue();
        await().until(() -> hub.channel.healthyReports.get() > 0);
        assertThat(hub.inbound()).isEmpty();
    }

    @Test
    void aWelcomeMessageAsksForConversationStartedToo() throws Exception {
        start(ViberSettings.WELCOME_MESSAGE, "Hello!");

        assertThat(bot.webhookRequest().path("event_types")).extracting(JsonNode::asText)
                .contains("conversation_started");
    }

    @Test
    void aTextMessageIsStoredBeforeViberGetsItsAnswer() throws Exception {
        start();

        FakeViberBot.Posted posted = bot.userWrites("01234567890A=", "John McClane", "Where is my order?");

        assertThat(posted.answer().status()).isEqualTo(200);
        InboundMessage m = hub.inbound().get(0);
        assertThat(m.externalMessageId()).isEqualTo(Long.toString(posted.token()));
        assertThat(m.externalChatId()).isEqualTo("01234567890A=");
        assertThat(m.sender().displayName()).isEqualTo("John McClane");
        assertThat(m.sender().languageCode()).isEqualTo("en");
        assertThat(m.text()).isEqualTo("Where is my order?");
    }

    @Test
    void aRedeliveredCallbackCarriesTheSameMessageId() throws Exception {
        start();
        ObjectNode event = ViberCallbacks.text(4912661846655238145L, "u-1", "Ann", "twice");

        assertThat(bot.post(event).status()).isEqualTo(200);
        assertThat(bot.post(event).status()).isEqualTo(200);

        assertThat(hub.inbound()).extracting(InboundMessage::externalMessageId)
                .containsExactly("4912661846655238145", "4912661846655238145");
    }

    @Test
    void aWrongSignatureIsRefusedWith403AndStoresNothing() throws Exception {
        start();
        byte[] body = ViberCallbacks.text(1, "u-1", "Ann", "forged").toString().getBytes(StandardCharsets.UTF_8);

        FakeViberApi.Answer forged = bot.postSigned(body, ViberCallbacks.signature("another-token", body));
        FakeViberApi.Answer garbled = bot.postSigned(body, "not hex");
        FakeViberApi.Answer unsigned = bot.postSigned(body, null);

        assertThat(forged.status()).isEqualTo(403);
        assertThat(garbled.status()).isEqualTo(403);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(hub.inbound()).isEmpty();
        assertThat(hub.sink().parked).isEmpty();
    }

    @Test
    void aSignatureInUpperCaseHexIsAccepted() throws Exception {
        start();
        byte[] body = ViberCallbacks.text(2, "u-1", "Ann", "upper").toString().getBytes(StandardCharsets.UTF_8);

        FakeViberApi.Answer answer = bot.postSigned(body, ViberCallbacks.signature(ViberTestHub.TOKEN, body)
                .toUpperCase(java.util.Locale.ROOT));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(hub.inbound()).hasSize(1);
    }

    @Test
    void aSignedBodyThatIsNoCallbackIsRefusedWith400() throws Exception {
        start();
        byte[] notJson = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] noEvent = "{\"timestamp\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(bot.postSigned(notJson, ViberCallbacks.signature(ViberTestHub.TOKEN, notJson)).status())
                .isEqualTo(400);
        assertThat(bot.postSigned(noEvent, ViberCallbacks.signature(ViberTestHub.TOKEN, noEvent)).status())
                .isEqualTo(400);
        assertThat(hub.inbound()).isEmpty();
    }

    @Test
    void aMessageThatCannotBeMappedIsParkedAndAcknowledged() throws Exception {
        start();
        ObjectNode event = ViberCallbacks.text(77, "u-1", "Ann", "x");
        ((ObjectNode) event.get("sender")).remove("id");

        assertThat(bot.post(event).status()).isEqualTo(200);

        assertThat(hub.inbound()).isEmpty();
        assertThat(hub.sink().parked).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo("a message callback without sender.id");
            assertThat(p.externalId()).isEqualTo("message:77");
        });
    }

    @Test
    void anUnknownEventIsAcknowledgedAndIgnored() throws Exception {
        start();
        ObjectNode event = json.createObjectNode().put("event", "client_status").put("timestamp", 1L);

        assertThat(bot.post(event).status()).isEqualTo(200);
        assertThat(hub.inbound()).isEmpty();
        assertThat(hub.sink().parked).isEmpty();
    }

    @Test
    void aMessageTheHubCannotStoreGets503SoViberDeliversAgain() throws Exception {
        start();
        hub.sink().failures.set(1);

        FakeViberBot.Posted first = bot.userWrites("u-1", "Ann", "retry me");
        FakeViberApi.Answer again = bot.post(ViberCallbacks.text(first.token(), "u-1", "Ann", "retry me"));

        assertThat(first.answer().status()).isEqualTo(503);
        assertThat(again.status()).isEqualTo(200);
        assertThat(hub.inbound()).extracting(InboundMessage::text).containsExactly("retry me");
    }

    @Test
    void conversationStartedOpensNothingAndIsAnsweredWithTheWelcomeMessage() throws Exception {
        start(ViberSettings.WELCOME_MESSAGE, "Welcome to the shop!", ViberSettings.SENDER_AVATAR_URL,
                "https://shop.example/avatar.jpg");

        FakeViberApi.Answer answer = bot.post(ViberCallbacks.conversationStarted(5, "u-9", "Bob", false));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode welcome = json.readTree(answer.body());
        // the send_message structure without receiver
        assertThat(welcome.path("type").asText()).isEqualTo("text");
        assertThat(welcome.path("text").asText()).isEqualTo("Welcome to the shop!");
        assertThat(welcome.path("sender").path("name").asText()).isEqualTo("Shop bot");
        assertThat(welcome.path("sender").path("avatar").asText()).isEqualTo("https://shop.example/avatar.jpg");
        assertThat(welcome.has("receiver")).isFalse();
        assertThat(hub.inbound()).isEmpty();
    }

    @Test
    void conversationStartedWithoutWelcomeMessageIsAnsweredEmpty() throws Exception {
        start();

        FakeViberApi.Answer answer = bot.post(ViberCallbacks.conversationStarted(5, "u-9", "Bob", false));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
        assertThat(hub.inbound()).isEmpty();
    }

    @Test
    void deliveredSeenAndFailedBecomeReceiptsOfTheSentMessage() throws Exception {
        start();

        bot.post(ViberCallbacks.receipt("delivered", 5741311803571721087L, "u-1"));
        bot.post(ViberCallbacks.receipt("seen", 5741311803571721087L, "u-1"));
        bot.post(ViberCallbacks.failed(5741311803571721088L, "u-1", "failure description"));

        assertThat(hub.sink().receipts).extracting(DeliveryReceipt::externalMessageId, DeliveryReceipt::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("5741311803571721087", ReceiptStatus.DELIVERED),
                        org.assertj.core.groups.Tuple.tuple("5741311803571721087", ReceiptStatus.READ),
                        org.assertj.core.groups.Tuple.tuple("5741311803571721088", ReceiptStatus.FAILED));
        assertThat(hub.sink().receipts.get(2).error())
                .isEqualTo("Viber could not deliver the message: failure description");
        assertThat(hub.sink().receipts.get(0).time()).isNotNull();
    }

    @Test
    void anUnsubscribedUserGetsNoRepliesUntilTheyWriteAgain() throws Exception {
        start();
        bot.userWrites("u-1", "Ann", "hi");

        assertThat(bot.userUnsubscribes("u-1").status()).isEqualTo(200);
        OutboundMessage reply = OutboundMessage.builder(1, 1, "u-1").text("still there?").build();

        assertThatThrownBy(() -> hub.send(reply)).isInstanceOf(ChannelRejectedException.class)
                .hasMessageContaining("not subscribed");
        assertThat(bot.sent()).as("refused before asking Viber").isEmpty();

        bot.userWrites("u-1", "Ann", "back again");
        hub.send(reply);
        assertThat(bot.sent()).hasSize(1);
    }

    @Test
    void anUnsubscribedUserIsStillRefusedAfterARestartUntilTheyWriteAgain() throws Exception {
        AccountState state = AccountState.inMemory();
        restart(state);
        bot.userWrites("u-1", "Ann", "hi");
        bot.userUnsubscribes("u-1");
        bot.userWrites("u-2", "Bob", "hi");
        OutboundMessage reply = OutboundMessage.builder(1, 1, "u-1").text("still there?").build();

        restart(state);

        assertThatThrownBy(() -> hub.send(reply)).isInstanceOf(ChannelRejectedException.class)
                .hasMessage(ViberSubscriptions.NOT_SUBSCRIBED);
        assertThat(bot.sendCalls()).as("refused before asking Viber").isZero();
        hub.send(OutboundMessage.builder(2, 2, "u-2").text("hello Bob").build());
        assertThat(state.all()).containsOnlyKeys("unsubscribed:u-1");

        bot.userWrites("u-1", "Ann", "back again");
        assertThat(state.all()).isEmpty();
        restart(state);
        hub.send(reply);
        assertThat(bot.sent()).extracting(FakeViberBot.Sent::text).containsExactly("hello Bob", "still there?");
    }

    /** Stops the running account, if any, and connects it again with the state given. */
    private void restart(AccountState state) throws Exception {
        if (hub != null) {
            hub.close();
        }
        hub = ViberTestHub.start(ViberTestHub.settings(api.baseUrl()), state);
        String url = hub.webhookUrl().toString();
        await().atMost(Duration.ofSeconds(10)).until(() -> url.equals(bot.webhookUrl()));
    }

    @Test
    void aSubscribedCallbackLiftsTheRefusal() throws Exception {
        start();
        bot.userWrites("u-2", "Bob", "hi");
        bot.userUnsubscribes("u-2");

        bot.subscribe("u-2");
        bot.post(ViberCallbacks.subscribed(9, "u-2", "Bob"));

        hub.send(OutboundMessage.builder(1, 1, "u-2").text("welcome back").build());
        assertThat(bot.sent()).extracting(FakeViberBot.Sent::text).containsExactly("welcome back");
    }

    @Test
    void aReceivedPictureIsCopiedIntoTheHubWhileViberStillOffersIt() throws Exception {
        start();
        byte[] photo = "JPEG bytes".getBytes(StandardCharsets.UTF_8);
        String media = bot.hostMedia(photo, "image/jpeg", "photo.jpg");

        bot.post(ViberCallbacks.picture(11, "u-1", "Ann", media, "look"));

        Attachment image = hub.inbound().get(0).attachments().get(0);
        assertThat(image.externalRef()).isEqualTo(media);
        assertThat(image.localRef()).isNotNull();
        assertThat(hub.channel.files.get(image.localRef())).isEqualTo(photo);
        assertThat(image.mimeType()).isEqualTo("image/jpeg");
    }

    @Test
    void aPictureViberNoLongerOffersKeepsItsLinkAndIsStillStored() throws Exception {
        start();
        String gone = api.baseUrl().replace("/pa", "/media/gone/photo.jpg");

        assertThat(bot.post(ViberCallbacks.picture(12, "u-1", "Ann", gone, null)).status()).isEqualTo(200);

        Attachment image = hub.inbound().get(0).attachments().get(0);
        assertThat(image.localRef()).isNull();
        assertThat(image.externalRef()).isEqualTo(gone);
        assertThatThrownBy(() -> hub.account.attachments().orElseThrow().fetch(image))
                .isInstanceOf(ChannelRejectedException.class).hasMessageContaining("an hour");
    }

    @Test
    void theFetcherStreamsAFileFromItsViberLink() throws Exception {
        start();
        String media = bot.hostMedia("%PDF".getBytes(StandardCharsets.UTF_8), "application/pdf", "a.pdf");
        Attachment file = Attachment.external(org.lineshub.plugin.api.AttachmentKind.DOCUMENT, media).build();

        try (var content = hub.account.attachments().orElseThrow().fetch(file).content()) {
            assertThat(new String(content.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("%PDF");
        }
    }

    @Test
    void onlyPostsReachTheCallbackHandling() throws Exception {
        start();
        var response = hub.account.webhook().orElseThrow().handle(new org.lineshub.plugin.api.WebhookRequest(
                "GET", java.util.Map.of(), java.util.Map.of(), new byte[0]));

        assertThat(response.status()).isEqualTo(405);
        assertThat(hub.sink().batches).isEmpty();
    }
}
