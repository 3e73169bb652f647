package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.LoopbackPlatform.Answer;
import org.lineshub.hub.support.LoopbackPlatform.Event;

/**
 * Platforms' ids are compared exactly, as the platforms compare them: ids that differ only in case (email
 * Message-IDs, base64 ids) are different messages, users and chats. Posted to a loopback account's webhook.
 */
class ExternalIdsIT extends HubIT {

    private static final String SECRET = "exact-ids-secret-0123456789";

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private long line;
    private Fixtures.Account account;

    @BeforeEach
    void webhookAccount() {
        line = fixtures.line("Exact ids", Map.of());
        account = fixtures.loopback(line, Map.of("mode", "webhook", "secret", SECRET));
    }

    @Test
    void twoMessagesWhoseIdsDifferOnlyInCaseAreBothStored() {
        String chat = "case-" + Fixtures.unique();

        Answer upper = LOOPBACK.postWebhook(account.webhookUrl(), SECRET,
                Event.message("Msg-AbC", chat, chat, "Client " + chat, "upper"));
        Answer lower = LOOPBACK.postWebhook(account.webhookUrl(), SECRET,
                Event.message("msg-abc", chat, chat, "Client " + chat, "lower"));
        Answer both = LOOPBACK.postWebhook(account.webhookUrl(), SECRET,
                Event.message("MSG-X", chat, chat, "Client " + chat, "in one"),
                Event.message("msg-x", chat, chat, "Client " + chat, "batch"));

        assertThat(upper.status()).as(upper.body()).isEqualTo(200);
        assertThat(lower.status()).as(lower.body()).isEqualTo(200);
        assertThat(both.status()).as(both.body()).isEqualTo(200);
        long session = fixtures.awaitSession(line, "Client " + chat);
        assertThat(fixtures.messages(session).findValuesAsText("externalId"))
                .containsExactly("Msg-AbC", "msg-abc", "MSG-X", "msg-x");
        assertThat(admin.get("/api/v1/dead-letters?accountId=" + account.id()).ok()).isEmpty();
    }

    @Test
    void twoUsersWhoseIdsDifferOnlyInCaseAreTwoIdentitiesInTwoChats() {
        String id = "User-" + Fixtures.unique() + "-Kim";

        Answer first = LOOPBACK.postWebhook(account.webhookUrl(), SECRET,
                Event.message("k-1", id, id, "Kim upper", "hello"));
        Answer second = LOOPBACK.postWebhook(account.webhookUrl(), SECRET,
                Event.message("k-2", id.toLowerCase(), id.toLowerCase(), "Kim lower", "hello too"));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        long upper = fixtures.awaitSession(line, "Kim upper");
        long lower = fixtures.awaitSession(line, "Kim lower");
        assertThat(upper).isNotEqualTo(lower);
        JsonNode sessions = admin.get("/api/v1/sessions?lineId=" + line).ok();
        assertThat(sessions.findValuesAsText("clientId")).hasSize(2).doesNotHaveDuplicates();
        for (JsonNode s : sessions) {
            JsonNode identities = admin.get("/api/v1/clients/" + s.get("clientId").asLong()).ok().get("identities");
            assertThat(identities).hasSize(1);
            assertThat(identities.get(0).get("externalUserId").asText())
                    .isEqualTo(s.get("clientName").asText().equals("Kim upper") ? id : id.toLowerCase());
        }
    }
}
