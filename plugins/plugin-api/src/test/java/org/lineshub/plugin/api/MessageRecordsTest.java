package org.lineshub.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MessageRecordsTest {

    @Test
    void aSenderWithoutADisplayNameGetsOneFromWhatIsKnown() {
        assertThat(SenderProfile.builder("1").firstName("Anna").lastName("Petrova").build().displayName())
                .isEqualTo("Anna Petrova");
        assertThat(SenderProfile.builder("2").username("anna_p").build().displayName()).isEqualTo("anna_p");
        assertThat(SenderProfile.builder("3").email("a@example.com").build().displayName()).isEqualTo("a@example.com");
        assertThat(SenderProfile.builder("4").build().displayName()).isEqualTo("4");
    }

    @Test
    void printedMessagesShowIdsOnlyNeverTextOrNames() {
        SenderProfile sender = SenderProfile.builder("42").firstName("Anna").phone("+79990000000").build();
        InboundMessage message = InboundMessage.builder("chat:1", "chat", sender).text("my card is 4111")
                .rawPayload("{\"secret\":true}").build();
        OutboundMessage reply = OutboundMessage.builder(1, 3, "chat").text("your code is 1234").senderName("Anna")
                .template(new MessageTemplate("hello", "en", List.of("Anna"))).build();

        assertThat(message.toString()).contains("chat:1").doesNotContain("4111", "Anna", "secret", "+7999");
        assertThat(sender.toString()).doesNotContain("Anna", "+7999");
        assertThat(reply.toString()).doesNotContain("1234", "Anna");
        assertThat(new ChannelSettings(Map.of("botToken", "123:abc")).toString()).doesNotContain("123:abc");
    }

    @Test
    void partsSentOnEarlierAttemptsTravelWithTheMessageAndItsFailures() {
        OutboundMessage first = new OutboundMessage(1, 3, "chat", null, null, "hello", null, List.of(), List.of(),
                null, null, null, null, null, Map.of());
        OutboundMessage retry = OutboundMessage.builder(1, 3, "chat").text("hello").partsSent(2).build();

        assertThat(first.partsSent()).as("the constructor of API 1.0 makes a first attempt").isZero();
        assertThat(retry.partsSent()).isEqualTo(2);
        assertThat(new ChannelTransportException("503", null, null, 3).partsSent()).isEqualTo(3);
        assertThat(new ChannelTransportException("503", null).partsSent()).isZero();
        assertThat(new ChannelRejectedException("blocked", 1).partsSent()).isEqualTo(1);
        assertThat(new ChannelRejectedException("blocked").partsSent()).isZero();
        assertThatThrownBy(() -> OutboundMessage.builder(1, 3, "chat").partsSent(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChannelTransportException("503", null, null, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inboundMessagesNeedTheirIdsAndASender() {
        SenderProfile sender = SenderProfile.builder("42").build();
        assertThatThrownBy(() -> InboundMessage.builder(" ", "chat", sender).build())
                .hasMessageContaining("externalMessageId");
        assertThatThrownBy(() -> InboundMessage.builder("1", null, sender).build())
                .hasMessageContaining("externalChatId");
        assertThatThrownBy(() -> SenderProfile.builder("").build()).hasMessageContaining("externalUserId");
        assertThatThrownBy(() -> Attachment.external(AttachmentKind.IMAGE, null).build())
                .hasMessageContaining("externalRef or a localRef");
    }

    @Test
    void theSequenceTravelsWithTheMessageAndTheConstructorOfApi11GivesNone() {
        SenderProfile sender = SenderProfile.builder("42").build();
        Instant sent = Instant.ofEpochSecond(1718000000);
        InboundMessage numbered = InboundMessage.builder("chat:17", "chat", sender).text("hi").providerTime(sent)
                .sequence(17L).build();
        InboundMessage old = new InboundMessage("chat:17", "chat", null, sender, null, "hi", null, List.of(), null,
                sent, Map.of(), null);

        assertThat(numbered.sequence()).isEqualTo(17L);
        assertThat(InboundMessage.builder("chat:1", "chat", sender).build().sequence()).isNull();
        assertThat(old.sequence()).as("the constructor of API 1.1 numbers nothing").isNull();
        assertThat(old).isEqualTo(InboundMessage.builder("chat:17", "chat", sender).text("hi").providerTime(sent)
                .build());
        assertThat(numbered).isNotEqualTo(old);
    }

    @Test
    void descriptorsCheckTheirTypeNameAndSettings() {
        SettingField token = SettingField.builder("token", SettingType.STRING).required().secret().build();
        ChannelDescriptor ok = new ChannelDescriptor("my-chat", "My chat", null, List.of(token),
                Set.of(ChannelCapability.START_CONVERSATION));
        assertThat(ok.setting("token")).contains(token);
        assertThat(ok.can(ChannelCapability.START_CONVERSATION)).isTrue();
        assertThat(ok.can(ChannelCapability.EDITS)).isFalse();

        assertThatThrownBy(() -> new ChannelDescriptor("My Chat", null, null, null, null))
                .hasMessageContaining("channel type");
        assertThatThrownBy(() -> new ChannelDescriptor("x", null, null, List.of(token, token), null))
                .hasMessageContaining("unique");
        assertThatThrownBy(() -> SettingField.builder("mode", SettingType.ENUM).build()).hasMessageContaining("options");
        assertThatThrownBy(() -> SettingField.builder("mode", SettingType.ENUM).options("a").defaultValue("b").build())
                .hasMessageContaining("default");
        assertThatThrownBy(() -> new RejectedInputException(500, "no")).hasMessageContaining("4xx");
    }

    @Test
    void descriptorsCheckTheirPlatformRules() {
        SettingField phone = SettingField.builder("phoneNumberId", SettingType.STRING).required().build();
        ChannelDescriptor whatsapp = ChannelDescriptor.builder("whats").settings(List.of(phone))
                .capabilities(ChannelCapability.TEMPLATES).replyWindow(Duration.ofHours(24)).inboundOnOneNode()
                .webhookRoutingSetting("phoneNumberId").build();
        assertThat(whatsapp.replyWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(whatsapp.inboundOnOneNode()).isTrue();
        assertThat(whatsapp.can(ChannelCapability.TEMPLATES)).isTrue();

        assertThatThrownBy(() -> ChannelDescriptor.builder("x").webhookRoutingSetting("nope").build())
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> ChannelDescriptor.builder("x").replyWindow(Duration.ZERO).build())
                .hasMessageContaining("positive");
    }

    @Test
    void webhookRequestsFindHeadersInAnyCaseAndPrintNoBody() {
        WebhookRequest request = new WebhookRequest("get", Map.of("X-Hub-Signature-256", List.of("sha256=ab")),
                Map.of("hub.challenge", List.of("42")), "{\"token\":\"secret\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.header("x-hub-signature-256")).contains("sha256=ab");
        assertThat(request.queryParam("hub.challenge")).contains("42");
        assertThat(request.header("missing")).isEmpty();
        assertThat(request.toString()).doesNotContain("secret");
        assertThat(WebhookResponse.text("42").body()).isEqualTo("42".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void changesAndReceiptsNeedTheMessageTheyAreAbout() {
        assertThat(MessageChange.edited("m1", "new text", null).toString()).doesNotContain("new text");
        assertThatThrownBy(() -> MessageChange.deleted(" ", null)).hasMessageContaining("externalMessageId");
        assertThatThrownBy(() -> new DeliveryReceipt("m1", null, null, null)).hasMessageContaining("status");
    }
}
