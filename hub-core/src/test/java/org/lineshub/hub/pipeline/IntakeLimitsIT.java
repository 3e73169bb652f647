package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.channel.InboundSinks;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.InboundSink;
import org.lineshub.plugin.api.SenderProfile;
import org.lineshub.plugin.api.StoreResult;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One bad message never blocks a channel: values longer than their columns are stored cut, and a message the
 * database refuses for another reason is parked while the rest of its batch is stored; a time no column holds is
 * dropped. The messages are handed to a
 * running loopback account's sink, exactly as its plugin hands them over.
 */
class IntakeLimitsIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Autowired
    private InboundSinks sinks;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void overLongNamesAddressesAndFileTypesAreStoredCutToTheirColumns() throws Exception {
        long line = fixtures.line("Long values", Map.of());
        Fixtures.Account account = fixtures.loopback(line);
        String chat = "long-" + Fixtures.unique();
        SenderProfile sender = SenderProfile.builder(chat).displayName("N".repeat(400))
                .email("e".repeat(400) + "@example.com").phone("1".repeat(60)).languageCode("x".repeat(50))
                .username("u".repeat(300)).build();
        InboundMessage message = InboundMessage.builder("long-1", chat, sender).text("see the file")
                .subject("S".repeat(2000))
                .attachment(Attachment.external(AttachmentKind.DOCUMENT, "ref-" + "r".repeat(1200))
                        .fileName("f".repeat(600) + ".pdf").mimeType("application/" + "x".repeat(300)).build())
                .build();

        StoreResult result = sinks.forAccount(account.id()).store(List.of(message));

        assertThat(result).isEqualTo(new StoreResult(1, 0, 0));
        JsonNode session = admin.get("/api/v1/sessions?lineId=" + line).ok().get(0);
        assertThat(session.get("clientName").asText()).isEqualTo("N".repeat(300));
        JsonNode card = admin.get("/api/v1/clients/" + session.get("clientId").asLong()).ok();
        assertThat(card.get("email").asText()).isEqualTo("e".repeat(320));
        assertThat(card.get("phone").asText()).isEqualTo("1".repeat(40));
        assertThat(card.get("identities").get(0).get("username").asText()).isEqualTo("u".repeat(191));
        assertThat(card.get("identities").get(0).get("languageCode").asText()).isEqualTo("x".repeat(35));
        JsonNode stored = fixtures.messages(session.get("id").asLong()).get(0);
        assertThat(stored.get("text").asText()).isEqualTo("see the file");
        assertThat(stored.get("subject").asText()).isEqualTo("S".repeat(998));
        JsonNode file = stored.get("attachments").get(0);
        assertThat(file.get("mimeType").asText()).isEqualTo("application/" + "x".repeat(255 - 12));
        assertThat(file.get("fileName").asText()).isEqualTo("f".repeat(500));
    }

    @Test
    void aMessageTheDatabaseRefusesIsParkedWhileTheRestOfItsBatchIsStoredAndTheChannelFlows() throws Exception {
        long line = fixtures.line("Refused value", Map.of());
        Fixtures.Account account = fixtures.loopback(line);
        String chat = "refused-" + Fixtures.unique();
        SenderProfile sender = SenderProfile.builder(chat).displayName("Client " + chat).build();
        // a value the database refuses although it fits its column: what the hub cannot foresee, such as a check an
        // administrator added to the schema (SQL state class 22, a data exception, as MariaDB's own refusals)
        jdbc.execute("CREATE TRIGGER IF NOT EXISTS refuse_marked_text BEFORE INSERT ON message FOR EACH ROW"
                + " IF NEW.text = 'refused by the database' THEN"
                + " SIGNAL SQLSTATE '22007' SET MESSAGE_TEXT = 'refused by a check'; END IF");
        List<InboundMessage> batch = List.of(
                InboundMessage.builder("before", chat, sender).text("before").build(),
                InboundMessage.builder("refused", chat, sender).text("refused by the database")
                        .rawPayload("the update").build(),
                // DATETIME ends with the year 9999: a time no clock shows is dropped, and the message stored
                InboundMessage.builder("after", chat, sender).text("after")
                        .providerTime(Instant.parse("+10000-01-01T00:00:00Z")).build());
        InboundSink sink = sinks.forAccount(account.id());

        StoreResult first = sink.store(batch);
        StoreResult again = sink.store(batch);

        assertThat(first).isEqualTo(new StoreResult(2, 0, 1));
        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(2);
        long session = fixtures.awaitSession(line, "Client " + chat);
        assertThat(fixtures.messages(session).findValuesAsText("text")).containsExactly("before", "after");
        JsonNode parked = admin.get("/api/v1/dead-letters?accountId=" + account.id()).ok();
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).get("externalId").asText()).isEqualTo("refused");
        assertThat(parked.get(0).get("reason").asText()).contains("cannot be stored");
        assertThat(parked.get(0).get("payload").asText()).isEqualTo("the update");

        // the platform's next update arrives as ever
        long next = Fixtures.unique();
        long nextSession = fixtures.clientWrites(account, next, "still flowing");
        assertThat(fixtures.messages(nextSession).findValuesAsText("text")).containsExactly("still flowing");
    }
}
