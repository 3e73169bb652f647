package org.lineshub.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.SenderProfile;

/** The mapping of community events, from fixtures shaped like dev.vk.com and the VK API schema describe them. */
class VkEventMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VkEventMapper mapper = new VkEventMapper();

    @Test
    void mapsAPrivateMessageWithItsPeerSenderTextTimeAndId() throws IOException {
        JsonNode event = fixture("message_new_text.json");

        InboundMessage message = map(event).orElseThrow();

        assertThat(message.externalMessageId()).isEqualTo("326596496:295");
        assertThat(message.externalChatId()).isEqualTo("326596496");
        assertThat(message.sender().externalUserId()).isEqualTo("326596496");
        assertThat(message.sender().displayName()).isEqualTo("Anna Petrova");
        assertThat(message.text()).isEqualTo("Здравствуйте! Where is my order?");
        assertThat(message.providerTime()).isEqualTo(Instant.ofEpochSecond(1732780800));
        assertThat(message.sequence()).as("conversation_message_id orders messages of one second").isEqualTo(295L);
        assertThat(message.attachments()).isEmpty();
        assertThat(message.replyToExternalId()).isNull();
        assertThat(JSON.readTree(message.rawPayload())).isEqualTo(event);
        assertThat(mapper.author(event)).hasValue(326596496L);
    }

    @Test
    void aGroupChatMessageHasNoIdButItsConversationMessageIdKeysIt() throws IOException {
        InboundMessage message = map(fixture("message_new_chat.json")).orElseThrow();

        assertThat(message.externalMessageId()).isEqualTo("2000000001:69");
        assertThat(message.externalChatId()).isEqualTo("2000000001");
        assertThat(message.sender().externalUserId()).isEqualTo("463526827");
    }

    @Test
    void takesThePhotosLargestSize() throws IOException {
        InboundMessage message = map(fixture("message_new_photo.json")).orElseThrow();

        assertThat(message.text()).isEqualTo("the parcel arrived broken");
        assertThat(message.attachments()).singleElement().satisfies(photo -> {
            assertThat(photo.kind()).isEqualTo(AttachmentKind.IMAGE);
            assertThat(photo.externalRef()).startsWith("https://sun9-1.userapi.com/impg/z.jpg");
            assertThat(photo.width()).isEqualTo(960);
            assertThat(photo.height()).isEqualTo(1280);
            assertThat(photo.mimeType()).isEqualTo("image/jpeg");
        });
    }

    @Test
    void mapsDocumentsVoiceMessagesAndStickers() throws IOException {
        InboundMessage message = map(fixture("message_new_doc_voice_sticker.json")).orElseThrow();

        assertThat(message.text()).isNull();
        assertThat(message.attachments()).extracting(Attachment::kind)
                .containsExactly(AttachmentKind.DOCUMENT, AttachmentKind.VOICE, AttachmentKind.STICKER);
        Attachment doc = message.attachments().get(0);
        assertThat(doc.externalRef()).startsWith("https://vk.com/doc326596496_671234567?hash=");
        assertThat(doc.fileName()).isEqualTo("invoice-2024-11.pdf");
        assertThat(doc.mimeType()).isEqualTo("application/pdf");
        assertThat(doc.size()).isEqualTo(48213L);
        Attachment voice = message.attachments().get(1);
        assertThat(voice.externalRef()).isEqualTo("https://psv4.userapi.com/s/v1/amsg/voice.ogg");
        assertThat(voice.mimeType()).isEqualTo("audio/ogg");
        assertThat(voice.durationSeconds()).isEqualTo(7);
        Attachment sticker = message.attachments().get(2);
        assertThat(sticker.externalRef()).isEqualTo("https://vk.com/sticker/1-9014-512");
        assertThat(sticker.width()).isEqualTo(512);
    }

    @Test
    void pointsAReplyAtTheAnsweredMessageAndQuotesForwardedOnes() throws IOException {
        InboundMessage message = map(fixture("message_new_reply_forward.json")).orElseThrow();

        assertThat(message.replyToExternalId()).isEqualTo("326596496:299");
        assertThat(message.text()).isEqualTo("see what they wrote\n\n"
                + "> Your order 12345 is on its way\n> Track it with code RB123\n\n"
                + ">> the original note");
    }

    @Test
    void showsWhatCameWhenNothingCanBeShownAndKeepsTheLocation() throws IOException {
        InboundMessage message = map(fixture("message_new_video_only.json")).orElseThrow();

        assertThat(message.text()).isEqualTo("[video] [wall]");
        assertThat(message.attachments()).isEmpty();
        assertThat(message.extras()).containsEntry("unsupportedAttachments", "video,wall")
                .containsEntry("location", "56.9496,24.1052");
    }

    @Test
    void readsTheMessageOfEventsOfOlderApiVersionsToo() throws IOException {
        InboundMessage message = map(fixture("message_new_api_5_80.json")).orElseThrow();

        assertThat(message.externalMessageId()).isEqualTo("463526827:38");
        assertThat(message.text()).isEqualTo("тест");
    }

    @Test
    void skipsServiceMessagesTheCommunitysOwnMessagesAndOtherEvents() throws IOException {
        assertThat(map(fixture("message_new_chat_invite.json"))).isEmpty();
        assertThat(map(fixture("message_reply.json"))).isEmpty();
        assertThat(mapper.change(fixture("message_reply.json"))).isEmpty();
        assertThat(map(fixture("message_typing_state.json"))).isEmpty();
        JsonNode fromCommunity = fixture("message_new_text.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) fromCommunity.path("object").path("message"))
                .put("from_id", -218000001);
        assertThat(map(fromCommunity)).isEmpty();
        assertThat(mapper.author(fromCommunity)).isEmpty();
    }

    @Test
    void mapsAnEditToAChangeOfTheSameMessage() throws IOException {
        MessageChange change = mapper.change(fixture("message_edit.json")).orElseThrow();

        assertThat(change.externalMessageId()).isEqualTo("326596496:295");
        assertThat(change.kind()).isEqualTo(MessageChange.Kind.EDITED);
        assertThat(change.text()).isEqualTo("Здравствуйте! Where is my order 12345?");
        assertThat(change.providerTime()).isEqualTo(Instant.ofEpochSecond(1732781220));
        assertThat(map(fixture("message_edit.json"))).isEmpty();
    }

    @Test
    void refusesAMessageWithoutPeerNamingTheFieldOnly() throws IOException {
        assertThatThrownBy(() -> map(fixture("broken_message_without_peer.json")))
                .isInstanceOf(VkEventMapper.UnmappableEventException.class)
                .hasMessage("message.peer_id is missing or not an integer");
        assertThatThrownBy(() -> map(JSON.readTree("[1]")))
                .isInstanceOf(VkEventMapper.UnmappableEventException.class);
        assertThatThrownBy(() -> map(JSON.readTree("{\"type\":\"message_new\",\"object\":7}")))
                .isInstanceOf(VkEventMapper.UnmappableEventException.class);
    }

    private Optional<InboundMessage> map(JsonNode event) {
        return mapper.message(event, id -> id == 326596496L
                ? SenderProfile.builder(Long.toString(id)).firstName("Anna").lastName("Petrova").build()
                : SenderProfile.builder(Long.toString(id)).build());
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = VkEventMapperTest.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return JSON.readTree(in);
        }
    }
}
