package org.lineshub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class HubPropertiesTest {

    @Test
    void printsWhetherSecretsAreSetButNeverTheirValues() {
        HubProperties properties = new HubProperties(Path.of("data"), null, "c2VjcmV0LWtleS1iYXNlNjQ=",
                new HubProperties.Db("jdbc:mariadb://db/hub", "hub", "db-password-1", 0), null, null,
                new HubProperties.Admin("admin", "admin-password-1"), null, null, null, null, null, null);

        assertThat(properties.toString()).contains("jdbc:mariadb://db/hub").contains("(set)")
                .doesNotContain("c2VjcmV0LWtleS1iYXNlNjQ=").doesNotContain("db-password-1")
                .doesNotContain("admin-password-1");
    }
}
