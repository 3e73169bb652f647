package org.lineshub.telegram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.lineshub.plugin.api.HubHeaders;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.RejectedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and maps one webhook request. Leaves as the body the {@link InboundMessage} for the hub's intake; or
 * {@code null} for an update the hub does not take; or, for an update that is not shaped like the Bot API documents
 * it, the raw JSON as a String with the dead-letter headers set, so it is parked once and answered with 200
 * (a 4xx would make Telegram send it again and again).
 */
final class TelegramWebhookProcessor implements Processor {

    /** The header through which Telegram proves a webhook call comes from it. */
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private static final Logger LOG = LoggerFactory.getLogger(TelegramWebhookProcessor.class);

    private final long accountId;
    private final byte[] secret;
    private final TelegramMessageMapper mapper;
    private final ObjectMapper json;

    /**
     * @param accountId the account
     * @param secret    the {@code secret_token} registered with the webhook
     * @param mapper    maps the account's updates
     * @param json      the plugin's mapper, used for trees only
     */
    TelegramWebhookProcessor(long accountId, String secret, TelegramMessageMapper mapper, ObjectMapper json) {
        this.accountId = accountId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String given = in.getHeader(SECRET_HEADER, String.class);
        // constant time, so the secret cannot be guessed byte by byte from response times
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret)) {
            throw RejectedInputException.unauthorized("missing or wrong " + SECRET_HEADER);
        }
        JsonNode update = parse(in.getBody(byte[].class));
        long updateId = update.get("update_id").asLong();
        Optional<InboundMessage> message;
        try {
            message = mapper.map(update);
        } catch (RuntimeException e) {
            LOG.warn("Account {}: parking unmappable Telegram update {}: {}", accountId, updateId, e.getMessage());
            in.setBody(update.toString());
            in.setHeader(HubHeaders.ACCOUNT_ID, accountId);
            in.setHeader(HubHeaders.DEAD_LETTER_REASON, "unmappable Telegram update: " + e.getMessage());
            in.setHeader(HubHeaders.DEAD_LETTER_EXTERNAL_ID, "update:" + updateId);
            return;
        }
        if (message.isEmpty()) {
            LOG.debug("Account {}: skipped update {}", accountId, updateId);
        } else {
            LOG.debug("Account {}: update {} is message {}", accountId, updateId,
                    message.get().externalMessageId());
        }
        in.setBody(message.orElse(null));
        in.setHeader(HubHeaders.ACCOUNT_ID, accountId);
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
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
