package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.LoopbackPlatform.Answer;
import org.lineshub.hub.support.LoopbackPlatform.Event;
import org.lineshub.hub.support.TestPlugins;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * While an account cannot take a webhook for a moment (its plugin stopped, reloading or not loaded, the account
 * restarting after a settings change), its webhooks answer 503 so that the platform delivers again; never 404, which
 * some platforms take as "this address is gone for good".
 */
class WebhookRestartIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Autowired
    private ChannelRuntime runtime;

    @Test
    void bothWebhooksAnswer503WhileTheAccountsPluginIsStoppedAndStoreOnceItRunsAgain() {
        String secret = "restart-secret-" + Fixtures.unique();
        String key = "restart-" + Fixtures.unique();
        long line = fixtures.line("Plugin restart", Map.of());
        Fixtures.Account account = fixtures.loopback(line, Map.of("mode", "webhook", "secret", secret,
                "accountKey", key));
        String shared = base() + "/webhooks/shared/loopback";
        Event own = Event.message("r-1", "9401", "9401", "Client9401", "to the account");
        Event viaShared = Event.message("r-2", "9402", "9402", "Client9402", "to the type").with("account", key);

        Answer ownWhileStopped;
        Answer sharedWhileStopped;
        admin.post("/api/v1/plugins/loopback/stop", Map.of()).ok();
        try {
            ownWhileStopped = LOOPBACK.postWebhook(account.webhookUrl(), secret, own);
            sharedWhileStopped = LOOPBACK.postWebhook(shared, secret, viaShared);
        } finally {
            admin.post("/api/v1/plugins/loopback/start", Map.of()).ok();
        }

        assertThat(ownWhileStopped.status()).as(ownWhileStopped.body()).isEqualTo(503);
        assertThat(sharedWhileStopped.status()).as(sharedWhileStopped.body()).isEqualTo(503);
        assertThat(admin.get("/api/v1/sessions?lineId=" + line).ok()).isEmpty();
        assertThat(LOOPBACK.postWebhook(account.webhookUrl(), secret, own).status()).isEqualTo(200);
        assertThat(LOOPBACK.postWebhook(shared, secret, viaShared).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/sessions?lineId=" + line).ok().findValuesAsText("clientName"))
                .containsExactlyInAnyOrder("Client9401", "Client9402");
    }

    @Test
    void bothWebhooksAnswer503WhileTheAccountsPluginIsNotLoaded() throws Exception {
        String secret = "restart-secret-" + Fixtures.unique();
        String key = "unloaded-" + Fixtures.unique();
        long line = fixtures.line("Plugin unloaded", Map.of());
        Fixtures.Account account = fixtures.loopback(line, Map.of("mode", "webhook", "secret", secret,
                "accountKey", key));
        String shared = base() + "/webhooks/shared/loopback";
        Event own = Event.message("u-1", "9404", "9404", "Client9404", "to the account");
        Event viaShared = Event.message("u-2", "9405", "9405", "Client9405", "to the type").with("account", key);

        Answer ownWhileUnloaded;
        Answer sharedWhileUnloaded;
        assertThat(admin.delete("/api/v1/plugins/loopback").status()).isEqualTo(204);
        try {
            ownWhileUnloaded = LOOPBACK.postWebhook(account.webhookUrl(), secret, own);
            sharedWhileUnloaded = LOOPBACK.postWebhook(shared, secret, viaShared);
        } finally {
            byte[] jar = Files.readAllBytes(TestPlugins.loopbackPlugin());
            admin.postFile("/api/v1/plugins", "file", "loopback.jar", "application/java-archive", jar, Map.of())
                    .ok();
            await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(admin.get(
                    "/api/v1/channel-accounts/" + account.id()).ok().get("status").asText()));
        }

        assertThat(ownWhileUnloaded.status()).as(ownWhileUnloaded.body()).isEqualTo(503);
        assertThat(sharedWhileUnloaded.status()).as(sharedWhileUnloaded.body()).isEqualTo(503);
        assertThat(LOOPBACK.postWebhook(account.webhookUrl(), secret, own).status()).isEqualTo(200);
        assertThat(LOOPBACK.postWebhook(shared, secret, viaShared).status()).isEqualTo(200);
    }

    @Test
    void theAccountsWebhookAnswers503WhileItRestartsToReceiveWebhooks() throws Exception {
        String secret = "restart-secret-" + Fixtures.unique();
        long line = fixtures.line("Settings restart", Map.of());
        Fixtures.Account account = fixtures.loopback(line, Map.of("mode", "polling", "secret", secret));
        String name = admin.get("/api/v1/channel-accounts/" + account.id()).ok().get("name").asText();
        Event hello = Event.message("s-1", "9403", "9403", "Client9403", "right after the switch");
        String url = base() + admin.get("/api/v1/channel-accounts/" + account.id()).ok().get("webhookPath").asText();
        assertThat(LOOPBACK.postWebhook(url, secret, hello).status())
                .as("a polling account takes no webhooks").isEqualTo(404);

        Answer whileRestarting;
        CompletableFuture<HubClient.Response> change;
        // the runtime starts and stops one account at a time: while it is busy with others, this account's new
        // settings are committed but it still runs with the old ones
        synchronized (runtime) {
            change = CompletableFuture.supplyAsync(() -> admin.put("/api/v1/channel-accounts/" + account.id(),
                    Map.of("type", "loopback", "name", name, "lineId", line,
                            "settings", Map.of("mode", "webhook"))));
            await().atMost(Duration.ofSeconds(10)).until(() -> "webhook".equals(admin.get("/api/v1/channel-accounts/"
                    + account.id()).ok().get("settings").path("mode").asText()));
            whileRestarting = LOOPBACK.postWebhook(url, secret, hello);
        }
        change.get(30, TimeUnit.SECONDS).ok();

        assertThat(whileRestarting.status()).as(whileRestarting.body()).isEqualTo(503);
        assertThat(LOOPBACK.postWebhook(url, secret, hello).status()).isEqualTo(200);
        assertThat(fixtures.messages(fixtures.awaitSession(line, "Client9403")).findValuesAsText("text"))
                .containsExactly("right after the switch");
    }
}
