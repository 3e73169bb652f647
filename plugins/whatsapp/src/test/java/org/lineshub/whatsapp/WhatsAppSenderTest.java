package org.lineshub.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.MessageTemplate;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.plugin.testkit.TestChannelContext;
import org.lineshub.whatsapp.fake.FakeGraphApi;

/** Replies, files and templates through the Graph API, against the fake over HTTP; how Meta's refusals map. */
@ExtendWith(SecretLeakCheck.class)
class WhatsAppSenderTest {

    private static final String NUMBER = "106540352242922";
    private static final String CLIENT = "16505551234";

    private FakeGraphApi graph;
    private TestChannelContext channel;
    private ConnectedAccount account;

    @BeforeEach
    void connect() {
        graph = FakeGraphApi.start().phoneNumber(NUMBER, TestNumbers.TOKEN);
        channel = TestNumbers.context(1, TestNumbers.settings(NUMBER, WhatsAppWebhookTest.APP_SECRET,
                WhatsAppWebhookTest.VERIFY_TOKEN, graph.baseUrl()));
        account = new WhatsAppConnector().connect(channel);
    }

    @AfterEach
    void close() {
        account.close();
        graph.close();
    }

    @Test
    void sendsATextAsTheMessagesApiDocumentsIt() throws Exception {
        SentMessage sent = send(message().text("Hello, Sheena").build());

        FakeGraphApi.Sent request = graph.sent().get(0);
        assertThat(request.phoneNumberId()).isEqualTo(NUMBER);
        assertThat(request.body().path("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(request.body().path("recipient_type").asText()).isEqualTo("individual");
        assertThat(request.to()).isEqualTo(CLIENT);
        assertThat(request.type()).isEqualTo("text");
        assertThat(request.body().path("text").path("body").asText()).isEqualTo("Hello, Sheena");
        assertThat(request.body().has("context")).isFalse();
        assertThat(sent.externalMessageId()).isEqualTo(request.messageId()).startsWith("wamid.");
    }

    @Test
    void quotesTheAnsweredMessageAndPutsTheOperatorsNameFirst() throws Exception {
        send(message().text("Yes, in blue").senderName("Mia").replyToExternalId("wamid.ABC").build());

        FakeGraphApi.Sent request = graph.sent().get(0);
        assertThat(request.body().path("context").path("message_id").asText()).isEqualTo("wamid.ABC");
        assertThat(request.body().path("text").path("body").asText()).isEqualTo("Mia:\nYes, in blue");
    }

    @Test
    void addressesAUserWithoutPhoneNumberByRecipient() throws Exception {
        send(OutboundMessage.builder(2, 9, "US.13491208655302741918").text("Hi Rio").build());

        assertThat(graph.sent().get(0).body().path("recipient").asText()).isEqualTo("US.13491208655302741918");
        assertThat(graph.sent().get(0).body().has("to")).isFalse();
    }

    @Test
    void splitsALongTextAndSendsOnlyThePartsNotAcceptedBefore() throws Exception {
        String text = "a".repeat(4000) + "\n" + "b".repeat(500);

        send(message().text(text).replyToExternalId("wamid.Q").build());
        send(message().text(text).replyToExternalId("wamid.Q").partsSent(1).build());

        List<FakeGraphApi.Sent> sent = graph.sent();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).body().path("text").path("body").asText()).isEqualTo("a".repeat(4000));
        assertThat(sent.get(0).body().path("context").path("message_id").asText()).isEqualTo("wamid.Q");
        assertThat(sent.get(1).body().path("text").path("body").asText()).isEqualTo("b".repeat(500));
        assertThat(sent.get(1).body().has("context")).isFalse();
        assertThat(sent.get(2).body().path("text").path("body").asText()).isEqualTo("b".repeat(500));
        assertThat(sent.get(2).body().has("context")).as("the quote went with the first part").isFalse();
    }

    @Test
    void uploadsAnImageAndSendsItWithTheTextAsCaption() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        channel.files.put("f1", png);
        Attachment image = Attachment.external(AttachmentKind.IMAGE, null).localRef("f1").fileName("box.png")
                .mimeType("image/png").size((long) png.length).build();

        send(message().text("The replacement").attachment(image).build());

        FakeGraphApi.Media upload = graph.uploads().get(0);
        assertThat(upload.content()).isEqualTo(png);
        assertThat(upload.mimeType()).isEqualTo("image/png");
        assertThat(upload.fileName()).isEqualTo("box.png");
        FakeGraphApi.Sent request = graph.sent().get(0);
        assertThat(request.type()).isEqualTo("image");
        assertThat(request.body().path("image").path("id").asText()).isEqualTo(upload.id());
        assertThat(request.body().path("image").path("caption").asText()).isEqualTo("The replacement");
        assertThat(graph.sent()).hasSize(1);
    }

    @Test
    void sendsOtherFilesAsDocumentsWithTheirNameAndAudioWithoutCaption() throws Exception {
        channel.files.put("pdf", "%PDF-1.7".getBytes(StandardCharsets.UTF_8));
        channel.files.put("ogg", "OggS".getBytes(StandardCharsets.UTF_8));
        Attachment pdf = Attachment.external(AttachmentKind.DOCUMENT, null).localRef("pdf").fileName("terms.pdf")
                .mimeType("application/pdf").build();
        Attachment voice = Attachment.external(AttachmentKind.VOICE, null).localRef("ogg")
                .mimeType("audio/ogg; codecs=opus").build();

        send(message().text("Listen").attachment(voice).attachment(pdf).build());

        List<FakeGraphApi.Sent> sent = graph.sent();
        assertThat(sent).extracting(FakeGraphApi.Sent::type).containsExactly("text", "audio", "document");
        assertThat(sent.get(0).body().path("text").path("body").asText()).isEqualTo("Listen");
        assertThat(sent.get(1).body().path("audio").has("caption")).isFalse();
        assertThat(sent.get(2).body().path("document").path("filename").asText()).isEqualTo("terms.pdf");
        assertThat(sent.get(2).body().path("document").has("caption")).isFalse();
    }

    @Test
    void sendsATemplateWithItsBodyParametersInTheAccountsLanguageUnlessGiven() throws Exception {
        send(message().template(new MessageTemplate("order_update", null, List.of("Sheena", "#4711"))).build());
        send(message().template(new MessageTemplate("hello_world", "de", List.of())).build());

        var first = graph.sent().get(0).body().path("template");
        assertThat(graph.sent().get(0).type()).isEqualTo("template");
        assertThat(first.path("name").asText()).isEqualTo("order_update");
        assertThat(first.path("language").path("code").asText()).isEqualTo("en_US");
        assertThat(first.path("components").get(0).path("type").asText()).isEqualTo("body");
        assertThat(first.path("components").get(0).path("parameters").findValuesAsText("text"))
                .containsExactly("Sheena", "#4711");
        assertThat(first.path("components").get(0).path("parameters").findValuesAsText("type"))
                .containsOnly("text");
        var second = graph.sent().get(1).body().path("template");
        assertThat(second.path("language").path("code").asText()).isEqualTo("de");
        assertThat(second.has("components")).isFalse();
    }

    @Test
    void refusesForGoodWhatMetaRefusesForGood() {
        graph.failNextSend(400, 131047, "(#131047) Re-engagement message", "Message failed to send because more "
                + "than 24 hours have passed since the customer last replied to this number.");
        assertThatThrownBy(() -> send(message().text("late").build()))
                .isInstanceOf(ChannelRejectedException.class)
                .hasMessageContaining("131047").hasMessageContaining("24 hours have passed");

        graph.failNextSend(400, 131026, "(#131026) Message Undeliverable", "Unable to deliver message.");
        assertThatThrownBy(() -> send(message().text("nobody").build()))
                .isInstanceOf(ChannelRejectedException.class).hasMessageContaining("131026");
        assertThat(channel.failures).isEmpty();
    }

    @Test
    void retriesRateLimitsAndOutages() {
        graph.failNextSend(400, 130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached.");
        assertThatThrownBy(() -> send(message().text("busy").build())).isInstanceOf(ChannelTransportException.class)
                .hasMessageContaining("130429");

        graph.failNextSend(400, 131056, "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                null);
        assertThatThrownBy(() -> send(message().text("again").build())).isInstanceOf(ChannelTransportException.class);

        graph.failNextSendWithStatus(503, 7);
        assertThatThrownBy(() -> send(message().text("down").build()))
                .isInstanceOfSatisfying(ChannelTransportException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void failsTheAccountWhenMetaRejectsTheAccessToken() {
        graph.failNextSend(401, 190, "Error validating access token: Session has expired on Friday, 19-Jun-26",
                null);

        assertThatThrownBy(() -> send(message().text("hi").build())).isInstanceOf(ChannelRejectedException.class)
                .hasMessage("WhatsApp rejected the access token");
        assertThat(channel.failures).containsExactly("WhatsApp rejected the access token (error 190)");
    }

    @Test
    void saysHowManyPartsWentOutWhenALaterPartFails() throws Exception {
        String text = "a".repeat(4090) + "\n" + "b".repeat(10);
        graph.failSendAfter(1, 400, 130429, "(#130429) Rate limit hit", null);

        assertThatThrownBy(() -> send(message().text(text).build()))
                .isInstanceOfSatisfying(ChannelTransportException.class, e -> assertThat(e.partsSent()).isOne());
        send(message().text(text).partsSent(1).build());

        assertThat(graph.sent()).extracting(s -> s.body().path("text").path("body").asText())
                .containsExactly("a".repeat(4090), "b".repeat(10));

        graph.failSendAfter(1, 400, 131026, "(#131026) Message Undeliverable", null);
        assertThatThrownBy(() -> send(message().text(text).build()))
                .isInstanceOfSatisfying(ChannelRejectedException.class, e -> assertThat(e.partsSent()).isOne());
    }

    @Test
    void reportsAnUnreachableApiAsTransient() {
        graph.close();

        assertThatThrownBy(() -> send(message().text("hi").build())).isInstanceOf(ChannelTransportException.class)
                .hasMessageContaining("could not reach the Graph API");
    }

    private SentMessage send(OutboundMessage message) throws InterruptedException {
        return account.sender().send(message);
    }

    private static OutboundMessage.Builder message() {
        return OutboundMessage.builder(1, 9, CLIENT);
    }
}
