package org.lineshub.telegram;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.lineshub.plugin.api.ChannelContext;

/**
 * The long-polling component of one Telegram account. It is configured in code and added to the Camel context under
 * a name of the account's own ({@code telegram-<account id>}), so its one endpoint, {@code telegram-<id>:updates},
 * carries neither the token nor any other setting in its URI.
 */
final class TelegramComponent extends DefaultComponent {

    static final String UPDATES = "updates";

    private final ChannelContext channel;
    private final TelegramService service;
    private final TelegramMessageMapper mapper;
    private final int pollTimeoutSeconds;

    /**
     * @param channel            the account's context
     * @param service            the account's Bot API client
     * @param mapper             maps the account's updates
     * @param pollTimeoutSeconds the long-poll timeout
     */
    TelegramComponent(ChannelContext channel, TelegramService service, TelegramMessageMapper mapper,
                      int pollTimeoutSeconds) {
        this.channel = channel;
        this.service = service;
        this.mapper = mapper;
        this.pollTimeoutSeconds = pollTimeoutSeconds;
    }

    /**
     * @param channel the account's context
     * @return the component's scheme for that account
     */
    static String scheme(ChannelContext channel) {
        return "telegram-" + channel.accountId();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (!UPDATES.equals(remaining)) {
            throw new IllegalArgumentException("the Telegram component only offers the endpoint <scheme>:" + UPDATES
                    + ", not " + uri);
        }
        return new TelegramEndpoint(uri, this);
    }

    ChannelContext channel() {
        return channel;
    }

    TelegramService service() {
        return service;
    }

    TelegramMessageMapper mapper() {
        return mapper;
    }

    int pollTimeoutSeconds() {
        return pollTimeoutSeconds;
    }
}
