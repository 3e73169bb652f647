package org.lineshub.hub.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Logging in: browser sessions with CSRF protection, HTTP Basic, API tokens, and limits on guessing. */
class AuthenticationIT extends HubIT {

    private final Fixtures fixtures = fixtures();

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aBrowserLogsInWithACookieAndNeedsTheCsrfTokenForChanges() {
        User anna = fixtures.user("Anna");
        HubClient browser = HubClient.browser(base());

        JsonNode me = browser.login(anna.username(), anna.password()).ok();
        assertThat(me.get("username").asText()).isEqualTo(anna.username());
        assertThat(browser.get("/api/v1/me").ok().get("user").get("id").asLong()).isEqualTo(anna.id());
        assertThat(browser.put("/api/v1/me/status", Map.of("status", "ONLINE")).status()).isEqualTo(200);

        assertThat(browser.post("/api/v1/auth/logout", Map.of()).status()).isEqualTo(204);
        assertThat(browser.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void changesThroughACookieSessionWithoutTheCsrfHeaderAreRefused() throws Exception {
        User anna = fixtures.user("Anna");
        HubClient browser = HubClient.browser(base());
        browser.login(anna.username(), anna.password()).ok();
        String session = browser.cookie("JSESSIONID");
        assertThat(session).isNotBlank();

        // a forged cross-site request carries the session cookie but cannot know the CSRF token
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base() + "/api/v1/me/status"))
                .header("Cookie", "JSESSIONID=" + session).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"ONLINE\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(anna.api().get("/api/v1/me").ok().get("user").get("status").asText()).isEqualTo("OFFLINE");
    }

    @Test
    void repeatedWrongPasswordsAreRefusedForAWhileEvenWithTheRightOne() {
        User boris = fixtures.user("Boris");
        HubClient browser = HubClient.browser(base());
        for (int i = 0; i < 5; i++) {
            assertThat(browser.login(boris.username(), "wrong-" + i).status()).isEqualTo(401);
        }

        HubClient.Response locked = browser.login(boris.username(), boris.password());
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body().get("detail").asText()).contains("Too many failed logins");
        assertThat(HubClient.basic(base(), boris.username(), boris.password()).get("/api/v1/me").status())
                .as("HTTP Basic is limited too").isEqualTo(429);
        User other = fixtures.user("Other");
        assertThat(other.api().get("/api/v1/me").status()).as("other users are not affected").isEqualTo(200);
    }

    @Test
    void spellingsOfOneUserNameShareOneFailureCounter() {
        User dora = fixtures.user("Dora");
        String name = dora.username();
        String accented = name.replaceFirst("o", "\u00f3");
        String decomposed = name.replaceFirst("o", "o\u0301");
        HubClient browser = HubClient.browser(base());
        for (String spelling : List.of(name + " ", name + "  ", name.toUpperCase(), accented, decomposed)) {
            assertThat(browser.login(spelling, "wrong").status()).as(spelling).isEqualTo(401);
        }

        assertThat(browser.login(name, dora.password()).status()).isEqualTo(429);
        assertThat(HubClient.basic(base(), name, dora.password()).get("/api/v1/me").status()).isEqualTo(429);
    }

    @Test
    void userNamesAreNormalisedWhenCreatedAndWhenLoggingIn() {
        String name = "Eve.Smith" + Fixtures.unique();
        JsonNode created = admin().post("/api/v1/users", Map.of("username", " " + name + " ",
                "displayName", "Eve", "password", "pw-eve-smith")).ok();
        assertThat(created.get("username").asText()).isEqualTo(name.toLowerCase());

        assertThat(admin().post("/api/v1/users", Map.of("username", name.toUpperCase(), "displayName", "Eve 2",
                "password", "pw-eve-smith")).status()).as("collides after normalisation").isEqualTo(409);
        assertThat(HubClient.browser(base()).login(" " + name.toUpperCase(), "pw-eve-smith").ok()
                .get("id").asLong()).isEqualTo(created.get("id").asLong());
        assertThat(HubClient.browser(base()).login(name.toLowerCase().replaceFirst("e", "\u00e9"),
                "pw-eve-smith").status()).as("another name the database collates alike").isEqualTo(401);
    }

    @Test
    void apiTokensAreShownOnceStoredHashedUsableAndRevocable() {
        User vera = fixtures.user("Vera");
        JsonNode created = vera.api().post("/api/v1/tokens", Map.of("name", "CRM sync")).ok();
        String token = created.get("token").asText();
        long id = created.get("view").get("id").asLong();
        assertThat(token).startsWith("lh_");

        HubClient bearer = HubClient.bearer(base(), token);
        assertThat(bearer.get("/api/v1/me").ok().get("user").get("id").asLong()).isEqualTo(vera.id());
        JsonNode listed = vera.api().get("/api/v1/tokens").ok();
        assertThat(listed.toString()).doesNotContain(token).contains("CRM sync");
        List<String> stored = jdbc.queryForList("SELECT token_hash FROM api_token WHERE id = ?", String.class, id);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).hasSize(64).isNotEqualTo(token).doesNotContain(token.substring(3, 20));

        User other = fixtures.user("Other");
        assertThat(other.api().delete("/api/v1/tokens/" + id).status()).isEqualTo(403);
        assertThat(other.api().get("/api/v1/tokens?all=true").status()).isEqualTo(403);
        assertThat(vera.api().delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
        assertThat(bearer.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() {
        User anna = fixtures.user("Anna");
        String hash = jdbc.queryForObject("SELECT password_hash FROM app_user WHERE id = ?", String.class, anna.id());
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(anna.password());
    }
}
