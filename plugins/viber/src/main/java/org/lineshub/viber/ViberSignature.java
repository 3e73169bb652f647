package org.lineshub.viber;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature Viber puts on each callback: "The signature is HMAC with SHA256 that will use the authentication token
 * as the key and the JSON as the value. The result will be passed as HTTP Header X-Viber-Content-Signature" (REST Bot
 * API, "Callbacks"), as lower-case hex (the official SDKs compare with a hex digest). Computed over the body's bytes
 * exactly as received.
 */
final class ViberSignature {

    /** The header of the signature. */
    static final String HEADER = "X-Viber-Content-Signature";

    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    /** @param authToken the bot's auth token, the HMAC key */
    ViberSignature(String authToken) {
        this.key = authToken.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param body the raw body
     * @return the hex signature Viber would send with it
     */
    String sign(byte[] body) {
        return HexFormat.of().formatHex(mac(body));
    }

    /**
     * Compares in constant time, so the signature cannot be guessed byte by byte from response times.
     *
     * @param header the header's value as received
     * @param body   the raw body
     * @return true when the header is the body's signature (hex in either case)
     */
    boolean matches(String header, byte[] body) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(body));
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
