package org.lineshub.vk;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.NotStoredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Receives one community's events by the Bots Long Poll API (dev.vk.com/api/bots-long-poll/getting-started), on a
 * thread of the account's own: {@code groups.getLongPollServer} gives a session ({@code server}, {@code key},
 * {@code ts}), then {@code {server}?act=a_check&key=..&ts=..&wait=..} answers the events from {@code ts} on with the
 * next {@code ts}. Each answer is handed to the hub as one batch, and {@code ts} moves past it only after the hub stored
 * it: until then the same {@code ts} is asked again, and VK answers the same events.
 *
 * <p>The {@code ts} is kept in the account's durable state once the events before it are stored
 * ({@link VkPollPosition}). A new poller (the account or the hub restarted) takes a new session for its server and
 * key but goes on from the kept {@code ts}, so the events VK queued while no poller ran are fetched then; when VK no
 * longer has them, it answers {@code failed: 1} with a {@code ts} to go on from.
 */
final class VkLongPoller {

    private static final Logger LOG = LoggerFactory.getLogger(VkLongPoller.class);

    /** How long stopping waits for a batch the hub is storing before it interrupts it. */
    private static final long STOP_TIMEOUT_MILLIS = 10_000;

    private final ChannelContext channel;
    private final VkApi api;
    private final VkEventMapper mapper;
    private final VkUserNames names;
    private final long groupId;
    private final int waitSeconds;
    private final VkPollPosition position;

    /** Guards {@link #thread}, {@link #waiting} and {@link #stopping} (see {@link #awaitVk}). */
    private final Object phase = new Object();
    private Thread thread;
    private boolean waiting;
    private boolean stopping;

    /** The session, or {@code null} when a new one is needed; only the polling thread touches it. */
    private VkApi.LongPollServer server;
    /** The next event number wanted, or {@code null} before the first session; only the polling thread touches it. */
    private String ts;
    /** Whether no session was started yet: only the first one goes on from the kept position. */
    private boolean resuming = true;

    VkLongPoller(ChannelContext channel, VkApi api, VkEventMapper mapper, VkUserNames names, long groupId,
                 int waitSeconds) {
        this.channel = channel;
        this.api = api;
        this.mapper = mapper;
        this.names = names;
        this.groupId = groupId;
        this.waitSeconds = waitSeconds;
        this.position = new VkPollPosition(channel, groupId);
    }

    /** Starts the polling thread. */
    void start() {
        synchronized (phase) {
            if (thread != null) {
                throw new IllegalStateException("account " + channel.accountId() + " is already polling");
            }
            stopping = false;
            thread = new Thread(this::run, "vk-longpoll-" + channel.accountId());
            thread.setDaemon(true);
            thread.start();
        }
        LOG.info("Account {}: polling the VK Bots Long Poll API of community {}", channel.accountId(), groupId);
    }

    /**
     * Stops polling: a long poll or a backoff is cut short at once, a batch the hub is storing is left to finish
     * (up to 10 s). Does nothing when not polling.
     */
    void stop() {
        Thread polling;
        synchronized (phase) {
            polling = thread;
            if (polling == null) {
                return;
            }
            stopping = true;
            if (waiting) {
                polling.interrupt();
            }
        }
        if (polling != Thread.currentThread()) {
            try {
                polling.join(STOP_TIMEOUT_MILLIS);
                if (polling.isAlive()) {
                    LOG.warn("Account {}: the hub did not store a batch within {} ms; interrupting it",
                            channel.accountId(), STOP_TIMEOUT_MILLIS);
                    polling.interrupt();
                    polling.join(STOP_TIMEOUT_MILLIS);
                }
            } catch (InterruptedException e) {
                polling.interrupt();
                Thread.currentThread().interrupt();
            }
        }
        synchronized (phase) {
            thread = null;
        }
        LOG.info("Account {}: stopped polling VK", channel.accountId());
    }

    private void run() {
        MDC.put("plugin", channel.pluginId());
        MDC.put("account", String.valueOf(channel.accountId()));
        try {
            poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            MDC.remove("plugin");
            MDC.remove("account");
        }
    }

    private boolean isRunAllowed() {
        synchronized (phase) {
            return !stopping;
        }
    }

    private void poll() throws InterruptedException {
        VkBackoff backoff = new VkBackoff();
        while (isRunAllowed()) {
            try {
                if (server == null) {
                    VkApi.LongPollServer session = awaitVk(() -> api.getLongPollServer(groupId));
                    server = session;
                    String kept = resuming ? position.resume(session.server()) : null;
                    resuming = false;
                    if (kept != null) {
                        ts = kept;
                        LOG.info("Account {}: new long poll session, going on from the kept position {}",
                                channel.accountId(), ts);
                    } else {
                        if (ts == null) {
                            ts = session.ts();
                            // a restart before any event arrives must not skip what VK queues meanwhile
                            position.keep(session.server(), ts);
                        }
                        LOG.info("Account {}: new long poll session, events from {} on", channel.accountId(), ts);
                    }
                }
                VkApi.LongPollServer current = server;
                String from = ts;
                JsonNode answer = awaitVk(() -> api.checkLongPoll(current, from, waitSeconds));
                if (answer.has("failed")) {
                    failed(answer);
                } else {
                    deliver(answer);
                }
                channel.reportHealthy();
                backoff.reset();
            } catch (VkApiException e) {
                if (e.isUnauthorized()) {
                    LOG.warn("Account {}: VK rejected the access token; polling stops", channel.accountId());
                    channel.fail("VK rejected the community access token (error " + e.errorCode() + ")");
                    return;
                }
                if (!e.isTransient() && "groups.getLongPollServer".equals(e.method())) {
                    // the Long Poll API is off for the community, the group id is wrong, the token lacks the right
                    LOG.warn("Account {}: {}; polling stops", channel.accountId(), e.getMessage());
                    channel.fail("VK refuses the Bots Long Poll API: " + e.description() + " (error "
                            + e.errorCode() + ")");
                    return;
                }
                retryLater(backoff, e.getMessage(), null, e.retryAfter());
            } catch (NotStoredException e) {
                retryLater(backoff, "the hub did not store the events: " + e.getMessage(), null, null);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                retryLater(backoff, "the events were not taken (" + e.getClass().getSimpleName() + ")", e, null);
            }
        }
    }

    /**
     * A long poll answered {@code {"failed": n}} (Bots Long Poll API, "Errors"): 1, the event history is outdated or
     * partly lost, go on with the {@code ts} of the answer; 2, the key expired, get a new key with
     * groups.getLongPollServer and keep {@code ts}; 3, the information is lost, get a new key and {@code ts}.
     */
    private void failed(JsonNode answer) {
        int failed = answer.path("failed").asInt(0);
        switch (failed) {
            case 1 -> {
                JsonNode next = answer.path("ts");
                if (!(next.isTextual() || next.isIntegralNumber())) {
                    server = null;
                    throw new VkApiException("long poll", VkApiException.NO_RESPONSE, "failed 1 without a ts");
                }
                LOG.warn("Account {}: VK lost events before {}; going on from there", channel.accountId(), next.asText());
                ts = next.asText();
                position.keep(server.server(), ts);
            }
            case 2 -> {
                LOG.info("Account {}: the long poll key expired; getting a new one", channel.accountId());
                server = null;
            }
            case 3 -> {
                LOG.warn("Account {}: VK lost the long poll session; events since {} may be lost",
                        channel.accountId(), ts);
                server = null;
                ts = null;
            }
            default -> {
                server = null;
                throw new VkApiException("long poll", VkApiException.NO_RESPONSE, "unknown failed " + failed);
            }
        }
    }

    /** Hands one long-poll answer to the hub, then moves {@code ts} past it. */
    private void deliver(JsonNode answer) throws NotStoredException, InterruptedException {
        JsonNode next = answer.path("ts");
        JsonNode updates = answer.path("updates");
        if (!(next.isTextual() || next.isIntegralNumber()) || !updates.isArray()) {
            throw new VkApiException("long poll", VkApiException.NO_RESPONSE, "the answer has no ts and updates");
        }
        if (!updates.isEmpty()) {
            VkEventBatch.map(updates, mapper, names, channel.accountId()).handTo(channel);
        }
        // VK does not know what a client has: asking from the new ts is what acknowledges the events. Moving it only
        // after the hub stored them means a failure before this line makes the next request ask for the same events,
        // and the hub drops the duplicates by id. The same holds for the position kept across restarts.
        ts = next.asText();
        position.keep(server.server(), ts);
    }

    /**
     * @param unexpected an error worth a stack trace in the log, or {@code null} for an expected failure whose
     *                   reason says it all
     */
    private void retryLater(VkBackoff backoff, String reason, Exception unexpected, Duration atLeast)
            throws InterruptedException {
        if (!isRunAllowed()) {
            return;
        }
        channel.reportProblem(reason);
        if (unexpected == null) {
            LOG.warn("Account {}: {}; retrying in at least {} s", channel.accountId(), reason,
                    backoff.peek().toSeconds());
        } else {
            LOG.warn("Account {}: {}; retrying in {} s", channel.accountId(), reason, backoff.peek().toSeconds(),
                    unexpected);
        }
        awaitVk(() -> {
            backoff.sleep(atLeast);
            return null;
        });
    }

    /**
     * Runs a wait on VK (a call or a backoff) that stopping may interrupt. Outside these waits the thread is never
     * interrupted (unless the hub takes longer than the stop timeout), so a batch the hub is storing is not cut in the
     * middle of its transaction.
     */
    private <T> T awaitVk(VkCall<T> call) throws InterruptedException {
        synchronized (phase) {
            if (stopping) {
                throw new InterruptedException("stopping");
            }
            waiting = true;
        }
        try {
            return call.run();
        } finally {
            synchronized (phase) {
                waiting = false;
                if (stopping) {
                    // the interrupt from stop() may have arrived just after the call returned
                    Thread.interrupted();
                    throw new InterruptedException("stopping");
                }
            }
        }
    }

    @FunctionalInterface
    private interface VkCall<T> {
        T run() throws InterruptedException;
    }
}
