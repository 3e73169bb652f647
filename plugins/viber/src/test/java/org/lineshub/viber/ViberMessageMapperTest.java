package org.lineshub.viber;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.InboundMessage;

/** Callbacks shaped as the REST Bot API documents them ("Receive message from user") map to the hub's messages. */
class ViberMessageMapperTest {

    private final ViberMessageMapper mapper = new ViberMessageMapper();
    private final ObjectMapper json = new ObjectMapper();

    private ViberMessageMapper.Result map(String fixture) throws IOException {
        String raw;
        try (InputStream in = getClass().getResourceAsStream("/events/" + fixture)) {
            raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return mapper.map(json.readTree(raw), raw);
    }

    private InboundMessage message(String fixture) throws IOException {
        ViberMessageMapper.Result result = map(fixture);
        assertThat(result.problem()).as(fixture).isNull();
        return result.message();
    }

    @Test
    void mapsTheDocumentedTextMessageWithItsSender() throws IOException {
        InboundMessage m = message("message_text.json");

        // the 64-bit token keeps every digit (a double would end in ...8000)
        assertThat(m.externalMessageId()).isEqualTo("4912661846655238145");
        assertThat(m.externalChatId()).isEqualTo("01234567890A=");
        assertThat(m.sender().externalUserId()).isEqualTo("01234567890A=");
        assertThat(m.sender().displayName()).isEqualTo("John McClane");
        assertThat(m.sender().avatarRef()).isEqualTo("http://avatar.example.com");
        assertThat(m.sender().languageCode()).isEqualTo("en");
        assertThat(m.text()).isEqualTo("a message to the service");
        assertThat(m.attachments()).isEmpty();
        assertThat(m.providerTime()).isEqualTo(Instant.ofEpochMilli(1457764197627L));
        assertThat(m.extras()).containsEntry(ViberMessageMapper.COUNTRY, "UK").hasSize(1);
        assertThat(m.rawPayload()).contains("\"message_token\":4912661846655238145");
    }

    @Test
    void mapsAPictureToAnImageWithItsDescription() throws IOException {
        InboundMessage m = message("message_picture.json");

        assertThat(m.text()).isEqualTo("the broken part");
        Attachment image = m.attachments().get(0);
        assertThat(image.kind()).isEqualTo(AttachmentKind.IMAGE);
        assertThat(image.externalRef()).startsWith("https://dl-media.viber.com/").endsWith(".jpg");
        assertThat(image.fileName()).isEqualTo("image.jpg");
        assertThat(image.mimeType()).isEqualTo("image/jpeg");
        assertThat(image.size()).isEqualTo(63726L);
    }

    @Test
    void mapsAVideoWithItsDuration() throws IOException {
        Attachment video = message("message_video.json").attachments().get(0);

        assertThat(video.kind()).isEqualTo(AttachmentKind.VIDEO);
        assertThat(video.durationSeconds()).isEqualTo(12);
        assertThat(video.size()).isEqualTo(1048576L);
    }

    @Test
    void mapsAFileToADocumentWithItsNameAndSize() throws IOException {
        InboundMessage m = message("message_file.json");

        assertThat(m.text()).isNull();
        Attachment file = m.attachments().get(0);
        assertThat(file.kind()).isEqualTo(AttachmentKind.DOCUMENT);
        assertThat(file.fileName()).isEqualTo("invoice-0815.pdf");
        assertThat(file.mimeType()).isEqualTo("application/pdf");
        assertThat(file.size()).isEqualTo(10000L);
    }

    @Test
    void mapsAStickerToAStickerAttachmentWithItsId() throws IOException {
        InboundMessage m = message("message_sticker.json");

        assertThat(m.attachments()).extracting(Attachment::kind).containsExactly(AttachmentKind.STICKER);
        assertThat(m.extras()).containsEntry(ViberMessageMapper.STICKER_ID, "46105");
    }

    @Test
    void mapsAContactToTextAndExtras() throws IOException {
        InboundMessage m = message("message_contact.json");

        assertThat(m.text()).isEqualTo("Itamar\n+972511123123");
        assertThat(m.extras()).containsEntry(ViberMessageMapper.CONTACT_NAME, "Itamar")
                .containsEntry(ViberMessageMapper.CONTACT_PHONE, "+972511123123");
    }

    @Test
    void mapsALocationToAGeoUri() throws IOException {
        InboundMessage m = message("message_location.json");

        assertThat(m.text()).isEqualTo("geo:37.7898,-122.3942");
        assertThat(m.extras()).containsEntry(ViberMessageMapper.LOCATION, "37.7898,-122.3942");
    }

    @Test
    void mapsAUrlMessageToItsLink() throws IOException {
        assertThat(message("message_url.json").text()).isEqualTo("https://www.website.com/go_here");
    }

    @Test
    void aMessageWithoutSenderIdCannotBeMappedAndNamesItsToken() throws IOException {
        ViberMessageMapper.Result result = map("message_without_sender_id.json");

        assertThat(result.message()).isNull();
        assertThat(result.problem()).isEqualTo("a message callback without sender.id");
        assertThat(result.externalId()).isEqualTo("5098034272017990007");
    }

    @Test
    void aPictureWithoutMediaCannotBeMapped() throws IOException {
        assertThat(map("message_picture_without_media.json").problem()).isEqualTo("a picture message without media");
    }

    @Test
    void anUnknownMessageTypeCannotBeMapped() throws IOException {
        String raw = "{\"event\":\"message\",\"message_token\":1,\"sender\":{\"id\":\"u1\"},"
                + "\"message\":{\"type\":\"poll\"}}";
        assertThat(mapper.map(json.readTree(raw), raw).problem()).isEqualTo("message type poll is not supported");
    }

    @Test
    void aTokenSentAsAStringIsKept() throws IOException {
        String raw = "{\"event\":\"message\",\"message_token\":\"4912661846655238145\",\"sender\":{\"id\":\"u1\"},"
                + "\"message\":{\"type\":\"text\",\"text\":\"hi\"}}";
        assertThat(mapper.map(json.readTree(raw), raw).message().externalMessageId())
                .isEqualTo("4912661846655238145");
    }
}
