package org.lineshub.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.WebhookRequest;

/** Where a browser's request comes from, and whether its origin is the hub's own. */
class WebchatRequestsTest {

    private static WebhookRequest request(String... headers) {
        Map<String, List<String>> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], List.of(headers[i + 1]));
        }
        return new WebhookRequest("GET", h, Map.of(), null, "/live");
    }

    private static WebhookRequest from(String address, String... headers) {
        WebhookRequest r = request(headers);
        return new WebhookRequest(r.method(), r.headers(), r.query(), r.body(), r.path(), address);
    }

    @Test
    void takesTheAddressTheHubSawAndNeverOneTheBrowserClaims() {
        assertThat(WebchatRequests.address(from("10.0.0.7"))).isEqualTo("10.0.0.7");
        assertThat(WebchatRequests.address(from("2001:DB8::1"))).isEqualTo("2001:db8::1");
        assertThat(WebchatRequests.address(from("10.0.0.7", "X-Forwarded-For", "1.2.3.4")))
                .as("a browser inventing a proxy header stays at its own address").isEqualTo("10.0.0.7");
        assertThat(WebchatRequests.address(from(null, "X-Forwarded-For", "1.2.3.4")))
                .isEqualTo(WebchatRequests.UNKNOWN_ADDRESS);
        assertThat(WebchatRequests.address(from("<script>"))).isEqualTo("?");
        assertThat(WebchatRequests.address(request())).isEqualTo(WebchatRequests.UNKNOWN_ADDRESS);
    }

    @Test
    void knowsTheHubsOwnOriginByItsPublicUrlOrTheHostAsked() {
        Optional<URI> publicUrl = Optional.of(URI.create("https://chat.example/webhooks/k"));
        WebchatOrigins.Origin hub = WebchatOrigins.Origin.of("https://chat.example").orElseThrow();
        WebchatOrigins.Origin local = WebchatOrigins.Origin.of("http://127.0.0.1:8080").orElseThrow();
        WebchatOrigins.Origin evil = WebchatOrigins.Origin.of("https://evil.example").orElseThrow();

        assertThat(WebchatRequests.fromHub(hub, request("Host", "internal:8080"), publicUrl)).isTrue();
        assertThat(WebchatRequests.fromHub(local, request("Host", "127.0.0.1:8080"), Optional.empty())).isTrue();
        assertThat(WebchatRequests.fromHub(evil, request("Host", "chat.example"), publicUrl)).isFalse();
        assertThat(WebchatRequests.fromHub(local, request("Host", "127.0.0.1:8081"), Optional.empty())).isFalse();
        assertThat(WebchatRequests.hubAuthority(request("Host", "a b"), Optional.empty())).isEmpty();
        assertThat(WebchatRequests.hubAuthority(request("Host", "x.example"), publicUrl)).hasValue("chat.example");
    }
}
