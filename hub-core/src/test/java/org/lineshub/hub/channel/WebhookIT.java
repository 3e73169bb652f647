package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.LoopbackPlatform;
import org.lineshub.hub.support.LoopbackPlatform.Answer;
import org.lineshub.hub.support.LoopbackPlatform.Event;

/**
 * Webhooks as the plugin answers them: an account's own address (the platform's GET handshake and signed POSTs) and
 * the channel type's shared address, where the plugin finds each request's account by its {@code accountKey}.
 * Deliveries (POST) are answered by the webhook fast path, anything it leaves alone through Spring MVC: both answer
 * alike. Refused signatures and bodies: {@code BadInputIT}.
 */
class WebhookIT extends HubIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Test
    void theHandshakeIsAnsweredWithTheChallengeOnlyForTheRightToken() {
        String secret = secret();
        Fixtures.Account account = fixtures.loopback(fixtures.line("Handshake", Map.of()),
                Map.of("mode", "webhook", "secret", secret));

        Answer right = LOOPBACK.handshake(account.webhookUrl(), "challenge-4711", secret);
        Answer wrong = LOOPBACK.handshake(account.webhookUrl(), "challenge-4712", secret + "x");

        assertThat(right.status()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("challenge-4711");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("challenge-4712");
    }

    @Test
    void aSignedUpdateIsStoredBeforeThePlatformGetsItsAnswer() {
        String secret = secret();
        long line = fixtures.line("Pushed", Map.of());
        Fixtures.Account account = fixtures.loopback(line, Map.of("mode", "webhook", "secret", secret));

        Answer answer = LOOPBACK.postWebhook(account.webhookUrl(), secret,
                Event.message("p-1", "9301", "9301", "Client9301", "via webhook"));

        assertThat(answer.status()).isEqualTo(200);
        // no waiting: the plugin answered only after the hub committed the message
        assertThat(admin.get("/api/v1/sessions?lineId=" + line).ok().findValuesAsText("clientName"))
                .containsExactly("Client9301");
        assertThat(account.platform().polls()).as("a webhook account does not poll").isZero();
    }

    @Test
    void theSharedWebhookHandsEachRequestToTheAccountItNames() {
        String url = base() + "/webhooks/shared/loopback";
        String secretA = secret();
        String secretB = secret();
        String keyA = "shop-a-" + Fixtures.unique();
        String keyB = "shop-b-" + Fixtures.unique();
        long lineA = fixtures.line("Shared A", Map.of());
        long lineB = fixtures.line("Shared B", Map.of());
        fixtures.loopback(lineA, Map.of("mode", "webhook", "secret", secretA, "accountKey", keyA));
        fixtures.loopback(lineB, Map.of("mode", "webhook", "secret", secretB, "accountKey", keyB));

        Answer toA = LOOPBACK.postWebhook(url, secretA,
                Event.message("s-1", "9302", "9302", "Client9302", "for shop A").with("account", keyA));
        Answer toB = LOOPBACK.postWebhook(url, secretB,
                Event.message("s-1", "9303", "9303", "Client9303", "for shop B").with("account", keyB));

        assertThat(toA.status()).as(toA.body()).isEqualTo(200);
        assertThat(toB.status()).as(toB.body()).isEqualTo(200);
        assertThat(fixtures.messages(fixtures.awaitSession(lineA, "Client9302")).findValuesAsText("text"))
                .containsExactly("for shop A");
        assertThat(fixtures.messages(fixtures.awaitSession(lineB, "Client9303")).findValuesAsText("text"))
                .containsExactly("for shop B");
        assertThat(admin.get("/api/v1/sessions?lineId=" + lineA).ok()).hasSize(1);
        assertThat(admin.get("/api/v1/sessions?lineId=" + lineB).ok()).hasSize(1);
    }

    @Test
    void theSharedWebhookRefusesARequestSignedForAnotherAccount() {
        String url = base() + "/webhooks/shared/loopback";
        String secretA = secret();
        String keyA = "shop-c-" + Fixtures.unique();
        long lineA = fixtures.line("Shared C", Map.of());
        fixtures.loopback(lineA, Map.of("mode", "webhook", "secret", secretA, "accountKey", keyA));

        Answer forged = LOOPBACK.postWebhook(url, secret(),
                Event.message("s-2", "9304", "9304", "Client9304", "forged").with("account", keyA));
        Answer unknown = LOOPBACK.postWebhook(url, secretA,
                Event.message("s-3", "9305", "9305", "Client9305", "nobody").with("account", "no-such-key"));

        assertThat(forged.status()).isEqualTo(401);
        assertThat(unknown.status()).as("the platform should deliver again later").isEqualTo(503);
        assertThat(admin.get("/api/v1/sessions?lineId=" + lineA).ok()).isEmpty();
    }

    @Test
    void theSharedHandshakeAcceptsTheTokenOfAnyRunningAccount() {
        String secret = secret();
        fixtures.loopback(fixtures.line("Shared handshake", Map.of()),
                Map.of("mode", "webhook", "secret", secret, "accountKey", "shop-d-" + Fixtures.unique()));
        String url = base() + "/webhooks/shared/loopback";

        assertThat(LOOPBACK.handshake(url, "shared-challenge", secret).body()).isEqualTo("shared-challenge");
        assertThat(LOOPBACK.handshake(url, "shared-challenge", "nobody's token").status()).isEqualTo(403);
    }

    @Test
    void aDeliveryIsAnsweredAlikeOnTheFastPathAndThroughMvc() throws Exception {
        String secret = secret();
        long line = fixtures.line("Fast path", Map.of());
        Fixtures.Account account = fixtures.loopback(line, Map.of("mode", "webhook", "secret", secret));
        String url = account.webhookUrl();
        // the same address with the key's first character percent-encoded: the fast path leaves such a path to the
        // servlet container and MVC, which decode it
        int key = url.lastIndexOf('/') + 1;
        String encoded = url.substring(0, key) + "%" + HexFormat.of().toHexDigits((byte) url.charAt(key))
                + url.substring(key + 1);

        HttpResponse<String> fast = post(url, secret, Event.message("f-1", "9306", "9306", "Client9306", "fast"));
        HttpResponse<String> mvc = post(encoded, secret, Event.message("f-2", "9306", "9306", "Client9306", "mvc"));
        String forgedBody = LoopbackPlatform.lines(Event.message("f-3", "9306", "9306", "Client9306", "forged"));
        HttpResponse<String> forgedFast = post(url, "sha256=00", forgedBody);
        HttpResponse<String> forgedMvc = post(encoded, "sha256=00", forgedBody);

        assertThat(fast.statusCode()).as(fast.body()).isEqualTo(200);
        assertThat(mvc.statusCode()).as(mvc.body()).isEqualTo(200);
        assertThat(fixtures.messages(fixtures.awaitSession(line, "Client9306")).findValuesAsText("text"))
                .containsExactly("fast", "mvc");
        assertThat(forgedFast.statusCode()).isEqualTo(401);
        assertThat(forgedMvc.statusCode()).isEqualTo(401);
        // the same problem, each naming the path it was sent to
        assertThat(forgedFast.body()).contains("\"status\":401").contains("\"instance\":\"" + URI.create(url).getPath()
                + "\"").isEqualTo(forgedMvc.body().replace(URI.create(encoded).getRawPath(), URI.create(url).getPath()));
        for (String header : List.of("Content-Type", "X-Content-Type-Options", "X-XSS-Protection", "Cache-Control",
                "Pragma", "Expires", "Content-Security-Policy")) {
            assertThat(forgedFast.headers().allValues(header)).as(header).isNotEmpty()
                    .isEqualTo(forgedMvc.headers().allValues(header));
        }
        for (String header : List.of("X-Content-Type-Options", "Cache-Control", "Content-Security-Policy")) {
            assertThat(fast.headers().allValues(header)).as(header).isNotEmpty()
                    .isEqualTo(mvc.headers().allValues(header));
        }
        assertThat(fast.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(admin.get("/actuator/prometheus").raw())
                .contains("hub_webhook_requests_seconds_count{application=\"lines-hub\",path=\"account\","
                        + "status=\"200\"}")
                .contains("hub_webhook_requests_seconds_count{application=\"lines-hub\",path=\"account\","
                        + "status=\"401\"}");
    }

    private static HttpResponse<String> post(String url, String secret, Event event) throws IOException,
            InterruptedException {
        String body = LoopbackPlatform.lines(event);
        return post(url, "sha256=" + LoopbackPlatform.sign(secret, body), body);
    }

    private static HttpResponse<String> post(String url, String signature, String body) throws IOException,
            InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header(LoopbackPlatform.SIGNATURE_HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String secret() {
        return "webhook-secret-" + Fixtures.unique();
    }
}
