package org.lineshub.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.MessageChange;

class TelegramMessageMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TelegramMessageMapper mapper = new TelegramMessageMapper();

    @Test
    void mapsTextMessageWithSenderProfile() throws IOException {
        JsonNode update = fixture("text");

        InboundMessage message = mapper.map(update).orElseThrow();

        assertThat(message.externalChatId()).isEqualTo("5012345678");
        assertThat(message.externalMessageId()).isEqualTo("5012345678:17");
        assertThat(message.providerTime()).isEqualTo(Instant.ofEpochSecond(1718000000));
        assertThat(message.sequence()).as("message_id orders messages of one second").isEqualTo(17L);
        assertThat(message.text()).isEqualTo("Hello, my order has not arrived");
        assertThat(message.attachments()).isEmpty();
        assertThat(message.replyToExternalId()).isNull();
        assertThat(message.sender().externalUserId()).isEqualTo("5012345678");
        assertThat(message.sender().firstName()).isEqualTo("Anna");
        assertThat(message.sender().lastName()).isEqualTo("Petrova");
        assertThat(message.sender().displayName()).isEqualTo("Anna Petrova");
        assertThat(message.sender().username()).isEqualTo("anna_p");
        assertThat(message.sender().languageCode()).isEqualTo("ru");
        assertThat(message.sender().profileUrl()).isEqualTo("https://t.me/anna_p");
        assertThat(JSON.readTree(message.rawPayload())).isEqualTo(update);
    }

    @Test
    void leavesProfileUrlEmptyWithoutUsername() throws IOException {
        InboundMessage message = mapper.map(fixture("photo")).orElseThrow();

        assertThat(message.sender().username()).isNull();
        assertThat(message.sender().profileUrl()).isNull();
    }

    @Test
    void mapsPhotoUpdateToLargestImageAttachment() throws IOException {
        InboundMessage message = mapper.map(fixture("photo")).orElseThrow();

        assertThat(message.text()).isEqualTo("The box was damaged");
        assertThat(message.attachments()).singleElement().satisfies(photo -> {
            assertThat(photo.kind()).isEqualTo(AttachmentKind.IMAGE);
            assertThat(photo.externalRef()).isEqualTo("AgACAgIAAxkBAAMSZmY-large");
            assertThat(photo.width()).isEqualTo(1280);
            assertThat(photo.height()).isEqualTo(960);
            assertThat(photo.size()).isEqualTo(112233L);
            assertThat(photo.mimeType()).isEqualTo("image/jpeg");
        });
    }

    @Test
    void mapsDocumentWithNameTypeAndSize() throws IOException {
        InboundMessage message = mapper.map(fixture("document")).orElseThrow();

        assertThat(message.text()).isNull();
        Attachment document = message.attachments().get(0);
        assertThat(document.kind()).isEqualTo(AttachmentKind.DOCUMENT);
        assertThat(document.externalRef()).isEqualTo("BQACAgIAAxkBAAMTZmY-doc");
        assertThat(document.fileName()).isEqualTo("invoice-2024-06.pdf");
        assertThat(document.mimeType()).isEqualTo("application/pdf");
        assertThat(document.size()).isEqualTo(48213L);
    }

    @Test
    void mapsVoiceWithDuration() throws IOException {
        Attachment voice = mapper.map(fixture("voice")).orElseThrow().attachments().get(0);

        assertThat(voice.kind()).isEqualTo(AttachmentKind.VOICE);
        assertThat(voice.durationSeconds()).isEqualTo(4);
        assertThat(voice.mimeType()).isEqualTo("audio/ogg");
    }

    @Test
    void mapsStickerAsWebpImage() throws IOException {
        Attachment sticker = mapper.map(fixture("sticker")).orElseThrow().attachments().get(0);

        assertThat(sticker.kind()).isEqualTo(AttachmentKind.STICKER);
        assertThat(sticker.mimeType()).isEqualTo("image/webp");
        assertThat(sticker.width()).isEqualTo(512);
    }

    @Test
    void mapsReplyToTheAnsweredMessageInTheSameChat() throws IOException {
        InboundMessage message = mapper.map(fixture("reply")).orElseThrow();

        assertThat(message.externalMessageId()).isEqualTo("5012345678:21");
        assertThat(message.replyToExternalId()).isEqualTo("5012345678:20");
    }

    @Test
    void keysGroupMessagesByTheGroupChat() throws IOException {
        InboundMessage message = mapper.map(fixture("group_text")).orElseThrow();

        assertThat(message.externalChatId()).isEqualTo("-1001234567890");
        assertThat(message.externalMessageId()).isEqualTo("-1001234567890:305");
        assertThat(message.sender().externalUserId()).isEqualTo("6100000002");
    }

    @ParameterizedTest
    @ValueSource(strings = {"channel_post", "callback_query", "message_without_from", "service_new_member"})
    void skipsUpdatesTheHubDoesNotTake(String fixture) throws IOException {
        JsonNode update = fixture(fixture);

        assertThat(mapper.map(update)).isEmpty();
        assertThat(mapper.change(update)).isEmpty();
    }

    @Test
    void mapsEditedMessageToAnEditOfTheOriginalMessage() throws IOException {
        InboundMessage original = mapper.map(fixture("text")).orElseThrow();
        JsonNode update = fixture("edited_message");

        MessageChange change = mapper.change(update).orElseThrow();

        assertThat(mapper.map(update)).as("not a new message").isEmpty();
        assertThat(change.kind()).isEqualTo(MessageChange.Kind.EDITED);
        assertThat(change.externalMessageId()).isEqualTo(original.externalMessageId()).isEqualTo("5012345678:17");
        assertThat(change.text()).isEqualTo("Hello, my order has still not arrived");
        assertThat(change.html()).isNull();
        assertThat(change.providerTime()).isEqualTo(Instant.ofEpochSecond(1718000030));
    }

    @Test
    void mapsEditedCaptionToTheNewText() throws IOException {
        MessageChange change = mapper.change(fixture("edited_caption")).orElseThrow();

        assertThat(change.externalMessageId()).isEqualTo("5012345678:18");
        assertThat(change.text()).isEqualTo("The box was damaged, see the corner");
        assertThat(change.providerTime()).isEqualTo(Instant.ofEpochSecond(1718000100));
    }

    @Test
    void skipsEditsOfMessagesWithoutTextOrFile() throws IOException {
        assertThat(mapper.change(fixture("edited_live_location"))).isEmpty();
    }

    @Test
    void rejectsEditWithoutChat() throws IOException {
        JsonNode update = fixture("broken_edit_without_chat");

        assertThatThrownBy(() -> mapper.change(update))
                .isInstanceOf(TelegramMessageMapper.UnmappableUpdateException.class)
                .hasMessage("edited_message.chat.id is missing or not an integer");
    }

    @Test
    void rejectsMessageWithoutChat() throws IOException {
        JsonNode update = fixture("broken_message_without_chat");

        assertThatThrownBy(() -> mapper.map(update))
                .isInstanceOf(TelegramMessageMapper.UnmappableUpdateException.class)
                .hasMessage("message.chat.id is missing or not an integer");
    }

    @Test
    void rejectsMessageWithoutDate() throws IOException {
        JsonNode update = fixture("broken_message_without_date");

        assertThatThrownBy(() -> mapper.map(update))
                .isInstanceOf(TelegramMessageMapper.UnmappableUpdateException.class)
                .hasMessageContaining("message.date");
    }

    @Test
    void rejectsUpdateThatIsNotAnObject() {
        assertThatThrownBy(() -> mapper.map(JSON.readTree("[1, 2]")))
                .isInstanceOf(TelegramMessageMapper.UnmappableUpdateException.class);
    }

    @Test
    void reasonsNeverContainMessageContent() throws IOException {
        JsonNode update = fixture("broken_message_without_chat");

        assertThatThrownBy(() -> mapper.map(update))
                .message().doesNotContain("lost").doesNotContain("Anna").doesNotContain("5012345678");
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = TelegramMessageMapperTest.class.getResourceAsStream("/updates/" + name + ".json")) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return JSON.readTree(in);
        }
    }
}
