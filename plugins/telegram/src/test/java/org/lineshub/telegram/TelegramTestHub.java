package org.lineshub.telegram;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.HubEndpoints;
import org.lineshub.plugin.api.InboundMessage;

/**
 * A stand-in for the hub around one Telegram account: a plain Camel context whose intake and dead-letter routes
 * record what arrives, and can be told to fail like a hub whose database is down.
 */
final class TelegramTestHub implements AutoCloseable {

    static final String TOKEN = "123456:TEST-token_abc";

    final DefaultCamelContext camel = new DefaultCamelContext();
    final TestChannelContext channel;
    final ProducerTemplate template;
    /** The bodies the intake received, one entry per exchange. */
    final List<List<InboundMessage>> batches = new CopyOnWriteArrayList<>();
    final List<Exchange> deadLetters = new CopyOnWriteArrayList<>();
    /** While positive, the intake fails and counts down. */
    final AtomicInteger intakeFailures = new AtomicInteger();

    private TelegramTestHub(Map<String, String> settings, Optional<URI> webhookUrl) {
        this.channel = new TestChannelContext(camel, settings, webhookUrl);
        this.template = camel.createProducerTemplate();
    }

    /**
     * @param apiBaseUrl the fake's base URL
     * @param extra      settings beyond the token and the base URL
     * @return settings for an account against the fake
     */
    static Map<String, String> settings(String apiBaseUrl, String... extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(TelegramSettings.BOT_TOKEN, TOKEN);
        settings.put(TelegramSettings.API_BASE_URL, apiBaseUrl);
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }

    static TelegramTestHub start(Map<String, String> settings) throws Exception {
        return start(settings, Optional.empty());
    }

    static TelegramTestHub start(Map<String, String> settings, Optional<URI> webhookUrl) throws Exception {
        return start(new TelegramConnector(), settings, webhookUrl);
    }

    static TelegramTestHub start(ChannelConnector connector, Map<String, String> settings,
                                 Optional<URI> webhookUrl) throws Exception {
        return start(connector, settings, webhookUrl, null);
    }

    /**
     * Starts the context first and the account in it afterwards, as the hub does.
     *
     * @param accountLoader the context class loader while the account's routes are built and started, as a hub may
     *                      set it; {@code null} to leave it alone
     */
    static TelegramTestHub start(ChannelConnector connector, Map<String, String> settings, Optional<URI> webhookUrl,
                                 ClassLoader accountLoader) throws Exception {
        TelegramTestHub hub = new TelegramTestHub(settings, webhookUrl);
        hub.camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(HubEndpoints.INBOUND).routeId("hub.inbound").process(hub::intake);
                from(HubEndpoints.DEAD_LETTER).routeId("hub.dead-letter").process(e -> hub.deadLetters.add(e.copy()));
            }
        });
        hub.camel.start();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (accountLoader != null) {
            thread.setContextClassLoader(accountLoader);
        }
        try {
            hub.camel.addRoutes(connector.routes(hub.channel));
        } finally {
            thread.setContextClassLoader(previous);
        }
        return hub;
    }

    private void intake(Exchange exchange) {
        if (intakeFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("the database is down");
        }
        Object body = exchange.getMessage().getBody();
        List<InboundMessage> batch = new ArrayList<>();
        if (body instanceof InboundMessage message) {
            batch.add(message);
        } else {
            for (Object o : (List<?>) body) {
                batch.add((InboundMessage) o);
            }
        }
        batches.add(batch);
    }

    /** @return every message the intake stored, in order */
    List<InboundMessage> inbound() {
        return batches.stream().flatMap(List::stream).toList();
    }

    String routeId(String role) {
        return channel.routeId(role);
    }

    /** Stops the account like the hub does in its long-lived context: routes stopped and removed, then components. */
    @Override
    public void close() {
        try {
            for (String role : List.of("inbound", "webhook", "outbound", "attachment")) {
                String id = routeId(role);
                if (camel.getRoute(id) != null) {
                    camel.getRouteController().stopRoute(id);
                    camel.removeRoute(id);
                }
            }
            // spelled out rather than TelegramComponent.scheme: TelegramPluginIT runs without the plugin's classes
            camel.removeComponent("telegram-" + channel.accountId());
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the account", e);
        } finally {
            // a template caches the producers it used, which remember the removed routes' consumers
            template.stop();
            camel.stop();
        }
    }
}
