package org.lineshub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lineshub.hub.HubProperties;

class SecretCipherTest {

    @Test
    void encryptsWithAFreshNonceAndDecryptsBack(@TempDir Path dir) {
        SecretCipher cipher = new SecretCipher(properties(dir, null));

        String first = cipher.encrypt("123456:token");
        String second = cipher.encrypt("123456:token");

        assertThat(first).startsWith("enc:v1:").doesNotContain("123456").isNotEqualTo(second);
        assertThat(cipher.decrypt(first)).isEqualTo("123456:token");
        assertThat(SecretCipher.isEncrypted(first)).isTrue();
        assertThat(SecretCipher.isEncrypted("plain")).isFalse();
    }

    @Test
    void createsAKeyFileOnFirstStartReadableOnlyByItsOwnerAndKeepsUsingIt(@TempDir Path dir) throws Exception {
        String sealed = new SecretCipher(properties(dir, null)).encrypt("secret");

        Path key = dir.resolve("secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(new SecretCipher(properties(dir, null)).decrypt(sealed)).isEqualTo("secret");
    }

    @Test
    void aConfiguredKeyWinsAndAnotherKeyCannotDecrypt(@TempDir Path dir) {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        String sealed = new SecretCipher(properties(dir, key)).encrypt("secret");

        assertThat(Files.exists(dir.resolve("secret.key"))).isFalse();
        assertThatThrownBy(() -> new SecretCipher(properties(dir, null)).decrypt(sealed))
                .hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> new SecretCipher(properties(dir, "c2hvcnQ="))).hasMessageContaining("32 bytes");
    }

    @Test
    void aTamperedValueIsRefused(@TempDir Path dir) {
        SecretCipher cipher = new SecretCipher(properties(dir, null));
        String sealed = cipher.encrypt("secret");
        String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "BB" : "AA");

        assertThatThrownBy(() -> cipher.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
    }

    private static HubProperties properties(Path dir, String key) {
        return new HubProperties(dir, null, key, null, null, null, null, null, null, null, null);
    }
}
