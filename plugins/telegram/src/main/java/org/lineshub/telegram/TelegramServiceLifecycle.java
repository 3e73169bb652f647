package org.lineshub.telegram;

import java.util.HashSet;
import java.util.Set;

import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Closes the account's Bot API client when the last of the account's routes stops, so that a stopped account leaves
 * no HTTP threads behind to keep the unloaded plugin's class loader alive.
 */
final class TelegramServiceLifecycle extends RoutePolicySupport {

    private final TelegramService service;
    private final Set<String> running = new HashSet<>();

    TelegramServiceLifecycle(TelegramService service) {
        this.service = service;
    }

    @Override
    public synchronized void onStart(Route route) {
        running.add(route.getRouteId());
    }

    @Override
    public void onStop(Route route) {
        stopped(route);
    }

    @Override
    public void onRemove(Route route) {
        stopped(route);
    }

    private synchronized void stopped(Route route) {
        if (running.remove(route.getRouteId()) && running.isEmpty()) {
            service.close();
        }
    }
}
