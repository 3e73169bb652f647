package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.LoopbackPlatform.Event;
import org.lineshub.hub.support.LoopbackPlatform.Sent;

/**
 * A conversation both ways through a plugin the hub knows nothing about: the loopback plugin, compiled at test time
 * against the plugin API alone, loaded from the plugin directory, talking to a fake platform over HTTP through its
 * typed ports (poller and inbound sink in, outbound sender out, attachment fetcher on demand).
 */
class LoopbackConversationIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Test
    void theLoopbackPluginIsAPluginForApiVersionOne() {
        JsonNode plugin = admin.get("/api/v1/plugins/loopback").ok();

        assertThat(plugin.get("state").asText()).isEqualTo("STARTED");
        assertThat(plugin.get("channelTypes").get(0).asText()).isEqualTo("loopback");
        JsonNode type = admin.get("/api/v1/channel-types/loopback").ok();
        assertThat(type.get("settings").findValuesAsText("name")).containsExactly("baseUrl", "mode", "secret",
                "accountKey");
    }

    @Test
    void aClientMessageOpensASessionAndTheReplyIsSentWithThePlatformsId() {
        long line = fixtures.line("Loopback", Map.of("showOperatorName", false));
        Fixtures.Account account = fixtures.loopback(line);

        long session = fixtures.clientWrites(account, 9001, "Hello, is the shop open?");

        JsonNode view = admin.get("/api/v1/sessions/" + session).ok();
        assertThat(view.get("lineId").asLong()).isEqualTo(line);
        assertThat(view.get("accountId").asLong()).isEqualTo(account.id());
        assertThat(view.get("channelType").asText()).isEqualTo("loopback");
        assertThat(view.get("status").asText()).isEqualTo("QUEUED");
        JsonNode messages = fixtures.messages(session);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("direction").asText()).isEqualTo("INBOUND");
        assertThat(messages.get(0).get("text").asText()).isEqualTo("Hello, is the shop open?");
        assertThat(messages.get(0).get("externalId").asText()).isEqualTo("m-1");
        JsonNode card = admin.get("/api/v1/clients/" + view.get("clientId").asLong()).ok();
        assertThat(card.get("identities").get(0).get("externalUserId").asText()).isEqualTo("9001");
        // the plugin acknowledges (polls with a higher offset) only after the hub stored the batch
        await().atMost(Duration.ofSeconds(10)).until(() -> account.platform().pendingUpdateCount() == 0);

        JsonNode reply = admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "Yes, until 6"))
                .ok();
        assertThat(reply.get("deliveryStatus").asText()).isEqualTo("PENDING");

        List<Sent> sent = account.platform().awaitSent(1, Duration.ofSeconds(10));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).chat()).isEqualTo("9001");
        assertThat(sent.get(0).text()).isEqualTo("Yes, until 6");
        assertThat(sent.get(0).messageId()).isEqualTo(reply.get("id").asLong());
        assertThat(sent.get(0).replyTo()).as("the operator answered no message in particular").isNull();
        JsonNode stored = fixtures.awaitDelivery(session, reply.get("id").asLong(), "SENT");
        assertThat(stored.get("externalId").asText()).isEqualTo(sent.get(0).platformId());
        assertThat(stored.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void theSameMessageDeliveredTwiceIsStoredOnce() {
        long line = fixtures.line("Loopback duplicates", Map.of());
        Fixtures.Account account = fixtures.loopback(line);
        long session = fixtures.clientWrites(account, 9002, "first");
        // the platform delivers the same message again (e.g. after a lost acknowledgement), as a new update
        account.platform().enqueue(Event.message("m-1", "9002", "9002", "Client9002", "first"));
        account.platform().enqueue(Event.message("m-1", "9002", "9002", "Client9002", "first"));
        account.platform().enqueueText("9002", "9002", "Client9002", "second");

        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.messages(session).size() == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> fixtures.messages(session).size() == 2);
        assertThat(fixtures.messages(session).findValuesAsText("text")).containsExactly("first", "second");
    }

    @Test
    void aFileTheClientSentIsFetchedFromThePlatformWhenOpened() {
        long line = fixtures.line("Loopback files in", Map.of());
        Fixtures.Account account = fixtures.loopback(line);
        byte[] png = "not really a png, but bytes".getBytes(StandardCharsets.UTF_8);

        account.platform().enqueueFile("9003", "9003", "Client9003", "my receipt", "receipt.png", "image/png", png);

        long session = fixtures.awaitSession(line, "Client9003");
        JsonNode message = fixtures.messages(session).get(0);
        assertThat(message.get("text").asText()).isEqualTo("my receipt");
        JsonNode attachment = message.get("attachments").get(0);
        assertThat(attachment.get("kind").asText()).isEqualTo("IMAGE");
        assertThat(attachment.get("fileName").asText()).isEqualTo("receipt.png");
        assertThat(admin.download(attachment.get("url").asText())).isEqualTo(png);
    }

    @Test
    void aReplyWithAFileReachesThePlatformWithItsNameAndContent() {
        long line = fixtures.line("Loopback files out", Map.of("showOperatorName", false));
        Fixtures.Account account = fixtures.loopback(line);
        long session = fixtures.clientWrites(account, 9004, "send me the invoice");
        byte[] pdf = "%PDF-1.4 invoice".getBytes(StandardCharsets.UTF_8);

        JsonNode reply = admin.postFile("/api/v1/sessions/" + session + "/messages", "files", "invoice.pdf",
                "application/pdf", pdf, Map.of("text", "Here it is")).ok();

        Sent sent = account.platform().awaitSent(1, Duration.ofSeconds(10)).get(0);
        assertThat(sent.text()).isEqualTo("Here it is");
        assertThat(sent.files()).containsOnlyKeys("invoice.pdf");
        assertThat(sent.files().get("invoice.pdf")).isEqualTo(pdf);
        fixtures.awaitDelivery(session, reply.get("id").asLong(), "SENT");
    }

    @Test
    void serverErrorsTwiceThenSuccessDeliversExactlyOnce() {
        long line = fixtures.line("Loopback retries", Map.of("showOperatorName", false));
        Fixtures.Account account = fixtures.loopback(line);
        long session = fixtures.clientWrites(account, 9005, "are you there?");
        account.platform().failSends(500, 2);

        long id = admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "Yes!")).ok()
                .get("id").asLong();

        JsonNode stored = fixtures.awaitDelivery(session, id, "SENT");
        assertThat(stored.get("attempts").asInt()).isEqualTo(3);
        assertThat(account.platform().sendCalls()).isEqualTo(3);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> account.platform().sent().size() == 1);
        assertThat(account.platform().sent().get(0).text()).isEqualTo("Yes!");
    }

    @Test
    void aReplyThePlatformRefusesIsFailedAtOnceWithItsReason() {
        long line = fixtures.line("Loopback refusals", Map.of());
        Fixtures.Account account = fixtures.loopback(line);
        long session = fixtures.clientWrites(account, 9006, "bye");
        account.platform().failSends(400, 1);

        long id = admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "Thanks")).ok()
                .get("id").asLong();

        JsonNode stored = fixtures.awaitDelivery(session, id, "FAILED");
        assertThat(stored.get("deliveryError").asText()).contains("400").contains("chat not found");
        assertThat(stored.get("attempts").asInt()).isEqualTo(1);
        assertThat(account.platform().sendCalls()).isEqualTo(1);
    }
}
