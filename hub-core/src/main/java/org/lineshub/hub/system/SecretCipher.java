package org.lineshub.hub.system;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.lineshub.hub.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (channel tokens, passwords) with AES-256-GCM. The key comes from {@code hub.secret-key}
 * ({@code HUB_SECRET_KEY}, base64 of 32 bytes) or from {@code <hub.data-dir>/secret.key}, created on first start
 * readable by its owner only.
 * <p>
 * Each value is bound to where it belongs (a context such as the account and setting it is the value of) through
 * GCM's associated data, so a value copied to another account or setting does not decrypt there. Encrypted values
 * look like {@code enc:v2:<base64 of nonce and ciphertext>}. Values written before the binding
 * ({@code enc:v1:}, no associated data) still decrypt; {@link #isLegacy} tells which to encrypt again.
 */
@Component
public class SecretCipher {

    private static final Logger LOG = LoggerFactory.getLogger(SecretCipher.class);
    private static final String PREFIX = "enc:v2:";
    private static final String LEGACY_PREFIX = "enc:v1:";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param properties where the key comes from: {@code hub.secret-key}, else {@code <hub.data-dir>/secret.key} */
    public SecretCipher(HubProperties properties) {
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
            writeOwnerOnly(file, Base64.getEncoder().encodeToString(fresh).getBytes(StandardCharsets.US_ASCII));
            LOG.info("Created a new key for secrets at rest in {}; back it up with the database", file);
            return fresh;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the secret key file " + file, e);
        }
    }

    /**
     * Writes the key into a new file that only its owner can read from the moment it exists (POSIX permissions given
     * at creation, not changed after writing), then moves it into place, so the key file is never readable by
     * others nor found half-written. Where the file system has no POSIX permissions (Windows), the file is
     * restricted to its owner as far as {@link java.io.File} can, and the data directory's own permissions apply.
     */
    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path partial;
        try {
            partial = Files.createTempFile(dir, ".secret", ".key", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            partial = Files.createTempFile(dir, ".secret", ".key");
            File f = partial.toFile();
            boolean restricted = f.setReadable(false, false) & f.setReadable(true, true)
                    & f.setWritable(false, false) & f.setWritable(true, true);
            LOG.warn("The file system of {} has no POSIX permissions; the key file is {}restricted to its owner, "
                    + "so keep the data directory private", dir, restricted ? "" : "not ");
        }
        try {
            Files.write(partial, content, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
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
     * @param plain   a secret
     * @param context where the value belongs, e.g. {@code channel-account/7/botToken}; the same context must be
     *                given to decrypt it
     * @return the secret encrypted, with a fresh nonce
     */
    public String encrypt(String plain, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
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
     * @param sealed  a value made by {@link #encrypt(String, String)}, or a legacy {@code enc:v1:} value
     * @param context the context it was encrypted for (legacy values have none, so any context reads them)
     * @return the secret
     * @throws IllegalStateException when the value was encrypted with another key or for another context, or altered
     */
    public String decrypt(String sealed, String context) {
        if (!isEncrypted(sealed)) {
            throw new IllegalArgumentException("value is not encrypted");
        }
        boolean legacy = isLegacy(sealed);
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(legacy ? LEGACY_PREFIX.length()
                    : PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            if (!legacy) {
                cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            }
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored secret cannot be decrypted: was hub.secret-key changed, or the "
                    + "value copied from another account or setting?");
        }
    }

    /**
     * @param value a stored value
     * @return true when it was made by {@link #encrypt(String, String)} or is a legacy encrypted value
     */
    public static boolean isEncrypted(String value) {
        return value != null && (value.startsWith(PREFIX) || value.startsWith(LEGACY_PREFIX));
    }

    /**
     * @param value a stored value
     * @return true when it was encrypted without a context, before values were bound to where they belong; such a
     *         value should be encrypted again with its context when it is next saved
     */
    public static boolean isLegacy(String value) {
        return value != null && value.startsWith(LEGACY_PREFIX);
    }
}
