package org.lineshub.whatsapp.fake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Webhook requests as Meta sends them to a WhatsApp app's webhook ("messages webhook reference"): the
 * {@code whatsapp_business_account} envelope, the body written the way Meta writes it (non-ASCII as lower-case
 * {@code \}{@code uXXXX} escapes and {@code /} as {@code \/}), and its {@code X-Hub-Signature-256}, the HMAC-SHA256
 * of exactly those bytes with the app secret. A receiver that re-serialises the JSON before checking the signature
 * fails on these bodies, as it would with Meta's.
 */
public final class MetaWebhook {

    /** The signature header. */
    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetaWebhook() {
    }

    /**
     * A text message a client sent.
     *
     * @param wabaId        the WhatsApp Business Account id ({@code entry[].id})
     * @param phoneNumberId the business number's id
     * @param waId          the client's WhatsApp id (their number without {@code +})
     * @param name          the client's profile name
     * @param messageId     the {@code wamid}
     * @param timestamp     unix seconds
     * @param text          the text
     * @return the body as Meta writes it
     */
    public static String text(String wabaId, String phoneNumberId, String waId, String name, String messageId,
                              long timestamp, String text) {
        ObjectNode value = value(phoneNumberId);
        value.putArray("contacts").addObject().put("wa_id", waId).putObject("profile").put("name", name);
        ObjectNode message = value.putArray("messages").addObject()
                .put("from", waId).put("id", messageId).put("timestamp", String.valueOf(timestamp)).put("type", "text");
        message.putObject("text").put("body", text);
        return envelope(wabaId, value);
    }

    /**
     * A status of a message the business sent: {@code sent}, {@code delivered}, {@code read} or {@code failed}.
     *
     * @param wabaId        the WhatsApp Business Account id
     * @param phoneNumberId the business number's id
     * @param messageId     the {@code wamid} the send call answered
     * @param recipient     the client's WhatsApp id
     * @param status        the status
     * @param timestamp     unix seconds
     * @param errorCode     for {@code failed}, the error code (e.g. 131047), else ignored
     * @param errorTitle    for {@code failed}, the error title, else ignored
     * @return the body as Meta writes it
     */
    public static String status(String wabaId, String phoneNumberId, String messageId, String recipient,
                                String status, long timestamp, int errorCode, String errorTitle) {
        ObjectNode value = value(phoneNumberId);
        ObjectNode entry = value.putArray("statuses").addObject()
                .put("id", messageId).put("status", status).put("timestamp", String.valueOf(timestamp))
                .put("recipient_id", recipient);
        if (status.equals("failed")) {
            ObjectNode error = entry.putArray("errors").addObject().put("code", errorCode).put("title", errorTitle)
                    .put("message", errorTitle);
            error.putObject("error_data").put("details", errorTitle);
            error.put("href", "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/");
        } else {
            entry.putObject("pricing").put("billable", true).put("pricing_model", "PMP")
                    .put("category", "service");
        }
        return envelope(wabaId, value);
    }

    /**
     * @param appSecret the app secret
     * @param body      the body exactly as sent
     * @return the header value, {@code sha256=<lower-case hex>}
     */
    public static String signature(String appSecret, String body) {
        return signature(appSecret, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param appSecret the app secret
     * @param body      the body bytes exactly as sent
     * @return the header value, {@code sha256=<lower-case hex>}
     */
    public static String signature(String appSecret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes JSON text the way Meta does: every character outside printable ASCII as a lower-case
     * {@code \}{@code uXXXX} escape (surrogate pairs as two), and {@code /} as {@code \/}.
     *
     * @param json JSON text
     * @return the same JSON, escaped
     */
    public static String escape(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"' && (i == 0 || json.charAt(i - 1) != '\\' || escapedBackslash(json, i))) {
                inString = !inString;
            }
            if (c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (c == '/' && inString) {
                out.append("\\/");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** @return true when the quote at {@code i} follows an even run of backslashes, so it is not escaped */
    private static boolean escapedBackslash(String json, int i) {
        int run = 0;
        for (int j = i - 1; j >= 0 && json.charAt(j) == '\\'; j--) {
            run++;
        }
        return run % 2 == 0;
    }

    private static ObjectNode value(String phoneNumberId) {
        ObjectNode value = JSON.createObjectNode().put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "15550783881").put("phone_number_id", phoneNumberId);
        return value;
    }

    private static String envelope(String wabaId, ObjectNode value) {
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode change = root.putArray("entry").addObject().put("id", wabaId).putArray("changes").addObject();
        change.set("value", value);
        change.put("field", "messages");
        try {
            return escape(JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
