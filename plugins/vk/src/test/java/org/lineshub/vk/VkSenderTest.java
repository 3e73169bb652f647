package org.lineshub.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.lineshub.vk.fake.FakeCommunity;
import org.lineshub.vk.fake.FakeVkApi;
import org.lineshub.vk.fake.SentRecord;

/** Sending with messages.send and VK's upload flow, against the fake over HTTP. */
class VkSenderTest {

    @RegisterExtension
    final TokenLeakCheck tokenLeakCheck = new TokenLeakCheck(VkTestHub.TOKEN);

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeVkApi vk;
    private FakeCommunity community;
    private VkTestHub hub;

    @BeforeEach
    void start() throws Exception {
        vk = FakeVkApi.start();
        community = vk.community(VkTestHub.GROUP_ID, VkTestHub.TOKEN);
        hub = VkTestHub.start(VkTestHub.settings(vk.baseUrl(), VkSettings.MODE, "callback",
                VkSettings.CONFIRMATION_CODE, "c0de", VkSettings.SECRET, "s3cret"));
    }

    @AfterEach
    void stop() {
        hub.close();
        vk.close();
    }

    @Test
    void sendsATextAsAFormPostAndAnswersWithTheIdOfReceivedMessages() throws Exception {
        community.clientWrites(1001, 1001, "hello");

        SentMessage sent = hub.send(OutboundMessage.builder(77, 5, "1001").text("Hi & welcome").build());

        assertThat(sent.externalMessageId()).as("peer:conversation_message_id, like received ids").isEqualTo("1001:2");
        assertThat(sent.providerTime()).isNotNull();
        assertThat(community.sent()).singleElement().satisfies(r -> {
            assertThat(r.peerId()).isEqualTo(1001);
            assertThat(r.text()).isEqualTo("Hi & welcome");
            assertThat(r.randomId()).isEqualTo(VkSender.randomId(77, 0));
        });
        assertThat(community.lastCall("messages.send")).containsEntry("peer_id", "1001")
                .containsEntry("message", "Hi & welcome").containsEntry("v", "5.199")
                .containsEntry("access_token", VkTestHub.TOKEN)
                .containsEntry("random_id", Integer.toString(VkSender.randomId(77, 0)));
        assertThat(community.lastCall("messages.getById")).containsEntry("group_id",
                Long.toString(VkTestHub.GROUP_ID));
    }

    @Test
    void aRetryOfTheSameMessageSendsNothingTwice() throws Exception {
        OutboundMessage message = OutboundMessage.builder(78, 5, "1001").text("only once").build();

        SentMessage first = hub.send(message);
        SentMessage retry = hub.send(message);

        assertThat(community.calls("messages.send")).isEqualTo(2);
        assertThat(community.sent()).hasSize(1);
        assertThat(retry.externalMessageId()).isEqualTo(first.externalMessageId());
    }

    @Test
    void randomIdsAreDeterministicPositiveAndDistinctPerMessageAndPart() {
        assertThat(VkSender.randomId(1, 0)).isEqualTo(64);
        assertThat(VkSender.randomId(1, 1)).isEqualTo(65);
        assertThat(VkSender.randomId(2, 0)).isEqualTo(128);
        assertThat(VkSender.randomId(Long.MAX_VALUE, 63)).isPositive();
        assertThat(VkSender.randomId(1L << 25, 0)).as("never 0").isNotZero();
        assertThat(java.util.stream.LongStream.range(1, 200_000).map(id -> VkSender.randomId(id, 0)).distinct()
                .count()).isEqualTo(199_999);
    }

    @Test
    void mapsVkErrorsToFinalOrTransientFailures() {
        community.denyMessages(1002);
        OutboundMessage toDenied = OutboundMessage.builder(79, 5, "1002").text("hi").build();
        assertThatThrownBy(() -> hub.send(toDenied)).isInstanceOf(ChannelRejectedException.class)
                .hasMessage("Can't send messages for users without permission (VK error 901)");

        OutboundMessage message = OutboundMessage.builder(80, 5, "1001").text("hi").build();
        for (int[] limit : new int[][] {{6, 1}, {9, 10}, {29, 60}}) {
            community.failNext("messages.send", limit[0], "limit " + limit[0]);
            assertThatThrownBy(() -> hub.send(message)).isInstanceOfSatisfying(ChannelTransportException.class,
                    e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(limit[1])));
        }
        community.failNext("messages.send", 10, "Internal server error");
        assertThatThrownBy(() -> hub.send(message)).isInstanceOf(ChannelTransportException.class);
        assertThat(hub.channel.failures).isEmpty();

        community.failNext("messages.send", 5, "User authorization failed: access_token has expired.");
        assertThatThrownBy(() -> hub.send(message)).isInstanceOf(ChannelRejectedException.class)
                .hasMessage("VK rejected the community access token (error 5)");
        assertThat(hub.channel.failures).containsExactly("VK rejected the community access token (error 5)");
        assertThatThrownBy(() -> hub.send(OutboundMessage.builder(81, 5, "not-a-peer").text("x").build()))
                .isInstanceOf(ChannelRejectedException.class);
    }

    @Test
    void aVkThatCannotBeReachedIsATransportFailure() throws Exception {
        vk.close();

        assertThatThrownBy(() -> hub.send(OutboundMessage.builder(82, 5, "1001").text("hi").build()))
                .isInstanceOf(ChannelTransportException.class).hasMessageContaining("could not reach VK");
    }

    @Test
    void uploadsPhotosAndDocumentsAndAttachesThem() throws Exception {
        hub.channel.files.put("f1", PNG);
        hub.channel.files.put("f2", "%PDF-1.4 invoice".getBytes(StandardCharsets.UTF_8));
        OutboundMessage message = OutboundMessage.builder(83, 5, "1001").text("your files")
                .attachment(Attachment.external(AttachmentKind.IMAGE, "x").externalRef(null).localRef("f1")
                        .fileName("photo.png").mimeType("image/png").build())
                .attachment(Attachment.external(AttachmentKind.DOCUMENT, "x").externalRef(null).localRef("f2")
                        .fileName("invoice.pdf").mimeType("application/pdf").build())
                .build();

        hub.send(message);

        SentRecord sent = community.sent().get(0);
        assertThat(sent.text()).isEqualTo("your files");
        assertThat(sent.attachments()).hasSize(2);
        assertThat(sent.attachments().get(0)).startsWith("photo-" + VkTestHub.GROUP_ID + "_");
        assertThat(sent.attachments().get(1)).startsWith("doc-" + VkTestHub.GROUP_ID + "_");
        assertThat(community.attachmentContent(sent.attachments().get(0))).isEqualTo(PNG);
        assertThat(community.attachmentContent(sent.attachments().get(1)))
                .isEqualTo("%PDF-1.4 invoice".getBytes(StandardCharsets.UTF_8));
        assertThat(community.attachmentName(sent.attachments().get(1))).isEqualTo("invoice.pdf");
        assertThat(community.lastCall("docs.getMessagesUploadServer")).containsEntry("type", "doc")
                .containsEntry("peer_id", "1001");
        assertThat(community.lastCall("photos.getMessagesUploadServer")).containsEntry("peer_id", "1001");
    }

    @Test
    void aFileTheUploadServerDoesNotTakeAsAPhotoIsRefused() {
        hub.channel.files.put("f1", "not an image".getBytes(StandardCharsets.UTF_8));
        OutboundMessage message = OutboundMessage.builder(84, 5, "1001")
                .attachment(Attachment.external(AttachmentKind.IMAGE, "x").externalRef(null).localRef("f1")
                        .mimeType("image/jpeg").build())
                .build();

        assertThatThrownBy(() -> hub.send(message)).isInstanceOf(ChannelRejectedException.class)
                .hasMessageContaining("took no photo");
        assertThat(community.sent()).isEmpty();
    }

    @Test
    void splitsLongTextsAndSkipsThePartsVkAlreadyHas() throws Exception {
        String text = "a".repeat(4000) + "\n" + "b".repeat(4000) + "\n" + "c".repeat(10);
        OutboundMessage message = OutboundMessage.builder(85, 5, "1001").text(text).build();
        community.failNext("messages.send", 1, "Unknown error occurred");

        assertThatThrownBy(() -> hub.send(message)).isInstanceOfSatisfying(ChannelTransportException.class,
                e -> assertThat(e.partsSent()).isZero());
        hub.send(message);
        OutboundMessage retry = OutboundMessage.builder(85, 5, "1001").text(text).partsSent(1).build();
        hub.send(retry);

        List<SentRecord> sent = community.sent();
        assertThat(sent).extracting(SentRecord::text).containsExactly("a".repeat(4000), "b".repeat(4000) + "\n"
                + "c".repeat(10));
        assertThat(sent).extracting(SentRecord::randomId)
                .containsExactly(VkSender.randomId(85, 0), VkSender.randomId(85, 1));
    }

    @Test
    void quotesTheAnsweredMessageWithItsConversationMessageId() throws Exception {
        community.clientWrites(2_000_000_005L, 1001, "question in a chat");

        SentMessage sent = hub.send(OutboundMessage.builder(86, 5, "2000000005").text("answer")
                .replyToExternalId("2000000005:1").senderName("Olga").build());

        SentRecord record = community.sent().get(0);
        assertThat(record.text()).isEqualTo("Olga:\nanswer");
        assertThat(JSON.readTree(record.forward())).isEqualTo(JSON.readTree(
                "{\"peer_id\":2000000005,\"conversation_message_ids\":[1],\"is_reply\":true}"));
        assertThat(sent.externalMessageId()).as("VK gives communities no message ids in chats").isNull();

        hub.send(OutboundMessage.builder(87, 5, "1001").text("elsewhere").replyToExternalId("2000000005:1").build());
        assertThat(community.sent().get(1).forward()).as("not a message of this conversation").isNull();
    }

    @Test
    void refusesAMessageWithNothingToSend() {
        assertThatThrownBy(() -> hub.send(OutboundMessage.builder(88, 5, "1001").build()))
                .isInstanceOf(ChannelRejectedException.class);
    }
}
