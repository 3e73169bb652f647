package org.lineshub.email;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.NotStoredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the polls of one mailbox ({@link MailboxReader}): every poll interval, and at once when the server announces
 * new mail over IMAP IDLE. Polls run on one thread of the account's own, so two never overlap; a poll that took mail
 * is followed by the next at once, since mail may have come meanwhile and a poll takes at most a batch, and a round
 * of polls that took mail by another look shortly after ({@link #followUp}), which also finds out when IDLE has gone
 * quiet ({@link #renewIdle}). The IDLE connection is a second, read-only connection; when the server offers no IDLE,
 * or IDLE fails, the interval alone drives the polls. After a poll without a failure the account is reported healthy.
 */
final class EmailPollScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(EmailPollScheduler.class);
    /** How soon a round that took mail is followed by another look at the folder. */
    private static final long FOLLOW_UP_MILLIS = 100;
    /** Mail found without IDLE's word after it said nothing for this long makes its connection count as dead. */
    private static final long IDLE_QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ChannelContext channel;
    private final EmailSettings settings;
    private final Session session;
    private final MailboxReader reader;
    private ScheduledExecutorService polls;
    private volatile Thread idler;
    private final AtomicInteger idleGeneration = new AtomicInteger();
    private volatile Store idleStore;
    /** When IDLE last announced a change ({@link System#nanoTime}). */
    private volatile long idleWoke = System.nanoTime();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean followUpDue = new AtomicBoolean();
    private volatile boolean running;
    /** The server offers no IDLE: the interval and the follow-ups alone drive the polls. */
    private volatile boolean noIdle;
    /** Polls failed in a row; touched by the poll thread only. */
    private int failures;

    EmailPollScheduler(ChannelContext channel, EmailSettings settings, Session session, MailboxReader reader) {
        this.channel = channel;
        this.settings = settings;
        this.session = session;
        this.reader = reader;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        polls = Executors.newSingleThreadScheduledExecutor(r -> named(r, "email-poll-" + channel.accountId()));
        polls.scheduleWithFixedDelay(() -> poll(Trigger.INTERVAL), 0, settings.pollSeconds(), TimeUnit.SECONDS);
        if (settings.idle()) {
            startIdler();
        }
    }

    /** Starts an IDLE thread; one started before ends as soon as it notices it was replaced. */
    private void startIdler() {
        int generation = idleGeneration.incrementAndGet();
        Thread t = named(() -> idle(generation), "email-idle-" + channel.accountId());
        idler = t;
        t.start();
    }

    /** What asked for a poll. */
    private enum Trigger { INTERVAL, IDLE, FOLLOW_UP, RETRY }

    private void poll(Trigger trigger) {
        requested.set(false);
        MDC.put("plugin", channel.pluginId());
        MDC.put("account", Long.toString(channel.accountId()));
        try {
            int taken = 0;
            int n;
            while (running && (n = reader.poll()) > 0) {
                // mail that came during the poll is fetched now, not at the next wake-up
                taken += n;
            }
            reader.pause();
            failures = 0;
            channel.reportHealthy();
            boolean idleQuiet = System.nanoTime() - idleWoke > IDLE_QUIET_NANOS;
            if (idleQuiet && ((taken > 0 && trigger != Trigger.IDLE) || trigger == Trigger.FOLLOW_UP)) {
                // mail came that IDLE did not announce, or mail flowed and IDLE said nothing for a second
                renewIdle();
            }
            if (taken > 0) {
                followUp();
            }
        } catch (MessagingException | RuntimeException e) {
            failed("reading the mailbox failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (NotStoredException e) {
            failed("the hub could not store mail: " + e.getMessage() + "; it stays in the mailbox for the next poll");
        } finally {
            MDC.remove("plugin");
            MDC.remove("account");
        }
    }

    /**
     * While mail flows, the folder is looked at again shortly after each round that took mail, whatever IDLE says:
     * IDLE can miss mail (a server announces mail that came between two IDLE commands before it confirms the second,
     * and Jakarta Mail takes that announcement without ending the wait), and an IDLE connection can go quiet without
     * closing. Without this, such mail would wait for the poll interval.
     */
    private void followUp() {
        ScheduledExecutorService executor = polls;
        if (!running || executor == null || !followUpDue.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.schedule(() -> {
                followUpDue.set(false);
                poll(Trigger.FOLLOW_UP);
            }, FOLLOW_UP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            followUpDue.set(false);
        }
    }

    /**
     * A poll IDLE did not ask for found mail, or mail flowed while IDLE announced nothing for a second: the IDLE
     * connection has gone quiet without closing (a server that stopped reporting to it, a connection lost on the
     * way). A new IDLE connection takes over at once. The quiet one is left to its thread, which ends it when it
     * notices it was replaced, with the read timeout at the latest: closing it from here would wait for the server's
     * answer to ending the IDLE command, which a quiet connection may not give.
     */
    private void renewIdle() {
        if (!running || !settings.idle() || noIdle) {
            return;
        }
        LOG.debug("Account {}: IMAP IDLE has gone quiet; renewing it", channel.accountId());
        idleWoke = System.nanoTime();
        startIdler();
    }

    /**
     * A failed poll is tried again at once, then after 1, 2, 4... seconds, at most the poll interval: a dropped
     * connection or a short database outage must not hold mail back for a whole interval, and a lasting failure is
     * not hammered. A single failure that the retry at once gets past is no problem for an admin and is not reported.
     */
    private void failed(String reason) {
        long delay = failures == 0 ? 0 : Math.min(settings.pollSeconds() * 1000L, 1000L << Math.min(failures - 1, 16));
        if (failures == 0) {
            LOG.info("Account {}: {}; trying again at once", channel.accountId(), reason);
        } else {
            LOG.warn("Account {}: {}; trying again in {} ms", channel.accountId(), reason, delay);
            channel.reportProblem(reason);
        }
        failures++;
        ScheduledExecutorService executor = polls;
        try {
            if (running && executor != null) {
                executor.schedule(() -> poll(Trigger.RETRY), delay, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /**
     * Waits for new mail with IDLE and asks for a poll each time. A connection that announced mail and was then
     * dropped is replaced at once; one that fails before announcing anything is tried again after 0.1, 0.2, 0.4...
     * seconds, at most a minute.
     */
    private void idle(int generation) {
        EmailSettings.Server server = settings.imap();
        long backoff = 0;
        while (current(generation)) {
            Store store = null;
            try {
                store = session.getStore(EmailSessions.protocol("imap", server));
                store.connect(server.host(), server.port(), server.user(), server.secret());
                idleStore = store;
                if (!(store instanceof IMAPStore imap) || !imap.hasCapability("IDLE")) {
                    noIdle = true;
                    LOG.info("Account {}: the IMAP server offers no IDLE; polling every {} s", channel.accountId(),
                            settings.pollSeconds());
                    return;
                }
                Folder folder = store.getFolder(settings.folder());
                folder.open(Folder.READ_ONLY);
                idleWoke = System.nanoTime();
                // mail that came while IDLE was down (a reconnect) is fetched now, not at the next mail or poll
                requestPoll();
                while (current(generation) && folder.isOpen()) {
                    ((IMAPFolder) folder).idle(true);
                    if (!current(generation)) {
                        break;
                    }
                    idleWoke = System.nanoTime();
                    backoff = 0;
                    requestPoll();
                    // the folder is examined afresh before the next IDLE: changes made meanwhile are then part of the
                    // folder's state rather than news to report when IDLE starts, which some servers (GreenMail) fail
                    // at when mail was both added and removed
                    folder.close(false);
                    folder.open(Folder.READ_ONLY);
                }
            } catch (MessagingException | IllegalStateException e) {
                if (!current(generation)) {
                    return;
                }
                LOG.debug("Account {}: IMAP IDLE ended ({}); reconnecting in {} ms", channel.accountId(),
                        e.getClass().getSimpleName(), backoff);
                sleep(backoff);
                backoff = backoff == 0 ? 100 : Math.min(backoff * 2, 60_000);
            } finally {
                if (idleStore == store) {
                    idleStore = null;
                }
                close(store);
            }
        }
    }

    /** @return whether the IDLE thread of this generation is still the one to keep IDLE */
    private boolean current(int generation) {
        return running && generation == idleGeneration.get();
    }

    /** Asks for a poll; one already asked for and not yet started covers this request too. */
    private void requestPoll() {
        ScheduledExecutorService executor = polls;
        if (running && executor != null && requested.compareAndSet(false, true)) {
            try {
                executor.execute(() -> poll(Trigger.IDLE));
            } catch (RejectedExecutionException e) {
                requested.set(false);
            }
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
        t.setContextClassLoader(MailClassLoader.get());
        return t;
    }

    /** Stops polling; a poll storing mail finishes first: stopping never cuts a mail between the hub and its flag. */
    synchronized void stop() {
        running = false;
        // closing the IDLE connection ends the wait; on a thread of its own, as a quiet connection may not answer
        Store store = idleStore;
        if (store != null) {
            named(() -> close(store), "email-idle-close-" + channel.accountId()).start();
        }
        Thread t = idler;
        if (t != null) {
            t.interrupt();
            idler = null;
        }
        if (polls != null) {
            polls.shutdown();
            try {
                if (!polls.awaitTermination(10, TimeUnit.SECONDS)) {
                    polls.shutdownNow();
                }
            } catch (InterruptedException e) {
                polls.shutdownNow();
                Thread.currentThread().interrupt();
            }
            polls = null;
        }
        reader.close();
    }
}
