package org.lineshub.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.DeliveryReceipt;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.ReceiptStatus;

/** The mapping of Meta-shaped webhook payloads (src/test/resources/webhooks) to the plugin API's records. */
class WhatsAppPayloadMapperTest {

    private static final String PHONE_NUMBER_ID = "106540352242922";
    private static final String SENT_ID = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void mapsATextWithTheClientsProfileName() throws IOException {
        InboundMessage m = single("text.json");

        assertThat(m.externalMessageId()).isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
        assertThat(m.externalChatId()).isEqualTo("16505551234");
        assertThat(m.sender().externalUserId()).isEqualTo("16505551234");
        assertThat(m.sender().displayName()).isEqualTo("Sheena Nelson");
        assertThat(m.sender().phone()).isEqualTo("+16505551234");
        assertThat(m.text()).isEqualTo("Does it come in another color?");
        assertThat(m.providerTime()).isEqualTo(Instant.ofEpochSecond(1749416383));
        assertThat(m.attachments()).isEmpty();
        assertThat(m.replyToExternalId()).isNull();
        assertThat(m.rawPayload()).contains("Does it come in another color?");
    }

    @Test
    void decodesTheEscapedNonAsciiMetaSends() throws IOException {
        InboundMessage m = single("text_non_ascii.json");

        assertThat(m.text()).isEqualTo("Привет, äöå \uD83D\uDC4B https://shop.example/order/42");
        assertThat(m.sender().displayName()).isEqualTo("Анна Müller");
    }

    @Test
    void mapsTheQuotedMessageOfAReply() throws IOException {
        assertThat(single("reply.json").replyToExternalId())
                .isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI1RjQ0QkE1QkE3OEQ0OTk4RjgA");
    }

    @Test
    void mapsMediaToAttachmentsByMediaIdWithTheirCaptions() throws IOException {
        InboundMessage image = single("image.json");
        assertThat(image.text()).isEqualTo("The damaged box");
        assertThat(image.attachments()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AttachmentKind.IMAGE);
            assertThat(a.externalRef()).isEqualTo("1003383421387256");
            assertThat(a.mimeType()).isEqualTo("image/jpeg");
        });

        Attachment document = single("document.json").attachments().get(0);
        assertThat(document.kind()).isEqualTo(AttachmentKind.DOCUMENT);
        assertThat(document.fileName()).isEqualTo("invoice-2026-0042.pdf");
        assertThat(document.mimeType()).isEqualTo("application/pdf");
        assertThat(single("document.json").text()).isEqualTo("My invoice");

        InboundMessage voice = single("voice.json");
        assertThat(voice.text()).isNull();
        assertThat(voice.attachments().get(0).kind()).isEqualTo(AttachmentKind.VOICE);
        assertThat(voice.attachments().get(0).mimeType()).isEqualTo("audio/ogg; codecs=opus");

        assertThat(single("video.json").attachments().get(0).kind()).isEqualTo(AttachmentKind.VIDEO);
        assertThat(single("video.json").text()).isEqualTo("How it rattles");
        assertThat(single("sticker.json").attachments()).singleElement()
                .satisfies(a -> assertThat(a.kind()).isEqualTo(AttachmentKind.STICKER));
    }

    @Test
    void mapsALocationToReadableTextAndCoordinates() throws IOException {
        InboundMessage m = single("location.json");

        assertThat(m.text()).isEqualTo("Main store\n1 Hacker Way, Menlo Park, CA 94025\n"
                + "https://www.example.com/stores/menlo-park");
        assertThat(m.extras()).containsEntry("location", "37.4611978,-122.2164385");
    }

    @Test
    void mapsSharedContactsToNamesAndNumbers() throws IOException {
        assertThat(single("contacts.json").text())
                .isEqualTo("Barbara J. Johnson, +1 (650) 555-1234, +1 (650) 555-9999");
    }

    @Test
    void mapsChosenButtonsAndListRowsToTheirTitleAndPayload() throws IOException {
        InboundMessage button = single("interactive_button_reply.json");
        assertThat(button.text()).isEqualTo("Change");
        assertThat(button.extras()).containsEntry("payload", "change-button");
        assertThat(button.replyToExternalId()).isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBIyQTc0NzE4QzhBMjA4RTZGRTgA");

        InboundMessage row = single("interactive_list_reply.json");
        assertThat(row.text()).isEqualTo("Priority Mail Express");
        assertThat(row.extras()).containsEntry("payload", "priority_express")
                .containsEntry("description", "Next Day to 2 Days");

        InboundMessage quickReply = single("button.json");
        assertThat(quickReply.text()).isEqualTo("Stop promotions");
        assertThat(quickReply.extras()).containsEntry("payload", "unsubscribe");
    }

    @Test
    void keepsAnUnsupportedMessageWithMetasReason() throws IOException {
        InboundMessage m = single("unsupported.json");

        assertThat(m.text()).isNull();
        assertThat(m.extras()).containsEntry("type", "unsupported")
                .containsEntry("error", "131051 Message type unknown: Message type is currently not supported.");
    }

    @Test
    void mapsStatusesToReceiptsOfSentMessagesNeverToMessages() throws IOException {
        assertThat(map("status_sent.json").receipts())
                .containsExactly(new DeliveryReceipt(SENT_ID, ReceiptStatus.SENT, Instant.ofEpochSecond(1750263773),
                        null));
        assertThat(map("status_delivered.json").receipts()).extracting(DeliveryReceipt::status)
                .containsExactly(ReceiptStatus.DELIVERED);
        assertThat(map("status_read.json").receipts()).extracting(DeliveryReceipt::status)
                .containsExactly(ReceiptStatus.READ);
        WhatsAppUpdates failed = map("status_failed.json");
        assertThat(failed.receipts()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ReceiptStatus.FAILED);
            assertThat(r.error()).isEqualTo("131047 Re-engagement message: Message failed to send because more "
                    + "than 24 hours have passed since the customer last replied to this number.");
        });
        assertThat(failed.messages()).isEmpty();
    }

    @Test
    void mapsEditsAndRevocationsToChangesOfTheOriginalMessage() throws IOException {
        String original = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";

        assertThat(map("edit.json").changes()).containsExactly(
                MessageChange.edited(original, "Does it come in another colour?", Instant.ofEpochSecond(1749416443)));
        assertThat(map("revoke.json").changes()).containsExactly(
                MessageChange.deleted(original, Instant.ofEpochSecond(1749416503)));
        assertThat(map("edit.json").messages()).isEmpty();
    }

    @Test
    void skipsReactions() throws IOException {
        WhatsAppUpdates updates = map("reaction.json");

        assertThat(updates.messages()).isEmpty();
        assertThat(updates.unmappable()).isEmpty();
    }

    @Test
    void keysAUserWithoutAPhoneNumberByTheBusinessScopedUserId() throws IOException {
        InboundMessage m = single("bsuid.json");

        assertThat(m.externalChatId()).isEqualTo("US.13491208655302741918");
        assertThat(m.sender().externalUserId()).isEqualTo("US.13491208655302741918");
        assertThat(m.sender().username()).isEqualTo("@rio.design");
        assertThat(m.sender().phone()).isNull();
        assertThat(m.sender().displayName()).isEqualTo("Rio");
    }

    @Test
    void sortsTheChangesOfOneRequestByBusinessNumber() throws IOException {
        Map<String, List<JsonNode>> values = WhatsAppPayloadMapper.valuesByPhoneNumber(read("two_numbers.json"));

        assertThat(values).containsOnlyKeys(PHONE_NUMBER_ID, "106540352242923");
        assertThat(WhatsAppPayloadMapper.map(values.get("106540352242923")).messages()).singleElement()
                .satisfies(m -> {
                    assertThat(m.text()).isEqualTo("For the second number");
                    assertThat(m.sender().displayName()).isEqualTo("Kai Ito");
                });
    }

    @Test
    void ignoresOtherWebhookFields() throws IOException {
        assertThat(WhatsAppPayloadMapper.valuesByPhoneNumber(read("template_status_update.json"))).isEmpty();
    }

    @Test
    void refusesABodyThatIsNoWebhookEnvelope() throws IOException {
        assertThatThrownBy(() -> WhatsAppPayloadMapper.valuesByPhoneNumber(json.readTree("{\"object\":\"page\"}")))
                .isInstanceOf(WhatsAppPayloadMapper.UnmappablePayloadException.class).hasMessageContaining("entry");
        assertThatThrownBy(() -> WhatsAppPayloadMapper.valuesByPhoneNumber(json.readTree("[]")))
                .isInstanceOf(WhatsAppPayloadMapper.UnmappablePayloadException.class);
    }

    @Test
    void setsAsideAMessageWithoutIdOrSenderAndMapsTheRest() throws IOException {
        JsonNode value = json.readTree("""
                {"metadata":{"phone_number_id":"1"},
                 "messages":[{"from":"491","timestamp":"1","type":"text","text":{"body":"no id"}},
                             {"id":"wamid.B","timestamp":"1","type":"text","text":{"body":"no sender"}},
                             {"from":"491","id":"wamid.C","timestamp":"1","type":"text","text":{"body":"fine"}}]}
                """);

        WhatsAppUpdates updates = WhatsAppPayloadMapper.map(List.of(value));

        assertThat(updates.messages()).extracting(InboundMessage::text).containsExactly("fine");
        assertThat(updates.unmappable()).extracting(WhatsAppUpdates.Unmappable::reason)
                .containsExactly("id is missing", "the message names no sender: from and from_user_id are missing");
        assertThat(updates.unmappable()).extracting(WhatsAppUpdates.Unmappable::externalId)
                .containsExactly(null, "wamid.B");
    }

    private InboundMessage single(String fixture) throws IOException {
        List<InboundMessage> messages = map(fixture).messages();
        assertThat(messages).as(fixture).hasSize(1);
        return messages.get(0);
    }

    private WhatsAppUpdates map(String fixture) throws IOException {
        Map<String, List<JsonNode>> values = WhatsAppPayloadMapper.valuesByPhoneNumber(read(fixture));
        assertThat(values).as(fixture).containsOnlyKeys(PHONE_NUMBER_ID);
        return WhatsAppPayloadMapper.map(values.get(PHONE_NUMBER_ID));
    }

    private JsonNode read(String fixture) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/webhooks/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            return json.readTree(in);
        }
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = WhatsAppPayloadMapperTest.class.getResourceAsStream("/webhooks/" + name)) {
            return in.readAllBytes();
        }
    }
}
