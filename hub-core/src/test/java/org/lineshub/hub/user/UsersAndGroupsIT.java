package org.lineshub.hub.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;

/** Admins manage users and groups; group membership decides roles on lines. */
class UsersAndGroupsIT extends HubIT {

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Test
    void usersAreCreatedValidatedChangedAndDisabled() {
        HubClient.Response badName = admin.post("/api/v1/users", Map.of("username", "bad name!",
                "displayName", "Bad", "password", "password-1"));
        HubClient.Response shortPassword = admin.post("/api/v1/users", Map.of("username", "shorty" +
                Fixtures.unique(), "displayName", "Shorty", "password", "123"));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.body().get("field").asText()).isEqualTo("username");
        assertThat(shortPassword.body().get("field").asText()).isEqualTo("password");

        User anna = fixtures.user("Anna");
        assertThat(admin.post("/api/v1/users", Map.of("username", anna.username(), "displayName", "Twin",
                "password", "password-2")).status()).isEqualTo(409);
        JsonNode renamed = admin.put("/api/v1/users/" + anna.id(), Map.of("username", anna.username(),
                "displayName", "Anna Petrova", "password", "new-password-1")).ok();
        assertThat(renamed.get("displayName").asText()).isEqualTo("Anna Petrova");
        assertThat(renamed.toString()).doesNotContain("password");
        assertThat(anna.api().get("/api/v1/me").status()).as("the old password no longer works").isEqualTo(401);
        HubClient renewed = HubClient.basic(base(), anna.username(), "new-password-1");
        assertThat(renewed.get("/api/v1/me").status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/users/" + anna.id()).status()).isEqualTo(204);
        assertThat(renewed.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(admin.get("/api/v1/users/" + anna.id()).ok().get("enabled").asBoolean()).isFalse();
    }

    @Test
    void theLastAdminCannotBeDisabledOrDemoted() {
        long adminId = admin.get("/api/v1/me").ok().get("user").get("id").asLong();
        User second = fixtures.user("Second admin");
        admin.put("/api/v1/users/" + second.id(), Map.of("username", second.username(), "displayName", "Second",
                "admin", true)).ok();
        admin.put("/api/v1/users/" + second.id(), Map.of("username", second.username(), "displayName", "Second",
                "admin", false)).ok();

        HubClient.Response demote = admin.put("/api/v1/users/" + adminId, Map.of("username", "admin",
                "displayName", "Administrator", "admin", false));
        HubClient.Response disable = admin.delete("/api/v1/users/" + adminId);

        assertThat(demote.status()).isEqualTo(409);
        assertThat(disable.status()).isEqualTo(409);
        assertThat(admin.get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void groupMembershipGivesAndTakesRolesOnLines() {
        User vera = fixtures.user("Vera");
        long group = fixtures.group("Night shift");
        long line = fixtures.line("Night", Map.of("operatorGroupIds", List.of(group)));
        assertThat(vera.api().get("/api/v1/lines/" + line).status()).isEqualTo(403);

        JsonNode updated = admin.put("/api/v1/groups/" + group, Map.of("name", "Night shift " + Fixtures.unique(),
                "memberIds", List.of(vera.id()))).ok();
        assertThat(updated.get("memberIds").get(0).asLong()).isEqualTo(vera.id());
        assertThat(vera.api().get("/api/v1/lines/" + line).ok().get("myRoles").get(0).asText()).isEqualTo("OPERATOR");
        assertThat(admin.get("/api/v1/users/" + vera.id()).ok().get("groupIds").get(0).asLong()).isEqualTo(group);

        assertThat(admin.put("/api/v1/groups/" + group, Map.of("name", "x", "memberIds", List.of(-1))).status())
                .isEqualTo(400);
        assertThat(admin.delete("/api/v1/groups/" + group).status()).isEqualTo(204);
        assertThat(vera.api().get("/api/v1/lines/" + line).status()).isEqualTo(403);
    }

    @Test
    void linesAreConfiguredWithTheirGroupsAndSettings() {
        long operators = fixtures.group("Ops");
        long supervisors = fixtures.group("Sups");
        JsonNode line = admin.post("/api/v1/lines", Map.of("name", "Configured " + Fixtures.unique(),
                "showOperatorName", false, "routingMode", "LEAST_BUSY", "maxSessionsPerOperator", 5,
                "autoCloseHours", 24, "offerTimeoutSeconds", 120, "allowOfflineWithSessions", false,
                "operatorGroupIds", List.of(operators), "supervisorGroupIds", List.of(supervisors))).ok();

        assertThat(line.get("routingMode").asText()).isEqualTo("LEAST_BUSY");
        assertThat(line.get("maxSessionsPerOperator").asInt()).isEqualTo(5);
        assertThat(line.get("autoCloseHours").asInt()).isEqualTo(24);
        assertThat(line.get("offerTimeoutSeconds").asInt()).isEqualTo(120);
        assertThat(line.get("showOperatorName").asBoolean()).isFalse();
        assertThat(line.get("allowOfflineWithSessions").asBoolean()).isFalse();
        assertThat(line.get("operatorGroupIds").get(0).asLong()).isEqualTo(operators);

        long id = line.get("id").asLong();
        JsonNode changed = admin.put("/api/v1/lines/" + id, Map.of("name", line.get("name").asText(),
                "maxSessionsPerOperator", 0)).ok();
        assertThat(changed.has("maxSessionsPerOperator")).as("0 removes the limit").isFalse();
        assertThat(changed.get("routingMode").asText()).as("omitted settings stay").isEqualTo("LEAST_BUSY");
        assertThat(admin.post("/api/v1/lines", Map.of("name", line.get("name").asText())).status()).isEqualTo(409);
        assertThat(admin.post("/api/v1/lines", Map.of("name", "x", "supervisorGroupIds", List.of(-5)))
                .body().get("field").asText()).isEqualTo("supervisorGroupIds");
        assertThat(admin.delete("/api/v1/lines/" + id).status()).isEqualTo(204);
    }
}
