package org.lineshub.viber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.lineshub.viber.fake.FakeViberApi;
import org.lineshub.viber.fake.FakeViberBot;

/**
 * Replies through {@code send_message} of the fake: texts, pictures and files (which the fake downloads from the
 * account's public links, as Viber does), sender names, and how Viber's status codes end.
 */
class ViberSenderTest {

    private static final String USER = "01234567890A=";

    @RegisterExtension
    final TokenLeakCheck tokenLeakCheck = new TokenLeakCheck(ViberTestHub.TOKEN);

    private final FakeViberApi api = FakeViberApi.start();
    private final FakeViberBot bot = api.bot(ViberTestHub.TOKEN);
    private ViberTestHub hub;

    @BeforeEach
    void subscriber() {
        bot.subscribe(USER);
    }

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

    private static OutboundMessage.Builder reply(String text) {
        return OutboundMessage.builder(100, 10, USER).text(text).lineName("Shop support");
    }

    @Test
    void aTextGoesAsATextMessageAndItsTokenIsTheSentId() throws Exception {
        start();

        SentMessage sent = hub.send(reply("It ships tomorrow.").build());

        FakeViberBot.Sent got = bot.sent().get(0);
        assertThat(got.request().path("receiver").asText()).isEqualTo(USER);
        assertThat(got.type()).isEqualTo("text");
        assertThat(got.text()).isEqualTo("It ships tomorrow.");
        assertThat(sent.externalMessageId()).isEqualTo(got.token());
    }

    @Test
    void theSenderIsTheOperatorWhenTheLineShowsOperatorsElseTheLine() throws Exception {
        start();

        hub.send(reply("from the line").build());
        hub.send(reply("from Maria").senderName("Maria").build());
        hub.send(reply("long").senderName("Maria-Magdalena Alexandrovna Konstantinopolskaya").build());

        assertThat(bot.sent()).extracting(s -> s.request().path("sender").path("name").asText())
                .containsExactly("Shop support", "Maria", "Maria-Magdalena Alexandrovna");
        assertThat(bot.sent().get(2).request().path("sender").path("name").asText()).hasSize(28);
        assertThat(bot.sent().get(0).request().path("sender").has("avatar")).isFalse();
    }

    @Test
    void theSenderSettingsOverrideNameAndAvatar() throws Exception {
        start(ViberSettings.SENDER_NAME, "Shop", ViberSettings.SENDER_AVATAR_URL, "https://shop.example/a.jpg");

        hub.send(reply("hi").senderName("Maria").build());

        assertThat(bot.sent().get(0).request().path("sender").path("name").asText()).isEqualTo("Shop");
        assertThat(bot.sent().get(0).request().path("sender").path("avatar").asText())
                .isEqualTo("https://shop.example/a.jpg");
    }

    @Test
    void aTextOverVibersLimitGoesInParts() throws Exception {
        start();
        String text = "a".repeat(6000) + " " + "b".repeat(3000);

        hub.send(reply(text).build());

        assertThat(bot.sent()).extracting(FakeViberBot.Sent::text)
                .containsExactly("a".repeat(6000), "b".repeat(3000));
    }

    @Test
    void aPictureGoesWithItsTextAndViberDownloadsItFromTheHub() throws Exception {
        start();
        byte[] jpeg = "a small JPEG".getBytes(StandardCharsets.UTF_8);
        hub.channel.files.put("2026/01/pic", jpeg);
        Attachment picture = new Attachment(AttachmentKind.IMAGE, "shelf.jpg", "image/jpeg", (long) jpeg.length,
                null, "2026/01/pic", null, null, null);

        hub.send(reply("This one?").attachment(picture).build());

        FakeViberBot.Sent got = bot.sent().get(0);
        assertThat(bot.sent()).hasSize(1);
        assertThat(got.type()).isEqualTo("picture");
        assertThat(got.text()).isEqualTo("This one?");
        assertThat(got.request().path("media").asText()).startsWith(hub.webhookUrl() + "/media/")
                .endsWith("/picture.jpeg");
        assertThat(got.media().status()).isEqualTo(200);
        assertThat(got.media().bytes()).isEqualTo(jpeg);
        assertThat(got.media().contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void aDocumentGoesAsAFileWithSizeAndName() throws Exception {
        start();
        byte[] pdf = "%PDF-1.7 invoice".getBytes(StandardCharsets.UTF_8);
        hub.channel.files.put("2026/01/doc", pdf);
        Attachment document = new Attachment(AttachmentKind.DOCUMENT, "Invoice 0815.pdf", "application/pdf", null,
                null, "2026/01/doc", null, null, null);

        hub.send(reply("Your invoice").attachment(document).build());

        assertThat(bot.sent()).extracting(FakeViberBot.Sent::type).containsExactly("text", "file");
        FakeViberBot.Sent file = bot.sent().get(1);
        assertThat(file.request().path("file_name").asText()).isEqualTo("Invoice 0815.pdf");
        assertThat(file.request().path("size").asLong()).isEqualTo(pdf.length);
        assertThat(file.request().path("media").asText()).endsWith("/Invoice%200815.pdf");
        assertThat(file.media().bytes()).isEqualTo(pdf);
        assertThat(file.media().contentType()).isEqualTo("application/pdf");
    }

    @Test
    void aLinkServesOnlyTheFileItWasMadeForAndOnlyUnchanged() throws Exception {
        start();
        hub.channel.files.put("2026/01/doc", "secret one".getBytes(StandardCharsets.UTF_8));
        hub.channel.files.put("2026/01/other", "secret two".getBytes(StandardCharsets.UTF_8));
        Attachment document = new Attachment(AttachmentKind.DOCUMENT, "a.pdf", "application/pdf", 10L, null,
                "2026/01/doc", null, null, null);
        hub.send(reply(null).attachment(document).build());
        String link = bot.sent().get(0).request().path("media").asText();
        String token = link.substring(link.indexOf("/media/") + 7, link.lastIndexOf('/'));
        String payload = token.substring(0, token.indexOf('.'));
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)
                        .replace("2026/01/doc", "2026/01/other").getBytes(StandardCharsets.UTF_8));

        assertThat(get(link)).isEqualTo(200);
        assertThat(get(link.replace(payload, forgedPayload))).isEqualTo(404);
        assertThat(get(hub.webhookUrl() + "/media/nothing/a.pdf")).isEqualTo(404);
    }

    private static int get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aFileOverVibersLimitIsRefusedBeforeAnythingIsSent() throws Exception {
        start();
        Attachment huge = new Attachment(AttachmentKind.VIDEO, "film.mp4", "video/mp4", 60L * 1024 * 1024, null,
                "2026/01/film", null, null, null);

        assertThatThrownBy(() -> hub.send(reply("watch").attachment(huge).build()))
                .isInstanceOf(ChannelRejectedException.class).hasMessageContaining("50 MB");
        assertThat(bot.sent()).isEmpty();
    }

    @Test
    void receiverNotSubscribedIsRefusedWithAClearReasonAndRemembered() throws Exception {
        start();

        assertThatThrownBy(() -> hub.send(OutboundMessage.builder(1, 1, "stranger").text("hi").build()))
                .isInstanceOf(ChannelRejectedException.class)
                .hasMessage(ViberSubscriptions.NOT_SUBSCRIBED);
        bot.subscribe("stranger");
        assertThatThrownBy(() -> hub.send(OutboundMessage.builder(2, 1, "stranger").text("hi").build()))
                .as("refused without asking Viber until the user writes").isInstanceOf(ChannelRejectedException.class);
    }

    @Test
    void rateControlBreachIsRetriedLater() throws Exception {
        start();
        bot.failNextSend(12, "Too many requests");

        assertThatThrownBy(() -> hub.send(reply("hi").build())).isInstanceOfSatisfying(
                ChannelTransportException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(ViberApiException.RATE_LIMIT_PAUSE));
    }

    @Test
    void aServerErrorIsRetriedLater() throws Exception {
        start();
        bot.failNextSend(-500, "Internal Server Error");

        assertThatThrownBy(() -> hub.send(reply("hi").build())).isInstanceOf(ChannelTransportException.class);
    }

    @Test
    void anUnreachableViberIsRetriedLater() throws Exception {
        start();
        api.close();

        assertThatThrownBy(() -> hub.send(reply("hi").build())).isInstanceOf(ChannelTransportException.class)
                .hasMessageContaining("could not reach Viber");
    }

    @Test
    void otherStatusesAreRefusedWithVibersMessage() throws Exception {
        start();
        bot.failNextSend(5, "receiverNotRegistered");

        assertThatThrownBy(() -> hub.send(reply("hi").build())).isInstanceOf(ChannelRejectedException.class)
                .hasMessage("Viber refused the message: receiverNotRegistered (status 5)");
        assertThat(hub.channel.failures).isEmpty();
    }

    @Test
    void aRejectedTokenFailsTheAccount() throws Exception {
        start();
        bot.failNextSend(2, "invalidAuthToken");

        assertThatThrownBy(() -> hub.send(reply("hi").build())).isInstanceOf(ChannelRejectedException.class)
                .hasMessage("Viber rejected the bot's auth token");
        assertThat(hub.channel.failures).containsExactly("Viber rejected the bot's auth token");
    }

    @Test
    void aRetrySendsOnlyThePartsViberDidNotAcceptYet() throws Exception {
        start();
        hub.channel.files.put("2026/01/a", "A".getBytes(StandardCharsets.UTF_8));
        hub.channel.files.put("2026/01/b", "B".getBytes(StandardCharsets.UTF_8));
        List<Attachment> files = List.of(
                new Attachment(AttachmentKind.DOCUMENT, "a.txt", "text/plain", 1L, null, "2026/01/a", null, null,
                        null),
                new Attachment(AttachmentKind.DOCUMENT, "b.txt", "text/plain", 1L, null, "2026/01/b", null, null,
                        null));
        // the text and the first file go out, the second file hits the rate limit
        bot.acceptThenFail(2, 12, "Too many requests");

        ChannelTransportException failed = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> hub.send(reply("two files").attachments(files).build()), ChannelTransportException.class);
        SentMessage sent = hub.send(reply("two files").attachments(files).partsSent(failed.partsSent()).build());

        assertThat(failed.partsSent()).isEqualTo(2);
        assertThat(bot.sent()).extracting(s -> s.type() + ":" + s.request().path("file_name").asText(s.text()))
                .containsExactly("text:two files", "file:a.txt", "file:b.txt");
        assertThat(sent.externalMessageId()).isEqualTo(bot.sent().get(2).token());
    }
}
