package org.lineshub.loopback;

import java.util.List;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;
import org.lineshub.plugin.api.NotStoredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Receives one account's updates by long polling, on a thread of its own. The offset moves past a batch only after
 * the hub stored it: the next request's offset is what tells the platform to forget the batch, so a batch the hub
 * did not store (or a crash in between) is simply delivered again.
 */
final class LoopbackPoller {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackPoller.class);

    private final ChannelContext context;
    private final LoopbackClient client;
    private volatile boolean running;
    private Thread thread;

    LoopbackPoller(ChannelContext context, LoopbackClient client) {
        this.context = context;
        this.client = client;
    }

    void start() {
        running = true;
        thread = new Thread(this::poll, "loopback-poller-" + context.accountId());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops polling: interrupts the long poll or the pause, and waits until no batch is being stored. */
    void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        MDC.put("plugin", context.pluginId());
        MDC.put("account", Long.toString(context.accountId()));
        LOG.info("Polling the loopback platform");
        long offset = 0;
        int failures = 0;
        try {
            while (running) {
                try {
                    List<LoopbackEvents.Event> batch = LoopbackEvents.parse(client.updates(offset));
                    LoopbackEvents.deliver(batch, context.inbound());
                    offset = LoopbackEvents.nextOffset(batch, offset);
                    context.reportHealthy();
                    failures = 0;
                } catch (ChannelTransportException | NotStoredException e) {
                    // the platform or the hub fails for now: the same offset again, after 0.5 s doubling up to 30 s
                    LOG.warn("Polling failed, trying again: {}", e.getMessage());
                    if (e instanceof ChannelTransportException) {
                        context.reportProblem("polling fails: " + e.getMessage());
                    }
                    Thread.sleep(Math.min(30_000L, 500L << Math.min(failures++, 6)));
                }
            }
        } catch (ChannelRejectedException e) {
            context.fail("the platform refuses polling: " + e.getMessage());
        } catch (InterruptedException e) {
            // stopping
        } finally {
            MDC.clear();
        }
    }
}
