package org.lineshub.email;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.lineshub.plugin.api.ChannelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs camel-mail's polls of one mailbox: every poll interval, and at once when the server announces new mail over
 * IMAP IDLE, which camel-mail does not use itself. Polls run on one thread of the account's own, so two never
 * overlap. The IDLE connection is a second, read-only connection; when the server offers no IDLE, or IDLE fails,
 * the interval alone drives the polls. After a poll without a failure the account is reported healthy.
 */
final class EmailPollScheduler extends ServiceSupport implements ScheduledPollConsumerScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(EmailPollScheduler.class);

    private final ChannelContext channel;
    private final EmailSettings settings;
    private final Session session;
    private final AtomicBoolean pollFailed = new AtomicBoolean();
    private CamelContext camelContext;
    private Runnable task;
    private ScheduledExecutorService polls;
    private Thread idler;
    private volatile Store idleStore;
    private volatile boolean running;

    EmailPollScheduler(ChannelContext channel, EmailSettings settings, Session session) {
        this.channel = channel;
        this.settings = settings;
        this.session = session;
    }

    /** Called by the consumer's exception handler: the current poll failed. */
    void pollFailed(String reason) {
        pollFailed.set(true);
        channel.reportProblem(reason);
    }

    @Override
    public void onInit(Consumer consumer) {
        // the consumer hands its task to scheduleTask
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void unscheduleTask() {
        this.task = null;
    }

    @Override
    public synchronized void startScheduler() {
        if (running) {
            return;
        }
        running = true;
        polls = Executors.newSingleThreadScheduledExecutor(r -> named(r, "email-poll-" + channel.accountId()));
        polls.scheduleWithFixedDelay(this::poll, 0, settings.pollSeconds(), TimeUnit.SECONDS);
        if (settings.idle()) {
            idler = named(this::idle, "email-idle-" + channel.accountId());
            idler.start();
        }
    }

    @Override
    public boolean isSchedulerStarted() {
        return running;
    }

    private void poll() {
        Runnable current = task;
        if (current == null) {
            return;
        }
        MDC.put("plugin", channel.pluginId());
        MDC.put("account", Long.toString(channel.accountId()));
        try {
            pollFailed.set(false);
            current.run();
            if (!pollFailed.get()) {
                channel.reportHealthy();
            }
        } catch (RuntimeException e) {
            pollFailed("polling the mailbox failed: " + e.getMessage());
        } finally {
            MDC.remove("plugin");
            MDC.remove("account");
        }
    }

    /** Waits for new mail with IDLE and asks for a poll each time; reconnects after failures. */
    private void idle() {
        EmailSettings.Server server = settings.imap();
        long backoff = 1_000;
        while (running) {
            Store store = null;
            try {
                store = session.getStore(EmailSessions.protocol("imap", server));
                store.connect(server.host(), server.port(), server.user(), server.secret());
                idleStore = store;
                if (!(store instanceof IMAPStore imap) || !imap.hasCapability("IDLE")) {
                    LOG.info("Account {}: the IMAP server offers no IDLE; polling every {} s", channel.accountId(),
                            settings.pollSeconds());
                    return;
                }
                Folder folder = store.getFolder(settings.folder());
                folder.open(Folder.READ_ONLY);
                backoff = 1_000;
                // mail that came while IDLE was down (a reconnect) is fetched now, not at the next mail or poll
                requestPoll();
                while (running && folder.isOpen()) {
                    ((IMAPFolder) folder).idle(true);
                    requestPoll();
                }
            } catch (MessagingException | IllegalStateException e) {
                if (!running) {
                    return;
                }
                LOG.debug("Account {}: IMAP IDLE ended ({}); reconnecting in {} ms", channel.accountId(),
                        e.getClass().getSimpleName(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 60_000);
            } finally {
                idleStore = null;
                close(store);
            }
        }
    }

    private void requestPoll() {
        ScheduledExecutorService executor = polls;
        if (running && executor != null) {
            executor.execute(this::poll);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(Store store) {
        if (store != null) {
            try {
                store.close();
            } catch (MessagingException e) {
                // closing is all that is left to do
            }
        }
    }

    /** The account's threads load Jakarta Mail's providers through the plugin's class loader (see EmailSessions). */
    private static Thread named(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.setContextClassLoader(EmailPollScheduler.class.getClassLoader());
        return t;
    }

    @Override
    protected synchronized void doStop() {
        running = false;
        // closing the IDLE connection ends the wait at once
        close(idleStore);
        if (idler != null) {
            idler.interrupt();
            idler = null;
        }
        if (polls != null) {
            polls.shutdown();
            try {
                // a poll storing mail finishes: stopping never cuts a mail between the hub and its flag
                if (!polls.awaitTermination(10, TimeUnit.SECONDS)) {
                    polls.shutdownNow();
                }
            } catch (InterruptedException e) {
                polls.shutdownNow();
                Thread.currentThread().interrupt();
            }
            polls = null;
        }
    }

    @Override
    protected void doShutdown() {
        doStop();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
