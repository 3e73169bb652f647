package org.lineshub.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lineshub.hub.HubProperties;

class SecretCipherTest {

    private static final String CONTEXT = "channel-account/7/botToken";

    @Test
    void encryptsWithAFreshNonceAndDecryptsBack(@TempDir Path dir) {
        SecretCipher cipher = new SecretCipher(properties(dir, null));

        String first = cipher.encrypt("123456:token", CONTEXT);
        String second = cipher.encrypt("123456:token", CONTEXT);

        assertThat(first).startsWith("enc:v2:").doesNotContain("123456").isNotEqualTo(second);
        assertThat(cipher.decrypt(first, CONTEXT)).isEqualTo("123456:token");
        assertThat(SecretCipher.isEncrypted(first)).isTrue();
        assertThat(SecretCipher.isLegacy(first)).isFalse();
        assertThat(SecretCipher.isEncrypted("plain")).isFalse();
    }

    @Test
    void aValueDecryptsOnlyInTheContextItWasEncryptedFor(@TempDir Path dir) {
        SecretCipher cipher = new SecretCipher(properties(dir, null));
        String sealed = cipher.encrypt("123456:token", CONTEXT);

        assertThatThrownBy(() -> cipher.decrypt(sealed, "channel-account/8/botToken"))
                .as("another account").hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "channel-account/7/webhookSecret"))
                .as("another setting").hasMessageContaining("cannot be decrypted");
    }

    @Test
    void aValueEncryptedBeforeValuesWereBoundStillDecrypts(@TempDir Path dir) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        SecretCipher cipher = new SecretCipher(properties(dir, Base64.getEncoder().encodeToString(key)));
        String legacy = legacyEncrypt(key, "old-token");

        assertThat(SecretCipher.isEncrypted(legacy)).isTrue();
        assertThat(SecretCipher.isLegacy(legacy)).isTrue();
        assertThat(cipher.decrypt(legacy, CONTEXT)).isEqualTo("old-token");
    }

    @Test
    void createsAKeyFileOnFirstStartReadableOnlyByItsOwnerAndKeepsUsingIt(@TempDir Path dir) throws Exception {
        String sealed = new SecretCipher(properties(dir, null)).encrypt("secret", CONTEXT);

        Path key = dir.resolve("secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(new SecretCipher(properties(dir, null)).decrypt(sealed, CONTEXT)).isEqualTo("secret");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("secret.key");
        }
    }

    @Test
    void theKeyIsNeverWrittenIntoAFileOthersCanRead(@TempDir Path dir) {
        Path recorded = CreationRecordingFileSystem.wrap(dir);

        new SecretCipher(properties(recorded, null));

        assertThat(CreationRecordingFileSystem.created(recorded)).isNotEmpty()
                .allSatisfy(file -> assertThat(file.permissions()).as(file.name()).isEqualTo("rw-------"));
        assertThat(Files.exists(dir.resolve("secret.key"))).isTrue();
    }

    @Test
    void aConfiguredKeyWinsAndAnotherKeyCannotDecrypt(@TempDir Path dir) {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        String sealed = new SecretCipher(properties(dir, key)).encrypt("secret", CONTEXT);

        assertThat(Files.exists(dir.resolve("secret.key"))).isFalse();
        assertThatThrownBy(() -> new SecretCipher(properties(dir, null)).decrypt(sealed, CONTEXT))
                .hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> new SecretCipher(properties(dir, "c2hvcnQ="))).hasMessageContaining("32 bytes");
    }

    @Test
    void aTamperedValueIsRefused(@TempDir Path dir) {
        SecretCipher cipher = new SecretCipher(properties(dir, null));
        String sealed = cipher.encrypt("secret", CONTEXT);
        String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "BB" : "AA");

        assertThatThrownBy(() -> cipher.decrypt(tampered, CONTEXT)).isInstanceOf(IllegalStateException.class);
    }

    /** Encrypts as the hub did before values were bound to a context: AES-GCM without associated data. */
    private static String legacyEncrypt(byte[] key, String plain) throws Exception {
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

    private static HubProperties properties(Path dir, String key) {
        return new HubProperties(dir, null, key, null, null, null, null, null, null, null, null, null, null);
    }
}
