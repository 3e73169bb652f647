package org.lineshub.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentContent;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.testkit.TokenLeakCheck;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;

class TelegramFileFetcherTest {

    @RegisterExtension
    final TokenLeakCheck tokenLeakCheck = TelegramTestHub.tokenLeakCheck();

    private FakeTelegramBotApi api;
    private FakeBot bot;
    private TelegramTestHub hub;

    @BeforeEach
    void start() throws Exception {
        api = FakeTelegramBotApi.start();
        bot = api.bot(TelegramTestHub.TOKEN);
        hub = TelegramTestHub.start(TelegramTestHub.settings(api.baseUrl(), "pollTimeoutSeconds", "1"));
    }

    @AfterEach
    void stop() {
        hub.close();
        api.close();
    }

    @Test
    void streamsAReceivedDocumentFromTelegram() throws Exception {
        byte[] content = "col1;col2\n1;2\n".getBytes(StandardCharsets.UTF_8);
        bot.enqueueDocument(42, 42, "Ann", "report.csv", "text/csv", content, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.inbound().size() == 1);
        Attachment received = hub.inbound().get(0).attachments().get(0);

        AttachmentContent download = hub.fetch(received);

        try (InputStream in = download.content()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(download.size()).isEqualTo(content.length);
        assertThat(download.mimeType()).isEqualTo("text/csv");
    }

    @Test
    void streamsTheLargestSizeOfAReceivedPhoto() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 9, 9};
        bot.enqueuePhoto(42, 42, "Ann", "look", jpeg);
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.inbound().size() == 1);
        Attachment photo = hub.inbound().get(0).attachments().get(0);

        AttachmentContent download = hub.fetch(photo);

        assertThat(photo.width()).isEqualTo(1280);
        try (InputStream in = download.content()) {
            assertThat(in.readAllBytes()).isEqualTo(jpeg);
        }
    }

    @Test
    void rejectsAFileTelegramDoesNotKnow() {
        Attachment unknown = Attachment.external(AttachmentKind.DOCUMENT, "no-such-file").build();

        assertThatThrownBy(() -> hub.fetch(unknown))
                .isInstanceOf(ChannelRejectedException.class).hasMessage("Bad Request: invalid file_id");
    }
}
