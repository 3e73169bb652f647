package org.lineshub.hub.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.HubIT;

/**
 * The hub's own answers carry a strict Content-Security-Policy: only the hub's own scripts run, never inline or
 * evaluated ones, so a web UI served by the hub cannot be made to run injected script. Swagger UI works under it.
 */
class ContentSecurityPolicyIT extends HubIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void apiAnswersAllowOnlyTheHubsOwnScripts() throws Exception {
        Map<String, String> policy = policy(get("/api/v1/auth/csrf"));

        assertThat(policy.get("default-src")).isEqualTo("'self'");
        assertThat(policy.get("script-src")).isEqualTo("'self'");
        assertThat(policy.get("object-src")).isEqualTo("'none'");
        assertThat(policy.get("frame-ancestors")).isEqualTo("'none'");
        assertThat(policy(get("/api/v1/me")).get("script-src")).as("on errors too").isEqualTo("'self'");
    }

    @Test
    void swaggerUiLoadsItsOwnScriptsUnderThePolicy() throws Exception {
        HttpResponse<String> page = get("/swagger-ui/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        Map<String, String> policy = policy(page);
        assertThat(policy.get("script-src")).isEqualTo("'self'");
        assertThat(page.body()).as("Swagger UI's page has no inline script").doesNotContainPattern("<script>\\S");
        for (String script : new String[] {"swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
                "swagger-initializer.js"}) {
            assertThat(page.body()).contains("src=\"./" + script + "\"");
            assertThat(get("/swagger-ui/" + script).statusCode()).isEqualTo(200);
        }
        assertThat(get("/v3/api-docs/swagger-config").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> policy(HttpResponse<?> response) {
        assertThat(response.headers().allValues("Content-Security-Policy")).hasSize(1);
        String header = response.headers().firstValue("Content-Security-Policy").orElseThrow();
        return Arrays.stream(header.split(";")).map(String::trim).filter(d -> !d.isEmpty())
                .collect(Collectors.toMap(d -> d.split("\\s+", 2)[0],
                        d -> d.contains(" ") ? d.split("\\s+", 2)[1] : "", (a, b) -> a, LinkedHashMap::new));
    }
}
