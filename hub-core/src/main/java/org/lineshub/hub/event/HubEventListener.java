package org.lineshub.hub.event;

/**
 * A subscriber to every {@link HubEvent}. Beans implementing it are called after the change committed, in the
 * order events happened, on the hub's single event thread: an implementation returns quickly and hands slow work
 * to its own executor. An exception is logged and does not reach other listeners.
 */
public interface HubEventListener {

    /** @param event what happened */
    void onEvent(HubEvent event);
}
