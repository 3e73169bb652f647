package org.lineshub.hub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request: {@code sha256=} and the hex HMAC-SHA256, keyed with the subscription's secret,
 * of {@code <timestamp>.<body>}. Signing the timestamp with the body lets a receiver refuse a captured request replayed
 * later: it checks the signature, then that {@code X-Hub-Timestamp} is recent.
 */
final class WebhookSignature {

    /** The request header carrying the signature. */
    static final String HEADER = "X-Hub-Signature-256";
    /** The request header carrying the signed time, in seconds since the epoch. */
    static final String TIMESTAMP_HEADER = "X-Hub-Timestamp";
    /** The request header carrying the delivery id, the same on every attempt. */
    static final String DELIVERY_HEADER = "X-Hub-Delivery";
    /** The request header carrying the event type. */
    static final String EVENT_HEADER = "X-Hub-Event";

    private WebhookSignature() {
    }

    /**
     * @param secret    the subscription's secret
     * @param timestamp the value of {@code X-Hub-Timestamp}
     * @param body      the request body
     * @return the value of {@code X-Hub-Signature-256}
     */
    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
