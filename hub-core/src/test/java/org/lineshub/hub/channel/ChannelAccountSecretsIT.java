package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stored channel secrets stay with their account: a stored secret is never sent to an address other than the one it
 * was given for, and an encrypted value copied to another account cannot be decrypted there. Values encrypted before
 * secrets were bound to their account still work and are encrypted again when the account is next saved.
 */
class ChannelAccountSecretsIT extends HubIT {

    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };
    private static final String SECRET = "stored-secret-0123456789";

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private HubProperties properties;

    @Test
    void changingAUrlSettingNeedsTheStoredSecretsInTheSameRequest() {
        long line = fixtures.line("Moving platform", Map.of());
        long id = create(line, LOOPBACK.newAccount().baseUrl());
        String elsewhere = LOOPBACK.newAccount().baseUrl();

        HubClient.Response refused = update(id, line, Map.of("baseUrl", elsewhere));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("field").asText()).isEqualTo("settings.secret");
        assertThat(refused.body().get("detail").asText()).contains("secret").contains("baseUrl")
                .doesNotContain(SECRET);
        assertThat(admin.get("/api/v1/channel-accounts/" + id).ok().get("settings").get("baseUrl").asText())
                .isNotEqualTo(elsewhere);

        assertThat(update(id, line, Map.of("mode", "polling")).status()).as("not a URL").isEqualTo(200);
        String current = admin.get("/api/v1/channel-accounts/" + id).ok().get("settings").get("baseUrl").asText();
        assertThat(update(id, line, Map.of("baseUrl", current)).status()).as("the same URL").isEqualTo(200);
        JsonNode moved = update(id, line, Map.of("baseUrl", elsewhere, "secret", "another-secret-0123456")).ok();
        assertThat(moved.get("settings").get("baseUrl").asText()).isEqualTo(elsewhere);
        assertThat(moved.get("secretsSet").toString()).contains("secret");
    }

    @Test
    void anEncryptedSecretCopiedToAnotherAccountCannotBeDecryptedThere() throws Exception {
        long line = fixtures.line("Copied secrets", Map.of());
        long victim = create(line, LOOPBACK.newAccount().baseUrl());
        long other = create(line, LOOPBACK.newAccount().baseUrl());
        Map<String, String> victimSettings = stored(victim);
        Map<String, String> otherSettings = stored(other);
        otherSettings.put("secret", victimSettings.get("secret"));
        store(other, otherSettings);

        update(other, line, Map.of()).ok();

        JsonNode account = awaitStatus(other, "FAILED");
        assertThat(account.get("lastError").asText()).contains("cannot be decrypted");
        assertThat(admin.get("/api/v1/channel-accounts/" + victim).ok().get("status").asText()).isEqualTo("RUNNING");
    }

    @Test
    void aSecretEncryptedWithoutItsAccountIsReadAndEncryptedAgainOnTheNextSave() throws Exception {
        long line = fixtures.line("Legacy secrets", Map.of());
        long id = create(line, LOOPBACK.newAccount().baseUrl());
        Map<String, String> settings = stored(id);
        settings.put("secret", legacyEncrypt(SECRET));
        store(id, settings);

        update(id, line, Map.of()).ok();

        awaitStatus(id, "RUNNING");
        String resealed = stored(id).get("secret");
        assertThat(resealed).startsWith("enc:v2:");
        assertThat(resealed).isNotEqualTo(settings.get("secret"));
    }

    private long create(long line, String baseUrl) {
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", "loopback",
                "name", "secrets " + Fixtures.unique(), "lineId", line,
                "settings", Map.of("baseUrl", baseUrl, "secret", SECRET))).ok();
        assertThat(account.get("status").asText()).isEqualTo("RUNNING");
        return account.get("id").asLong();
    }

    private HubClient.Response update(long id, long line, Map<String, Object> settings) {
        JsonNode current = admin.get("/api/v1/channel-accounts/" + id).ok();
        return admin.put("/api/v1/channel-accounts/" + id, Map.of("type", "loopback",
                "name", current.get("name").asText(), "lineId", line, "settings", settings));
    }

    private JsonNode awaitStatus(long id, String status) {
        JsonNode[] account = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> status.equals(
                (account[0] = admin.get("/api/v1/channel-accounts/" + id).ok()).get("status").asText()));
        return account[0];
    }

    private Map<String, String> stored(long id) throws Exception {
        return json.readValue(jdbc.queryForObject("SELECT settings FROM channel_account WHERE id = ?",
                String.class, id), MAP);
    }

    private void store(long id, Map<String, String> settings) throws Exception {
        jdbc.update("UPDATE channel_account SET settings = ? WHERE id = ?", json.writeValueAsString(settings), id);
    }

    /** Encrypts as the hub did before values were bound to their account and setting: no associated data. */
    private String legacyEncrypt(String plain) throws Exception {
        Path file = properties.dataDir().resolve("secret.key");
        byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[nonce.length + sealed.length];
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
        return "enc:v1:" + Base64.getEncoder().encodeToString(out);
    }
}
