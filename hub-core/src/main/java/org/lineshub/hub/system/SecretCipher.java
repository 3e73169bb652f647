package org.lineshub.hub.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.lineshub.hub.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (channel tokens, passwords) with AES-256-GCM. The key comes from {@code hub.secret-key}
 * ({@code HUB_SECRET_KEY}, base64 of 32 bytes) or from {@code <hub.data-dir>/secret.key}, created on first start.
 * Encrypted values look like {@code enc:v1:<base64 of nonce and ciphertext>}.
 */
@Component
public class SecretCipher {

    private static final Logger LOG = LoggerFactory.getLogger(SecretCipher.class);
    private static final String PREFIX = "enc:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(HubProperties properties) {
        this.key = new SecretKeySpec(loadKey(properties), "AES");
    }

    private static byte[] loadKey(HubProperties properties) {
        if (properties.secretKey() != null && !properties.secretKey().isBlank()) {
            return decodeKey(properties.secretKey().trim(), "hub.secret-key");
        }
        Path file = properties.dataDir().resolve("secret.key");
        try {
            if (Files.exists(file)) {
                return decodeKey(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Files.createDirectories(file.getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
            restrictToOwner(file);
            LOG.info("Created a new key for secrets at rest in {}; back it up with the database", file);
            return fresh;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the secret key file " + file, e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("File system has no POSIX permissions; {} keeps its default permissions", file);
        }
    }

    private static byte[] decodeKey(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(source + " must be 32 bytes (256 bits) in base64, found " + bytes.length);
        }
        return bytes;
    }

    /**
     * @param plain a secret
     * @return the secret encrypted, with a fresh nonce
     */
    public String encrypt(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * @param sealed a value made by {@link #encrypt(String)}
     * @return the secret
     * @throws IllegalStateException when the value was encrypted with another key or altered
     */
    public String decrypt(String sealed) {
        if (!isEncrypted(sealed)) {
            throw new IllegalArgumentException("value is not encrypted");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored secret cannot be decrypted: was hub.secret-key changed?");
        }
    }

    /**
     * @param value a stored value
     * @return true when it was made by {@link #encrypt(String)}
     */
    public static boolean isEncrypted(String value) {
        return value != null && value.startsWith(PREFIX);
    }
}
