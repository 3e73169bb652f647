package org.lineshub.hub.event;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.lineshub.hub.system.HubThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hands committed {@link HubEvent}s to every {@link HubEventListener} on one thread, so subscribers see events in
 * the order they happened and never slow down the transaction that caused them.
 */
@Component
class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final ObjectProvider<HubEventListener> listeners;
    /** Resolved once, at the first event: every listener is a singleton that exists by then. */
    private volatile List<HubEventListener> targets;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(HubThreads.named("hub-events"));

    EventDispatcher(ObjectProvider<HubEventListener> listeners) {
        this.listeners = listeners;
    }

    /** Runs after the publishing transaction committed, or at once when the event was published outside one. */
    @TransactionalEventListener(fallbackExecution = true)
    void dispatch(HubEvent event) {
        if (executor.isShutdown()) {
            return;
        }
        if (targets == null) {
            targets = listeners.orderedStream().toList();
        }
        List<HubEventListener> targets = this.targets;
        executor.execute(() -> {
            for (HubEventListener listener : targets) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.error("Event listener {} failed on {}", listener.getClass().getSimpleName(), event.type(), e);
                }
            }
        });
    }

    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
