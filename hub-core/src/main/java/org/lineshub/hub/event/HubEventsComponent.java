package org.lineshub.hub.event;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.lineshub.hub.system.HubThreads;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code hub-events:} Camel component: routes subscribe to the hub's events without compiling anything, e.g.
 * {@code from: uri: hub-events:session.created} in a YAML file under {@code routes/}. The path is an event type,
 * a prefix ending in {@code *} ({@code session.*}) or {@code *} for all. The body is the event as a map (ready for
 * {@code marshal: json}), the header {@code LinesEventType} its type. Events reach routes after the change
 * committed, in order, each route on a thread of its own with a queue of {@value #QUEUE} events: a slow route never
 * slows the hub; when its queue is full, further events for it are dropped and counted
 * ({@code hub_route_events_dropped_total}). Routes that must not miss an event use outgoing webhooks.
 */
@Component("hub-events")
class HubEventsComponent extends DefaultComponent implements HubEventListener {

    /** The header of each exchange that names the event's type, e.g. {@code session.created}. */
    static final String EVENT_TYPE_HEADER = "LinesEventType";

    private static final Logger LOG = LoggerFactory.getLogger(HubEventsComponent.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    static final int QUEUE = 10_000;

    private final Set<EventsConsumer> consumers = new CopyOnWriteArraySet<>();
    private final ObjectMapper json;
    private final Counter dropped;

    HubEventsComponent(ObjectMapper json, MeterRegistry registry) {
        this.json = json;
        this.dropped = Counter.builder("hub.route.events.dropped")
                .description("Events not handed to a route because its queue was full").register(registry);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("hub-events needs an event type, a prefix with * or *: " + uri);
        }
        return new EventsEndpoint(uri, this, remaining.trim());
    }

    @Override
    public void onEvent(HubEvent event) {
        if (consumers.isEmpty()) {
            return;
        }
        Map<String, Object> body = json.convertValue(event, MAP);
        for (EventsConsumer consumer : consumers) {
            if (consumer.matches(event.type()) && !consumer.offer(event.type(), body)) {
                dropped.increment();
                LOG.warn("Route {} is {} events behind; dropped {}", consumer.getRouteId(), QUEUE, event.type());
            }
        }
    }

    private static final class EventsEndpoint extends DefaultEndpoint {
        private final String filter;

        EventsEndpoint(String uri, HubEventsComponent component, String filter) {
            super(uri, component);
            this.filter = filter;
        }

        @Override
        public Producer createProducer() {
            throw new UnsupportedOperationException("hub-events can only be consumed");
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            return new EventsConsumer(this, processor, filter);
        }
    }

    private static final class EventsConsumer extends DefaultConsumer {
        private final String filter;
        private ExecutorService executor;

        EventsConsumer(Endpoint endpoint, Processor processor, String filter) {
            super(endpoint, processor);
            this.filter = filter;
        }

        /** @return false when the route's queue is full */
        boolean offer(String type, Map<String, Object> body) {
            ExecutorService running = executor;
            if (running == null) {
                return true;
            }
            try {
                running.execute(() -> deliver(type, body));
                return true;
            } catch (RejectedExecutionException e) {
                return !isRunAllowed();
            }
        }

        boolean matches(String type) {
            return filter.equals("*") || filter.equals(type)
                    || (filter.endsWith("*") && type.startsWith(filter.substring(0, filter.length() - 1)));
        }

        void deliver(String type, Map<String, Object> body) {
            Exchange exchange = createExchange(false);
            exchange.getMessage().setBody(new java.util.LinkedHashMap<>(body));
            exchange.getMessage().setHeader(EVENT_TYPE_HEADER, type);
            try {
                getProcessor().process(exchange);
                if (exchange.getException() != null) {
                    LOG.warn("Route {} failed on event {}: {}", getRouteId(), type,
                            exchange.getException().getMessage());
                }
            } catch (Exception e) {
                LOG.warn("Route {} failed on event {}: {}", getRouteId(), type, e.getMessage());
            } finally {
                releaseExchange(exchange, false);
            }
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            // one thread keeps the route's events in order; the bounded queue keeps a stuck route from piling up
            String name = "hub-events " + getRouteId();
            executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                    HubThreads.named(name), new ThreadPoolExecutor.AbortPolicy());
            ((HubEventsComponent) getEndpoint().getComponent()).consumers.add(this);
        }

        @Override
        protected void doStop() throws Exception {
            ((HubEventsComponent) getEndpoint().getComponent()).consumers.remove(this);
            if (executor != null) {
                executor.shutdown();
                executor = null;
            }
            super.doStop();
        }
    }
}
