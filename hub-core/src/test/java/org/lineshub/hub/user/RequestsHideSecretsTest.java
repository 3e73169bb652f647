package org.lineshub.hub.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Objects that carry passwords or tokens never print them, so a log line or an error message cannot leak them. */
class RequestsHideSecretsTest {

    @Test
    void aUserRequestPrintsNoPassword() {
        UserRequest request = new UserRequest("anna", "Anna", "anna@example.org", "pw-very-secret", false, true);

        assertThat(request.toString()).contains("anna").doesNotContain("pw-very-secret")
                .doesNotContain("anna@example.org");
    }

    @Test
    void aLoginRequestPrintsNoPassword() {
        assertThat(new AuthController.LoginRequest("anna", "pw-very-secret").toString()).contains("anna")
                .doesNotContain("pw-very-secret");
    }

    @Test
    void aCreatedTokenPrintsNoToken() {
        ApiTokenService.TokenView view = new ApiTokenService.TokenView(7, 1, "crm", "lh_abcd", Instant.EPOCH,
                null, null, null);

        assertThat(new ApiTokenService.CreatedToken("lh_abcdefghijklmnopqrstuvwxyz", view).toString())
                .doesNotContain("lh_abcdefghijklmnopqrstuvwxyz").contains("crm");
    }
}
