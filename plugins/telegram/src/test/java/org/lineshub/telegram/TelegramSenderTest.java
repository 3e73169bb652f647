package org.lineshub.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SentMessage;
import org.lineshub.plugin.testkit.TokenLeakCheck;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;
import org.lineshub.telegram.fake.SentRecord;

class TelegramSenderTest {

    @RegisterExtension
    final TokenLeakCheck tokenLeakCheck = TelegramTestHub.tokenLeakCheck();

    private FakeTelegramBotApi api;
    private FakeBot bot;
    private TelegramTestHub hub;

    @BeforeEach
    void start() throws Exception {
        api = FakeTelegramBotApi.start();
        bot = api.bot(TelegramTestHub.TOKEN);
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl()));
    }

    @AfterEach
    void stop() {
        hub.close();
        api.close();
    }

    @Test
    void sendsTextToTheChatAndReturnsChatScopedId() throws Exception {
        bot.enqueueText(42, 42, "Ann", "hi");

        SentMessage sent = send(text("42", "Hello Ann"));

        SentRecord record = bot.sent().get(0);
        assertThat(record.method()).isEqualTo("sendMessage");
        assertThat(record.chatId()).isEqualTo("42");
        assertThat(record.text()).isEqualTo("Hello Ann");
        assertThat(sent.externalMessageId()).isEqualTo("42:" + record.messageId()).isEqualTo("42:2");
        assertThat(sent.providerTime()).isNotNull();
    }

    @Test
    void prefixesTheOperatorsNameAndRepliesToTheQuotedMessage() throws Exception {
        send(OutboundMessage.builder(1, 1, "42").text("Your parcel left today").replyToExternalId("42:17")
                .senderName("Maria").build());

        SentRecord record = bot.sent().get(0);
        assertThat(record.text()).isEqualTo("Maria:\nYour parcel left today");
        assertThat(record.replyToMessageId()).isEqualTo(17L);
    }

    @Test
    void splitsTextsLongerThanTelegramAllows() throws Exception {
        String text = "a".repeat(3000) + "\n" + "b".repeat(3000);

        SentMessage sent = send(text("42", text));

        List<SentRecord> records = bot.sent();
        assertThat(records).extracting(SentRecord::text).containsExactly("a".repeat(3000), "b".repeat(3000));
        assertThat(sent.externalMessageId()).isEqualTo("42:" + records.get(1).messageId());
    }

    @Test
    void aRetryAfterTheSecondOfThreePartsFailedSendsOnlyTheSecondAndThird() throws Exception {
        List<String> parts = List.of("a".repeat(4000), "b".repeat(4000), "c".repeat(4000));
        String text = String.join("\n", parts);
        bot.failAfter("sendMessage", 1, 502, 1);

        assertThatThrownBy(() -> send(OutboundMessage.builder(1, 1, "42").text(text).replyToExternalId("42:17")
                .build()))
                .isInstanceOfSatisfying(ChannelTransportException.class, e -> assertThat(e.partsSent()).isEqualTo(1));
        SentMessage sent = send(OutboundMessage.builder(1, 1, "42").text(text).replyToExternalId("42:17")
                .partsSent(1).build());

        List<SentRecord> records = bot.sent();
        assertThat(records).extracting(SentRecord::text).containsExactlyElementsOf(parts);
        assertThat(records).extracting(SentRecord::replyToMessageId).containsExactly(17L, null, null);
        assertThat(bot.calls("sendMessage")).isEqualTo(4);
        assertThat(sent.externalMessageId()).isEqualTo("42:" + records.get(2).messageId());
    }

    @Test
    void aRetryAfterAFileFailedSendsOnlyTheFilesTelegramDidNotAccept() throws Exception {
        for (int i = 1; i <= 3; i++) {
            hub.channel.files.put("files/p" + i, ("file " + i).getBytes(StandardCharsets.US_ASCII));
        }
        OutboundMessage.Builder message = OutboundMessage.builder(1, 1, "42").text("Your documents");
        for (int i = 1; i <= 3; i++) {
            message.attachment(Attachment.external(AttachmentKind.DOCUMENT, "unused").localRef("files/p" + i)
                    .fileName("doc" + i + ".txt").mimeType("text/plain").build());
        }
        bot.failAfter("sendDocument", 1, 500, 1);

        assertThatThrownBy(() -> send(message.build()))
                .isInstanceOfSatisfying(ChannelTransportException.class, e -> assertThat(e.partsSent()).isEqualTo(1));
        send(message.partsSent(1).build());

        List<SentRecord> records = bot.sent();
        assertThat(records).extracting(SentRecord::fileName).containsExactly("doc1.txt", "doc2.txt", "doc3.txt");
        assertThat(records).extracting(SentRecord::caption).containsExactly("Your documents", null, null);
    }

    @Test
    void aRefusalAfterSomePartsSaysHowManyTheClientGot() {
        String text = "a".repeat(4000) + "\n" + "b".repeat(4000);
        bot.failAfter("sendMessage", 1, 403, 1);

        assertThatThrownBy(() -> send(text("42", text)))
                .isInstanceOfSatisfying(ChannelRejectedException.class, e -> assertThat(e.partsSent()).isEqualTo(1));
    }

    @Test
    void uploadsDocumentWithItsBytesNameAndCaption() throws Exception {
        byte[] pdf = "%PDF-1.7 fake invoice".getBytes(StandardCharsets.US_ASCII);
        hub.channel.files.put("files/1", pdf);
        Attachment file = Attachment.external(AttachmentKind.DOCUMENT, "unused").localRef("files/1")
                .fileName("invoice.pdf").mimeType("application/pdf").size((long) pdf.length).build();

        SentMessage sent = send(OutboundMessage.builder(1, 1, "42").text("Your invoice").attachment(file).build());

        SentRecord record = bot.sent().get(0);
        assertThat(record.method()).isEqualTo("sendDocument");
        assertThat(record.fileBytes()).isEqualTo(pdf);
        assertThat(record.fileName()).isEqualTo("invoice.pdf");
        assertThat(record.mimeType()).isEqualTo("application/pdf");
        assertThat(record.caption()).isEqualTo("Your invoice");
        assertThat(sent.externalMessageId()).isEqualTo("42:" + record.messageId());
    }

    @Test
    void sendsImagesAsPhotosAndLongTextsBeforeThem() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3};
        hub.channel.files.put("files/2", jpeg);
        Attachment image = new Attachment(AttachmentKind.IMAGE, "photo.jpg", "image/jpeg", 6L, null, "files/2",
                null, null, null);
        String text = "x".repeat(1500);

        send(OutboundMessage.builder(1, 1, "42").text(text).attachment(image).build());

        List<SentRecord> records = bot.sent();
        assertThat(records).extracting(SentRecord::method).containsExactly("sendMessage", "sendPhoto");
        assertThat(records.get(0).text()).isEqualTo(text);
        assertThat(records.get(1).caption()).isNull();
        assertThat(records.get(1).fileBytes()).isEqualTo(jpeg);
    }

    @Test
    void mapsBadGatewayToTransportFailure() throws Exception {
        bot.failNext("sendMessage", 502, 2);

        assertThatThrownBy(() -> send(text("42", "hi")))
                .isInstanceOf(ChannelTransportException.class)
                .hasMessageContaining("502")
                .hasMessageNotContaining(TelegramTestHub.TOKEN);
        assertThatThrownBy(() -> send(text("42", "hi"))).isInstanceOf(ChannelTransportException.class);
        assertThat(send(text("42", "hi")).externalMessageId()).isEqualTo("42:1");
    }

    @Test
    void carriesTelegramsRetryAfterOnTooManyRequests() {
        bot.failNext("sendMessage", 429, 1);

        assertThatThrownBy(() -> send(text("42", "hi")))
                .isInstanceOfSatisfying(ChannelTransportException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void mapsBlockedBotToRejectionWithTelegramsReason() {
        bot.failNext("sendMessage", 403, 1);

        assertThatThrownBy(() -> send(text("42", "hi")))
                .isInstanceOf(ChannelRejectedException.class)
                .hasMessage("Forbidden: bot was blocked by the user");
    }

    @Test
    void rejectsUnknownChat() {
        assertThatThrownBy(() -> send(text("@nobody", "hi")))
                .isInstanceOf(ChannelRejectedException.class)
                .hasMessage("Bad Request: chat not found");
    }

    @Test
    void reportsUnreachableTelegramWithoutTheToken() throws Exception {
        api.close();

        assertThatThrownBy(() -> send(text("42", "hi")))
                .isInstanceOf(ChannelTransportException.class)
                .hasMessageContaining("could not reach the Bot API")
                .hasMessageNotContaining(TelegramTestHub.TOKEN)
                .hasMessageNotContaining("123456:");
    }

    @Test
    void splitsAtSpacesAndNeverInsideASurrogatePair() {
        assertThat(TelegramSender.split("aaaa bbbb cc", 9)).containsExactly("aaaa bbbb", "cc");
        assertThat(TelegramSender.split("aaaa\nbbbb", 6)).containsExactly("aaaa", "bbbb");
        assertThat(TelegramSender.split("abcde\uD83D\uDE00fg", 6)).containsExactly("abcde", "\uD83D\uDE00fg");
        assertThat(TelegramSender.split("short", 4096)).containsExactly("short");
    }

    @Test
    void repliesOnlyToMessagesOfTheSameChat() {
        assertThat(TelegramSender.replyToMessageId("42:17", "42")).isEqualTo(17L);
        assertThat(TelegramSender.replyToMessageId("43:17", "42")).isNull();
        assertThat(TelegramSender.replyToMessageId("17", "42")).isEqualTo(17L);
        assertThat(TelegramSender.replyToMessageId("42:x", "42")).isNull();
    }

    private SentMessage send(OutboundMessage message) throws InterruptedException {
        return hub.send(message);
    }

    private static OutboundMessage text(String chatId, String text) {
        return OutboundMessage.builder(1, 1, chatId).text(text).build();
    }
}
