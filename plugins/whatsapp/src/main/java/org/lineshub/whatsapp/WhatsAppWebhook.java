package org.lineshub.whatsapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.SharedWebhookHandler;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel type's shared webhook, {@code /webhooks/shared/whatsapp}: a Meta app has one webhook URL for all its
 * business phone numbers, so every account of the app is reached through it (Graph API "Webhooks: Getting Started").
 *
 * <ul>
 *   <li>{@code GET ?hub.mode=subscribe&hub.challenge=X&hub.verify_token=T}, Meta's verification request, names no
 *   phone number: it is answered with X as plain text when T is the verify token of any running account, else
 *   403.</li>
 *   <li>{@code POST} carries {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the body with the app
 *   secret. Meta computes it over the body exactly as sent, non-ASCII escaped as {@code \}{@code uXXXX} ("we generate
 *   the signature using an escaped unicode version of the payload"), so it is checked over the raw bytes and never
 *   over re-serialised JSON. Each {@code messages} change names its phone number in
 *   {@code value.metadata.phone_number_id}, the accounts' {@code phoneNumberId}; the signature must verify with the
 *   app secret of every account the request is for, so the admin of one app cannot post into another app's
 *   accounts.</li>
 * </ul>
 *
 * Answered 200 only after the hub stored everything the request carries. A request for a phone number no running
 * account has (stopped, restarting, or not connected yet) is answered 503 after the rest was stored, so Meta
 * delivers it again later; the hub drops what it already has.
 */
final class WhatsAppWebhook implements SharedWebhookHandler {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final String SIGNATURE_PREFIX = "sha256=";

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppWebhook.class);

    private final ObjectMapper json;

    WhatsAppWebhook(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public WebhookResponse handle(WebhookRequest request, Accounts accounts) throws NotStoredException {
        return switch (request.method()) {
            case "GET" -> verify(request, accounts.all());
            case "POST" -> notify(request, accounts);
            default -> throw new RejectedInputException(405, "WhatsApp webhooks are GET or POST");
        };
    }

    /** Meta's verification request when the webhook URL is saved in the app's dashboard. */
    private static WebhookResponse verify(WebhookRequest request, List<ChannelContext> accounts) {
        String mode = request.queryParam("hub.mode").orElse("");
        String challenge = request.queryParam("hub.challenge").orElse("");
        byte[] token = request.queryParam("hub.verify_token").orElse("").getBytes(StandardCharsets.UTF_8);
        boolean known = accounts.stream()
                .flatMap(a -> a.settings().find(WhatsAppSettings.VERIFY_TOKEN).stream())
                .anyMatch(t -> MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8), token));
        // 403 for every failure, a bad mode or a missing challenge too: a 400 would be parked as a dead letter
        if (!"subscribe".equals(mode) || challenge.isEmpty() || !known) {
            throw new RejectedInputException(403, "the verification request does not carry a known verify token");
        }
        return WebhookResponse.text(challenge);
    }

    private WebhookResponse notify(WebhookRequest request, Accounts accounts) throws NotStoredException {
        String signature = request.header(SIGNATURE_HEADER).map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> s.startsWith(SIGNATURE_PREFIX)).map(s -> s.substring(SIGNATURE_PREFIX.length()))
                .orElseThrow(() -> RejectedInputException.unauthorized("missing or malformed " + SIGNATURE_HEADER));
        Signature check = new Signature(request.body(), signature);
        JsonNode root;
        try {
            root = json.readTree(request.body());
        } catch (IOException e) {
            root = null;
        }
        Map<String, List<JsonNode>> byPhoneNumber;
        try {
            byPhoneNumber = WhatsAppPayloadMapper.valuesByPhoneNumber(root);
        } catch (WhatsAppPayloadMapper.UnmappablePayloadException e) {
            // only a body Meta signed is worth keeping as a dead letter; anything else is refused as unsigned
            requireSignedByAny(check, accounts.all());
            throw RejectedInputException.malformed("not a WhatsApp webhook payload: " + e.getMessage());
        }
        if (byPhoneNumber.isEmpty()) {
            // template, account or other notifications: acknowledged, nothing for a conversation
            requireSignedByAny(check, accounts.all());
            LOG.debug("WhatsApp webhook without messages changes (object {})", root.path("object").asText("?"));
            return WebhookResponse.ok();
        }
        Map<ChannelContext, List<JsonNode>> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> entry : byPhoneNumber.entrySet()) {
            Optional<ChannelContext> account = accounts.find(entry.getKey());
            if (account.isEmpty()) {
                missing.add(entry.getKey());
                continue;
            }
            String secret = account.get().settings().find(WhatsAppSettings.APP_SECRET).orElse("");
            if (!check.signedWith(secret)) {
                throw RejectedInputException.unauthorized("the signature does not match the app secret of the "
                        + "account the request is for");
            }
            found.put(account.get(), entry.getValue());
        }
        for (Map.Entry<ChannelContext, List<JsonNode>> entry : found.entrySet()) {
            WhatsAppPayloadMapper.map(entry.getValue()).handTo(entry.getKey());
        }
        if (!missing.isEmpty()) {
            // stopped or restarting accounts, or a number not connected yet: Meta delivers again later
            throw new NotStoredException("no running WhatsApp account has phone number id " + missing, null);
        }
        return WebhookResponse.ok();
    }

    private static void requireSignedByAny(Signature check, List<ChannelContext> accounts) throws NotStoredException {
        if (accounts.isEmpty()) {
            throw new NotStoredException("no WhatsApp account is running", null);
        }
        boolean signed = accounts.stream().flatMap(a -> a.settings().find(WhatsAppSettings.APP_SECRET).stream())
                .distinct().anyMatch(check::signedWith);
        if (!signed) {
            throw RejectedInputException.unauthorized("the signature matches no account's app secret");
        }
    }

    /**
     * @param secret the app secret
     * @param body   the raw body
     * @return the lower-case hex HMAC-SHA256 of the body, as Meta puts it after {@code sha256=}
     */
    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A request's signature, checked against app secrets, each computed once. */
    private static final class Signature {

        private final byte[] body;
        private final byte[] given;
        private final Map<String, Boolean> checked = new HashMap<>();

        Signature(byte[] body, String givenHex) {
            this.body = body;
            this.given = givenHex.getBytes(StandardCharsets.US_ASCII);
        }

        /** Constant time: how much of a guess matched must not show in the time of the answer. */
        boolean signedWith(String secret) {
            if (secret.isEmpty()) {
                return false;
            }
            return checked.computeIfAbsent(secret, s -> MessageDigest.isEqual(
                    hmac(s, body).getBytes(StandardCharsets.US_ASCII), given));
        }
    }
}
