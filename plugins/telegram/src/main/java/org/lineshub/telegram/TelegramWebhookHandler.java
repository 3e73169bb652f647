package org.lineshub.telegram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.WebhookHandler;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;

/**
 * Takes the updates Telegram posts to the account's webhook address, one update per request. Answers 200 only after
 * the hub stored what the update carried, so Telegram delivers again whatever was not. An update that is not shaped
 * like the Bot API documents it is parked in the hub's dead letters and answered with 200 too: a 4xx would make
 * Telegram send it again and again.
 */
final class TelegramWebhookHandler implements WebhookHandler {

    /** The header through which Telegram proves a webhook call comes from it. */
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final ChannelContext channel;
    private final byte[] secret;
    private final TelegramMessageMapper mapper;
    private final ObjectMapper json;

    /**
     * @param channel the account's context
     * @param secret  the {@code secret_token} registered with the webhook
     * @param mapper  maps the account's updates
     * @param json    the plugin's mapper, used for trees only
     */
    TelegramWebhookHandler(ChannelContext channel, String secret, TelegramMessageMapper mapper, ObjectMapper json) {
        this.channel = channel;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) throws NotStoredException {
        String given = request.header(SECRET_HEADER).orElse(null);
        // constant time, so the secret cannot be guessed byte by byte from response times
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret)) {
            throw RejectedInputException.unauthorized("missing or wrong " + SECRET_HEADER);
        }
        JsonNode update = parse(request.body());
        TelegramUpdateBatch.map(List.of(update), mapper, channel.accountId()).handTo(channel);
        return WebhookResponse.ok();
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw RejectedInputException.malformed("the body is empty");
        }
        JsonNode update;
        try {
            update = json.readTree(body);
        } catch (IOException e) {
            throw RejectedInputException.malformed("the body is not JSON");
        }
        if (update == null || !update.isObject() || !update.path("update_id").isIntegralNumber()) {
            throw RejectedInputException.malformed("the body is not a Telegram update: no update_id");
        }
        return update;
    }
}
