package org.lineshub.hub.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.channel.AccountNotRunningException;
import org.lineshub.hub.channel.ChannelRuntime;
import org.lineshub.hub.channel.ChannelTypes;
import org.lineshub.hub.channel.PluginFailureException;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.HubEvent;
import org.lineshub.hub.event.HubEventListener;
import org.lineshub.hub.event.MessageEvent;
import org.lineshub.hub.session.OutboxStore;
import org.lineshub.hub.system.Backoff;
import org.lineshub.hub.system.Errors;
import org.lineshub.hub.system.HubThreads;
import org.lineshub.plugin.api.ChannelRejectedException;
import org.lineshub.plugin.api.ChannelTransportException;
import org.lineshub.plugin.api.SentMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Delivers pending replies: woken by each new reply and by a timer, it claims due replies and sends each through
 * {@code hub.outbound}. Transport errors (I/O, 429, 5xx) are retried with exponential backoff until
 * {@code hub.outbox.max-attempts}; a refusal by the platform fails the reply at once; a reply whose account is not
 * running waits without using up attempts, and without holding up the replies of running accounts. Pending replies
 * survive restarts: they are in the database.
 *
 * <p>Each pass finds the oldest due reply of each session, claims it with the replies queued behind it in its
 * session (a run, up to 20) in one statement, and reads what they all need in one transaction
 * ({@link OutboxStore#assembleAll}). One sender sends a run in its order, each reply once the platform accepted the
 * one before, and hands each accepted reply over to be recorded as SENT with those of other senders, several per
 * transaction ({@link AcceptedReplies}); the run stops at the first reply that does not go and gives the rest back.
 * At most half the senders work on one account's runs at a time, so a platform that hangs or is slow holds up only
 * its own account.
 *
 * <p>A reply goes out at most once per claim, and never again once the platform accepted it. Each claim names its
 * holder and lasts {@code hub.outbox.claim-timeout}; the holder renews it while the send runs, so a slow platform
 * never lets a second sender (or node) take the reply over, and only the holder records the outcome. When what the
 * platform answered cannot be stored, the reply is recorded as sent without it; when even that fails, this node keeps
 * the reply marked as accepted, never sends it again and records it once the database takes it.
 */
@Component
class OutboxDispatcher implements HubEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration NOT_RUNNING_WAIT = Duration.ofSeconds(5);
    private static final int BATCH = 100;
    /** The most replies of one session one sender sends in a row. */
    private static final int RUN = 20;
    /** The account a reply went through, for metric tags. */
    static final String ACCOUNT_HEADER = "LinesAccountId";

    private final OutboxStore outbox;
    private final ProducerTemplate producer;
    private final Supplier<Endpoint> outbound;
    private final HubProperties.Outbox config;
    private final PipelineMetrics metrics;
    private final ChannelTypes types;
    private final ChannelRuntime channels;
    private final Semaphore wake = new Semaphore(0);
    /** Replies this node is sending, with the holder of each claim. */
    private final Map<Long, String> inFlight = new ConcurrentHashMap<>();
    /** Replies the platform accepted that are being recorded as SENT, with the holder of each claim. */
    private final Map<Long, String> recording = new ConcurrentHashMap<>();
    /** Replies the platform accepted whose outcome could not be recorded yet, with the holder of each claim. */
    private final Map<Long, String> accepted = new ConcurrentHashMap<>();
    /** Accounts found not running, with when to look at them again; their replies wait meanwhile. */
    private final Map<Long, Instant> paused = new ConcurrentHashMap<>();
    /** How many replies of each account are being sent or wait for a sender. */
    private final Map<Long, Integer> perAccount = new ConcurrentHashMap<>();
    private final int perAccountLimit;
    private final String node = UUID.randomUUID().toString();
    private final AtomicLong claims = new AtomicLong();
    private volatile boolean running;
    private ExecutorService loop;
    private ExecutorService senders;
    private ScheduledExecutorService leases;
    private AcceptedReplies recorder;

    OutboxDispatcher(OutboxStore outbox, ProducerTemplate producer, HubProperties properties, PipelineMetrics metrics,
                     ChannelTypes types, ChannelRuntime channels, MeterRegistry registry) {
        this.outbox = outbox;
        this.producer = producer;
        this.outbound = PipelineRoutes.endpoint(producer, PipelineRoutes.OUTBOUND);
        this.config = properties.outbox();
        this.metrics = metrics;
        this.types = types;
        this.channels = channels;
        this.perAccountLimit = Math.max(1, (config.senders() + 1) / 2);
        // counted when scraped, not on every pass of the sender loop
        Gauge.builder("hub.outbox.pending", outbox, OutboxStore::pendingCount)
                .description("Replies waiting to be delivered").register(registry);
    }

    /** Starts after plugins, so replies left pending by the last run find their channels running. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(20)
    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        senders = Executors.newFixedThreadPool(Math.max(1, config.senders()), HubThreads.named("outbox-sender", true));
        // after each group the loop looks again: the sessions' next replies may be due now
        recorder = new AcceptedReplies(outbox::sentAll, wake::release, HubThreads.named("outbox-recorder"));
        loop = Executors.newSingleThreadExecutor(HubThreads.named("outbox"));
        leases = Executors.newSingleThreadScheduledExecutor(HubThreads.named("outbox-leases"));
        long renewEvery = Math.max(1, config.claimTimeout().toMillis() / 3);
        leases.scheduleWithFixedDelay(this::renewClaims, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        loop.execute(this::run);
        wake.release();
    }

    @Override
    public void onEvent(HubEvent event) {
        // a new reply, or a failed one an operator sent again
        if (event instanceof MessageEvent m && (EventTypes.MESSAGE_CREATED.equals(m.type())
                || EventTypes.MESSAGE_UPDATED.equals(m.type()))
                && "PENDING".equals(m.message().deliveryStatus())) {
            wake.release();
        }
    }

    private void run() {
        while (running) {
            try {
                wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                recordAccepted();
                pass();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Outbox pass failed, trying again: {}", e.getMessage());
            }
        }
    }

    private void pass() {
        Instant now = Instant.now();
        paused.entrySet().removeIf(p -> !p.getValue().isAfter(now) || channels.isRunning(p.getKey()));
        Map<Long, Long> accountOf = new LinkedHashMap<>();
        Map<Long, Integer> taken = new HashMap<>();
        // accounts whose sends already take their share of the senders are not even looked at, so the replies of a
        // hundred sessions of one hanging account never fill the batch the other accounts' replies are found in
        Set<Long> excluded = new HashSet<>(paused.keySet());
        perAccount.forEach((account, sending) -> {
            if (sending >= perAccountLimit) {
                excluded.add(account);
            }
        });
        for (OutboxStore.Due due : outbox.findDue(excluded, BATCH)) {
            long id = due.id();
            if (inFlight.containsKey(id) || recording.containsKey(id) || accepted.containsKey(id)
                    || isPaused(due.accountId(), now)) {
                continue;
            }
            // one account's sends never take every sender: a platform that hangs holds up only its own replies
            Long account = due.accountId();
            int sending = account == null ? 0 : perAccount.getOrDefault(account, 0) + taken.getOrDefault(account, 0);
            if (sending >= perAccountLimit) {
                continue;
            }
            if (account != null) {
                taken.merge(account, 1, Integer::sum);
            }
            accountOf.put(id, account);
        }
        if (accountOf.isEmpty() || !running) {
            return;
        }
        // each session's run: its due reply and the replies queued behind it, sent one after another by one sender
        List<List<Long>> runs = outbox.findRuns(accountOf.keySet(), RUN);
        List<Long> wanted = runs.stream().flatMap(List::stream).toList();
        // one claim, one transaction, for the whole pass
        String owner = node + ":" + claims.incrementAndGet();
        Set<Long> claimed = outbox.claimAll(wanted, owner, config.claimTimeout());
        if (claimed.isEmpty()) {
            return;
        }
        List<List<Long>> held = new ArrayList<>();
        List<Long> notSent = new ArrayList<>();
        for (List<Long> run : runs) {
            // a run goes out from its first reply up to the first one another sender holds, never past it
            int n = 0;
            while (n < run.size() && claimed.contains(run.get(n))) {
                n++;
            }
            if (n > 0) {
                held.add(run.subList(0, n));
            }
            run.subList(n, run.size()).stream().filter(claimed::contains).forEach(notSent::add);
        }
        release(notSent, owner);
        // and one read of everything the claimed replies need
        List<Long> ids = held.stream().flatMap(List::stream).toList();
        OutboxStore.Assembled assembled;
        try {
            assembled = outbox.assembleAll(ids);
        } catch (RuntimeException e) {
            assembled = null;
            LOG.warn("Reading {} claimed replies failed ({}); each is tried again later", ids.size(),
                    Errors.describe(e));
        }
        for (List<Long> run : held) {
            Long account = accountOf.get(run.get(0));
            run.forEach(id -> inFlight.put(id, owner));
            if (account != null) {
                perAccount.merge(account, 1, Integer::sum);
            }
            OutboxStore.Assembled replies = assembled;
            senders.execute(() -> {
                try {
                    sendRun(run, owner, replies, account);
                } finally {
                    run.forEach(inFlight::remove);
                    if (account != null) {
                        perAccount.computeIfPresent(account, (a, n) -> n <= 1 ? null : n - 1);
                    }
                    // the session's next reply may be due now
                    wake.release();
                }
            });
        }
    }

    /**
     * Sends a session's replies in their order, each once the platform accepted the one before; stops at the first
     * that does not go, and gives the rest back for a later pass.
     */
    private void sendRun(List<Long> run, String owner, OutboxStore.Assembled assembled, Long account) {
        for (int i = 0; i < run.size(); i++) {
            long id = run.get(i);
            boolean accepted = false;
            try {
                OutboxStore.Outgoing reply = assembled == null ? null : assembled.ready().get(id);
                Long goneAccount = assembled == null ? null : assembled.gone().get(id);
                if (reply != null) {
                    accepted = send(id, owner, reply);
                } else if (goneAccount != null) {
                    inFlight.remove(id);
                    accountGone(id, owner, goneAccount);
                } else if (assembled == null) {
                    inFlight.remove(id);
                    handleFailure(id, owner, new IllegalStateException("the reply could not be read"), account);
                }
                // else deleted since it was found due: nothing to send, nothing to record
            } catch (RuntimeException e) {
                LOG.error("Recording the failed attempt of reply {} failed; it is tried again when its claim "
                        + "expires", id, e);
            }
            if (!accepted && i + 1 < run.size()) {
                List<Long> rest = run.subList(i + 1, run.size());
                rest.forEach(inFlight::remove);
                release(rest, owner);
                return;
            }
        }
    }

    /** Gives claimed replies that were not sent back, for the next pass; when that fails, their claims expire. */
    private void release(List<Long> ids, String owner) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            outbox.release(ids, owner);
        } catch (RuntimeException e) {
            LOG.warn("Giving back {} claimed replies failed ({}); they are sent when their claims expire", ids.size(),
                    Errors.describe(e));
        }
    }

    /**
     * A reply of an account that is not running waits without being claimed, so a stopped account's many replies
     * never crowd out the replies of running ones. One of them goes through now and then, to find out whether the
     * account was deleted (its replies fail) or still waits.
     */
    private boolean isPaused(Long accountId, Instant now) {
        if (accountId == null || channels.isRunning(accountId)) {
            return false;
        }
        Instant until = paused.get(accountId);
        if (until != null && until.isAfter(now)) {
            return true;
        }
        paused.put(accountId, now.plus(NOT_RUNNING_WAIT));
        return false;
    }

    /** @return whether the platform accepted the reply */
    private boolean send(long id, String owner, OutboxStore.Outgoing reply) {
        MDC.put("message", Long.toString(id));
        try {
            Exchange result = producer.send(outbound.get(), ex -> ex.getMessage().setBody(reply));
            Long accountId = result.getMessage().getHeader(ACCOUNT_HEADER, Long.class);
            Throwable error = result.getException();
            if (error == null) {
                delivered(id, owner, result.getMessage().getBody() instanceof SentMessage answer ? answer : null,
                        accountId);
                return true;
            }
            // the send is over: its claim needs no renewing while the outcome is recorded
            inFlight.remove(id);
            handleFailure(id, owner, error, accountId);
            return false;
        } finally {
            MDC.remove("message");
        }
    }

    /**
     * The platform accepted the reply: whatever happens now, it must not go out again. It is kept as accepted (its
     * claim renewed) until it is recorded as SENT, with the replies other senders hand over meanwhile.
     */
    private void delivered(long id, String owner, SentMessage answer, Long accountId) {
        recording.put(id, owner);
        inFlight.remove(id);
        count(accountId, "sent");
        recorder.record(new OutboxStore.Accepted(id, owner, answer)).whenComplete((recorded, error) -> {
            boolean done = Boolean.TRUE.equals(recorded);
            if (error != null) {
                LOG.warn("Reply {} was delivered but what the platform answered cannot be stored ({}); recording it "
                        + "as sent without it", id, Errors.describe(error));
                done = recordWithoutDetails(id, owner);
            }
            if (done) {
                LOG.debug("Reply {} delivered", id);
            } else {
                accepted.put(id, owner);
                LOG.warn("Reply {} was delivered but could not be recorded yet; this node will not send it again", id);
                wake.release();
            }
            recording.remove(id);
        });
    }

    /** One try without sleeping: it runs on the recording thread; the outbox loop tries again on each pass. */
    private boolean recordWithoutDetails(long id, String owner) {
        try {
            return outbox.sentWithoutDetails(id, owner);
        } catch (RuntimeException e) {
            LOG.warn("Recording delivered reply {} failed: {}", id, Errors.describe(e));
            return false;
        }
    }

    /**
     * Records the replies delivered earlier whose outcome the database did not take: as sent under their claim, or,
     * when the claim lapsed and nobody else took it, under a new one. One whose outcome someone else recorded is
     * forgotten.
     */
    private void recordAccepted() {
        for (Map.Entry<Long, String> entry : accepted.entrySet()) {
            long id = entry.getKey();
            try {
                if (outbox.sentWithoutDetails(id, entry.getValue())) {
                    accepted.remove(id);
                    LOG.info("Delivered reply {} recorded as sent", id);
                } else if (!outbox.isPending(id)) {
                    accepted.remove(id);
                } else {
                    String owner = node + ":" + claims.incrementAndGet();
                    if (outbox.claim(id, owner, config.claimTimeout())) {
                        accepted.put(id, owner);
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("Delivered reply {} still cannot be recorded: {}", id, e.getMessage());
            }
        }
    }

    /** Keeps the claims of replies being sent, and of delivered ones not recorded yet, from expiring. */
    private void renewClaims() {
        renew(inFlight, "is being sent");
        renew(recording, "was delivered");
        renew(accepted, "was delivered");
    }

    private void renew(Map<Long, String> claimed, String state) {
        for (Map.Entry<Long, String> entry : claimed.entrySet()) {
            try {
                if (!outbox.renew(entry.getKey(), entry.getValue(), config.claimTimeout())
                        && claimed.containsKey(entry.getKey()) && outbox.isPending(entry.getKey())) {
                    LOG.warn("Reply {} {} but its claim was taken over", entry.getKey(), state);
                }
            } catch (RuntimeException e) {
                LOG.warn("Renewing the claim of reply {} failed: {}", entry.getKey(), e.getMessage());
            }
        }
    }

    private void handleFailure(long id, String owner, Throwable error, Long accountId) {
        ChannelRejectedException rejected = Errors.causeOf(error, ChannelRejectedException.class);
        if (rejected != null) {
            if (outbox.failed(id, owner, rejected.getMessage(), rejected.partsSent())) {
                count(accountId, "failed");
                LOG.info("Reply {} refused by the platform: {}", id, rejected.getMessage());
            }
            return;
        }
        if (Errors.causeOf(error, AccountNotRunningException.class) != null) {
            if (accountId != null) {
                paused.put(accountId, Instant.now().plus(NOT_RUNNING_WAIT));
            }
            outbox.postpone(id, owner, "the channel account is not running; the reply waits", NOT_RUNNING_WAIT);
            return;
        }
        ChannelTransportException transport = Errors.causeOf(error, ChannelTransportException.class);
        PluginFailureException plugin = Errors.causeOf(error, PluginFailureException.class);
        String reason = transport != null ? transport.getMessage() : plugin != null ? plugin.getMessage()
                : "unexpected " + error.getClass().getSimpleName() + ": " + error.getMessage();
        int partsSent = transport == null ? 0 : transport.partsSent();
        int attempts = outbox.attempts(id) + 1;
        if (attempts >= config.maxAttempts()) {
            if (outbox.failed(id, owner, "gave up after " + attempts + " attempts: " + reason, partsSent)) {
                count(accountId, "failed");
                LOG.warn("Reply {} failed after {} attempts: {}", id, attempts, reason);
            }
            return;
        }
        Duration wait = Backoff.exponential(attempts, config.initialBackoff(), config.maxBackoff());
        if (transport != null && transport.retryAfter() != null && transport.retryAfter().compareTo(wait) > 0) {
            wait = transport.retryAfter();
        }
        if (outbox.retryLater(id, owner, reason, wait, partsSent)) {
            count(accountId, "retried");
            LOG.info("Reply {} attempt {} failed ({}); next attempt in {} ms", id, attempts, reason,
                    wait.toMillis());
        }
    }

    private void accountGone(long id, String owner, Long accountId) {
        if (accountId != null) {
            // its other replies fail as soon as they are due, not one per pause
            paused.remove(accountId);
        }
        if (outbox.failed(id, owner, "the channel account was deleted", 0)) {
            count(accountId, "failed");
        }
    }

    private void count(Long accountId, String outcome) {
        try {
            metrics.outbound(types.of(accountId), outcome);
        } catch (RuntimeException e) {
            LOG.debug("Counting a reply failed: {}", e.getMessage());
        }
    }

    @PreDestroy
    synchronized void stop() throws InterruptedException {
        running = false;
        wake.release();
        if (loop != null) {
            loop.shutdownNow();
            senders.shutdown();
            senders.awaitTermination(10, TimeUnit.SECONDS);
            // after the senders: what the platforms accepted until they stopped is recorded before the hub stops
            recorder.stop();
            leases.shutdownNow();
        }
    }
}
