package org.lineshub.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;
import org.lineshub.vk.fake.FakeCommunity;
import org.lineshub.vk.fake.FakeVkApi;

/** Receiving by the Callback API: VK's requests as the hub hands them to the account's webhook handler. */
class VkCallbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CODE = "d8f1a3c7";
    private static final String SECRET = "Kv7pQ2wZ9xLm4Rt8";

    private FakeVkApi vk;
    private FakeCommunity community;
    private VkTestHub hub;

    @BeforeEach
    void start() throws Exception {
        vk = FakeVkApi.start();
        community = vk.community(VkTestHub.GROUP_ID, VkTestHub.TOKEN).user(1001, "Anna", "Petrova", null)
                .callbackSettings(CODE, SECRET);
        hub = VkTestHub.start(VkTestHub.settings(vk.baseUrl(), VkSettings.MODE, "callback",
                VkSettings.CONFIRMATION_CODE, CODE, VkSettings.SECRET, SECRET));
    }

    @AfterEach
    void stop() {
        hub.close();
        vk.close();
    }

    @Test
    void answersTheConfirmationWithTheCodeAsPlainText() throws Exception {
        WebhookResponse answer = hub.webhook(post(community.confirmation()));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/plain");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(CODE);
        assertThat(hub.sink().batches).isEmpty();
    }

    @Test
    void storesAMessageThenAnswersOk() throws Exception {
        ObjectNode event = community.callback(community.messageNew(1001, 1001, "hello"));

        WebhookResponse answer = hub.webhook(post(event));

        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(answer.status()).isEqualTo(200);
        InboundMessage message = hub.inbound().get(0);
        assertThat(message.externalMessageId()).isEqualTo("1001:1");
        assertThat(message.sender().displayName()).isEqualTo("Anna Petrova");
        assertThat(message.rawPayload()).as("the secret is not kept").doesNotContain(SECRET)
                .contains("\"event_id\"");
    }

    @Test
    void givesADuplicateDeliveryTheSameIdAsTheLongPollWould() throws Exception {
        ObjectNode event = community.messageNew(1001, 1001, "twice");

        hub.webhook(post(community.callback(event)));
        hub.webhook(post(community.callback(event)));

        assertThat(hub.inbound()).extracting(InboundMessage::externalMessageId).containsExactly("1001:1", "1001:1");
    }

    @Test
    void refusesAWrongOrMissingSecretWith403AndStoresNothing() {
        ObjectNode event = community.messageNew(1001, 1001, "forged");
        ObjectNode wrong = event.deepCopy().put("secret", "guess");

        assertThatThrownBy(() -> hub.webhook(post(wrong)))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> hub.webhook(post(event)))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(403));
        ObjectNode confirmation = community.confirmation().put("secret", "guess");
        assertThatThrownBy(() -> hub.webhook(post(confirmation)))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(403));
        ObjectNode otherCommunity = community.callback(event).put("group_id", 1);
        assertThatThrownBy(() -> hub.webhook(post(otherCommunity)))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(hub.sink().batches).isEmpty();
        assertThat(hub.sink().parked).isEmpty();
    }

    @Test
    void refusesABodyThatIsNotJsonWith400() {
        assertThatThrownBy(() -> hub.webhook(post("not json".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> hub.webhook(post(new byte[0])))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void acknowledgesEventsItDoesNotTakeAndParksWhatItCannotMap() throws Exception {
        ObjectNode typing = community.callback(VkEventMapperTest.fixture("message_typing_state.json"));
        typing.put("group_id", VkTestHub.GROUP_ID);
        assertThat(text(hub.webhook(post(typing)))).isEqualTo("ok");
        assertThat(text(hub.webhook(post(community.callback(VkEventMapperTest.fixture("message_reply.json")
                .deepCopy()))))).isEqualTo("ok");

        ObjectNode broken = community.callback(VkEventMapperTest.fixture("broken_message_without_peer.json"));
        assertThat(text(hub.webhook(post(broken)))).isEqualTo("ok");
        ObjectNode untyped = JSON.createObjectNode().put("group_id", VkTestHub.GROUP_ID).put("secret", SECRET);
        assertThat(text(hub.webhook(post(untyped)))).isEqualTo("ok");

        assertThat(hub.sink().batches).isEmpty();
        assertThat(hub.sink().parked).hasSize(2).allSatisfy(p -> assertThat(p.rawText()).doesNotContain(SECRET));
        assertThat(hub.sink().parked.get(0).externalId()).isEqualTo("event:deaddeaddeaddeaddeaddeaddeaddeaddeaddead");
    }

    @Test
    void letsTheHubAnswer503WhenItCannotStore() {
        hub.sink().failures.set(1);
        ObjectNode event = community.callback(community.messageNew(1001, 1001, "later"));

        assertThatThrownBy(() -> hub.webhook(post(event))).isInstanceOf(NotStoredException.class);
        assertThat(hub.sink().batches).isEmpty();
    }

    @Test
    void takesEditsByCallbackToo() throws Exception {
        ObjectNode first = community.messageNew(1001, 1001, "my order 123");
        hub.webhook(post(community.callback(first)));

        hub.webhook(post(community.callback(community.messageEdit(first, "my order 12345"))));

        assertThat(hub.sink().changes).singleElement().satisfies(c -> {
            assertThat(c.externalMessageId()).isEqualTo("1001:1");
            assertThat(c.text()).isEqualTo("my order 12345");
        });
    }

    @Test
    void offersNoWebhookInLongPollMode() throws Exception {
        try (VkTestHub polling = VkTestHub.start(VkTestHub.settings(vk.baseUrl()))) {
            assertThat(polling.account.webhook()).isEmpty();
            assertThat(polling.account.attachments()).isPresent();
        }
        assertThat(hub.account.webhook()).isPresent();
    }

    private static String text(WebhookResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static WebhookRequest post(JsonNode event) {
        return post(event.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest post(byte[] body) {
        return new WebhookRequest("POST", Map.of("Content-Type", List.of("application/json")), Map.of(), body);
    }
}
