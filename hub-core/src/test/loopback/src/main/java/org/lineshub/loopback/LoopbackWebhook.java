package org.lineshub.loopback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.SharedWebhookHandler;
import org.lineshub.plugin.api.WebhookHandler;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;

/**
 * The platform's webhook calls. {@code GET ?challenge=X&verify=T} is its handshake, answered with X when T is the
 * account's secret. {@code POST} carries events, signed in {@value #SIGNATURE} as {@code sha256=<hex>}: the
 * HMAC-SHA256 of the raw body with the account's secret. Answered only after the hub stored the events.
 */
final class LoopbackWebhook implements WebhookHandler {

    static final String SIGNATURE = "X-Loopback-Signature";

    private final ChannelContext context;

    LoopbackWebhook(ChannelContext context) {
        this.context = context;
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) throws NotStoredException {
        String secret = context.settings().require(LoopbackConnector.SECRET);
        if (request.method().equals("GET")) {
            return handshake(request, List.of(secret));
        }
        byte[] expected = ("sha256=" + hmac(secret, request.body())).getBytes(StandardCharsets.UTF_8);
        byte[] given = request.header(SIGNATURE).orElse("").getBytes(StandardCharsets.UTF_8);
        // constant time: how much of a guess matched must not show in the time of the answer
        if (!MessageDigest.isEqual(expected, given)) {
            throw RejectedInputException.unauthorized("the signature is missing or wrong");
        }
        LoopbackEvents.deliver(LoopbackEvents.parse(request.bodyText()), context.inbound());
        return WebhookResponse.ok();
    }

    /**
     * The channel's shared webhook: the events of a request name one account by its {@code accountKey}, and the
     * request is then handled as if it had been posted to that account's own webhook.
     */
    static WebhookResponse handleShared(WebhookRequest request, SharedWebhookHandler.Accounts accounts)
            throws NotStoredException {
        if (request.method().equals("GET")) {
            return handshake(request, accounts.all().stream()
                    .flatMap(account -> account.settings().find(LoopbackConnector.SECRET).stream()).toList());
        }
        Set<String> keys = LoopbackEvents.parse(request.bodyText()).stream()
                .map(event -> String.valueOf(event.get("account"))).collect(Collectors.toSet());
        if (keys.size() != 1) {
            throw RejectedInputException.malformed("the events of a request must name one account");
        }
        // an account that is stopped or starting: the hub answers 503 and the platform delivers again
        ChannelContext account = accounts.find(keys.iterator().next())
                .orElseThrow(() -> new NotStoredException("no running account has this account key", null));
        return new LoopbackWebhook(account).handle(request);
    }

    private static WebhookResponse handshake(WebhookRequest request, List<String> secrets) {
        String challenge = request.queryParam("challenge")
                .orElseThrow(() -> RejectedInputException.malformed("a handshake needs a challenge"));
        byte[] token = request.queryParam("verify").orElse("").getBytes(StandardCharsets.UTF_8);
        if (secrets.stream().noneMatch(s -> MessageDigest.isEqual(s.getBytes(StandardCharsets.UTF_8), token))) {
            throw new RejectedInputException(403, "the verify token does not match");
        }
        return WebhookResponse.text(challenge);
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
