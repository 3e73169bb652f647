package org.lineshub.hub.system;

import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;

/**
 * Calls a plugin's endpoint (an account's outbound, webhook or attachment endpoint) through a producer made for
 * this one call. Camel's producer caches would keep the last producer per endpoint, and with it the consumer of a
 * route that was removed, holding the plugin's classes (and its class loader) long after the plugin was unloaded.
 */
public final class EndpointCalls {

    private EndpointCalls() {
    }

    /**
     * @param camel the Camel context
     * @param uri   the endpoint
     * @param fill  sets the body and headers of the new exchange
     * @return the exchange after the call; a failure is on {@link Exchange#getException()}
     */
    public static Exchange send(CamelContext camel, String uri, Consumer<Exchange> fill) {
        Endpoint endpoint = camel.getEndpoint(uri);
        Exchange exchange = endpoint.createExchange();
        fill.accept(exchange);
        process(endpoint, exchange);
        return exchange;
    }

    /**
     * Passes an existing exchange (e.g. one travelling a route) to an endpoint.
     *
     * @param camel    the Camel context
     * @param uri      the endpoint
     * @param exchange the exchange; a failure is set on it
     */
    public static void forward(CamelContext camel, String uri, Exchange exchange) {
        process(camel.getEndpoint(uri), exchange);
    }

    private static void process(Endpoint endpoint, Exchange exchange) {
        Producer producer = null;
        try {
            producer = endpoint.createProducer();
            producer.start();
            producer.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (producer != null) {
                producer.stop();
            }
        }
    }
}
