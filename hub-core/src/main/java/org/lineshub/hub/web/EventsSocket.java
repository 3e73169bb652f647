package org.lineshub.hub.web;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import org.lineshub.hub.access.AccessChangedEvent;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.access.LineRole;
import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.HubEvent;
import org.lineshub.hub.event.HubEventListener;
import org.lineshub.hub.event.MessageEvent;
import org.lineshub.hub.event.OperatorStatusEvent;
import org.lineshub.hub.event.SessionEvent;
import org.lineshub.hub.event.SessionSnapshot;
import org.lineshub.hub.event.SlaBreachedEvent;
import org.lineshub.hub.line.LineMembers;
import org.lineshub.hub.session.SessionQueries;
import org.lineshub.hub.system.HubThreads;
import org.lineshub.hub.user.HubPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Real-time events for operators' and supervisors' screens at {@code /api/v1/events}: plain JSON frames
 * {@code {"type","at","data"}} (see docs/events.md). Each connection gets exactly the events about what its user may
 * see, judged by the same rules as the REST API: session events for sessions the user could see before the change or
 * may see after it, message events for visible sessions (internal comments not for readers), queue counters of the
 * user's lines, status changes of operators the user supervises, SLA breaches of the lines the user supervises.
 * What a user may see is read again after every committed change of users, groups or lines.
 * <p>
 * One thread decides who gets which frame, in the order events happened, and hands each connection its frames in a
 * queue of its own; a connection's frames are written by a thread of their own while there are any. A browser that
 * stops reading therefore delays nobody else; once a frame has been on its way to it for {@value #SEND_SECONDS} s, or
 * {@value #BUFFER_LIMIT} bytes of frames wait for it, it is disconnected and reloads when it reconnects. Queues share
 * the frames (each is built once), so the byte limit only keeps one connection from holding many old frames: a burst
 * of large messages must not disconnect a browser that reads as fast as it can.
 */
@Component
class EventsSocket extends TextWebSocketHandler implements HubEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventsSocket.class);
    static final int SEND_SECONDS = 10;
    static final int BUFFER_LIMIT = 16 * 1024 * 1024;
    private static final long SEND_TIME_LIMIT = TimeUnit.SECONDS.toNanos(SEND_SECONDS);

    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    // lines whose queue counters are to be sent; touched only on the fan-out thread
    private final Set<Long> dirtyLines = new LinkedHashSet<>();
    private Instant countersAt;
    private boolean countersQueued;
    private final ExecutorService fanOut = Executors.newSingleThreadExecutor(HubThreads.named("events-socket"));
    private final ExecutorService senders = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), HubThreads.named("events-socket-send", true));
    // a browser that stopped reading is found even when no further frame comes for it
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            HubThreads.named("events-socket-watchdog"));
    private final AccessService accessService;
    private final SessionQueries sessions;
    private final LineMembers members;
    private final ObjectMapper json;

    EventsSocket(AccessService accessService, SessionQueries sessions, LineMembers members, ObjectMapper json) {
        this.accessService = accessService;
        this.sessions = sessions;
        this.members = members;
        this.json = json;
        watchdog.scheduleWithFixedDelay(this::closeStalled, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) throws IOException {
        if (!(socket.getPrincipal() instanceof Authentication auth)
                || !(auth.getPrincipal() instanceof HubPrincipal principal)) {
            socket.close(CloseStatus.POLICY_VIOLATION.withReason("not authenticated"));
            return;
        }
        Subscriber s = new Subscriber(socket, principal.id(), accessService.of(principal.id()));
        // queued before the subscriber is visible to the fan-out, so that it is the first frame
        s.offer(frame("hello", Instant.now(), Map.of("userId", principal.id())));
        subscribers.put(socket.getId(), s);
        LOG.debug("Events socket opened for user {}", principal.id());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        Subscriber s = subscribers.remove(socket.getId());
        if (s != null) {
            s.discard();
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        // the socket only pushes; a client may ping to keep intermediaries from closing it
        Subscriber s = subscribers.get(socket.getId());
        if (s != null && message.getPayload().contains("ping")) {
            s.offer(frame("pong", Instant.now(), Map.of()));
        }
    }

    /**
     * Reads again what the users concerned may see, once the change is committed (read inside the changing
     * transaction, it would be the state before the change). On the fan-out thread: events committed after the
     * change are judged by the new rights.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void onAccessChanged(AccessChangedEvent event) {
        execute(() -> {
            for (Subscriber s : subscribers.values()) {
                if (event.userId() == null || event.userId() == s.userId) {
                    try {
                        s.access = accessService.of(s.userId);
                    } catch (RuntimeException e) {
                        // the user was disabled: their screen gets nothing more
                        close(s, "user disabled");
                    }
                }
            }
        });
    }

    @Override
    public void onEvent(HubEvent event) {
        if (!subscribers.isEmpty()) {
            execute(() -> fanOut(event));
        }
    }

    private void execute(Runnable task) {
        try {
            fanOut.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("Events socket is shut down");
        }
    }

    private void fanOut(HubEvent event) {
        if (event instanceof SessionEvent e) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("session", e.session());
            data.put("previousLineId", e.previousLineId());
            data.put("previousOperatorId", e.previousOperatorId());
            data.put("actorUserId", e.actorUserId());
            data.put("reason", e.reason());
            broadcast(frame(e.type(), e.at(), data), a -> visible(a, e.session()) || sawBefore(a, e));
            if (e.previousLineId() != null) {
                countersChanged(e.previousLineId(), e.at());
            }
            countersChanged(e.session().lineId(), e.at());
        } else if (event instanceof MessageEvent e) {
            boolean internal = "INTERNAL".equals(e.message().direction());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("session", e.session());
            data.put("message", e.message());
            broadcast(frame(e.type(), e.at(), data), a -> visible(a, e.session())
                    && (!internal || a.canSeeInternal(e.session().lineId())));
        } else if (event instanceof OperatorStatusEvent e) {
            Set<Long> lines = members.linesOf(e.userId(), LineRole.OPERATOR);
            Map<String, Object> data = Map.of("userId", e.userId(), "name", e.name(), "status", e.status());
            broadcast(frame(e.type(), e.at(), data), a -> a.userId() == e.userId() || a.admin()
                    || lines.stream().anyMatch(a::canSupervise));
        } else if (event instanceof SlaBreachedEvent e) {
            // a missed deadline is the supervisors' to act on (admins included)
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("session", e.session());
            data.put("deadline", e.deadline());
            data.put("dueAt", e.dueAt());
            broadcast(frame(e.type(), e.at(), data), a -> a.canSupervise(e.session().lineId()));
        }
    }

    private static boolean visible(UserAccess a, SessionSnapshot s) {
        return a.canSeeSession(s.lineId(), s.status(), s.operatorId());
    }

    /**
     * Whether the user could see the session before the change, so that their view changed too: the operators of
     * the line whose queue a taken session left, the operator a session was taken from, the line a session was
     * transferred away from. The event tells the state before: the previous line and operator; a reopened session was
     * closed, any other was open, assigned when it had an operator.
     */
    private static boolean sawBefore(UserAccess a, SessionEvent e) {
        if (EventTypes.SESSION_CREATED.equals(e.type())) {
            return false;
        }
        String status = EventTypes.SESSION_REOPENED.equals(e.type()) ? "CLOSED"
                : e.previousOperatorId() != null ? "ASSIGNED" : "QUEUED";
        long line = e.previousLineId() != null ? e.previousLineId() : e.session().lineId();
        return a.canSeeSession(line, status, e.previousOperatorId());
    }

    /**
     * Notes that a line's queue changed. The counters are read once for every line changed meanwhile, by a task
     * queued behind the events already waiting: a burst of new sessions costs one count per line, not one per
     * session, and the counters still follow the events that changed them.
     */
    private void countersChanged(long lineId, Instant at) {
        dirtyLines.add(lineId);
        if (countersAt == null || at.isAfter(countersAt)) {
            countersAt = at;
        }
        if (!countersQueued) {
            countersQueued = true;
            execute(this::counters);
        }
    }

    /** On the fan-out thread: the queue counters of the lines changed since the last time. */
    private void counters() {
        countersQueued = false;
        Set<Long> lineIds = new LinkedHashSet<>(dirtyLines);
        dirtyLines.clear();
        Instant at = countersAt;
        if (lineIds.isEmpty()) {
            return;
        }
        Map<Long, Long> queued = sessions.queued(lineIds);
        for (Long lineId : lineIds) {
            Map<String, Object> data = Map.of("lineId", lineId, "unassigned", queued.getOrDefault(lineId, 0L));
            broadcast(frame(EventTypes.COUNTERS_CHANGED, at, data), a -> a.canSeeLine(lineId));
        }
    }

    private void broadcast(String frame, Predicate<UserAccess> allowed) {
        for (Subscriber s : subscribers.values()) {
            if (allowed.test(s.access)) {
                s.offer(frame);
            }
        }
    }

    private String frame(String type, Instant at, Object data) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put("at", at);
        frame.put("data", data);
        try {
            return json.writeValueAsString(frame);
        } catch (IOException e) {
            throw new IllegalStateException("event cannot be written as JSON", e);
        }
    }

    private void closeStalled() {
        long now = System.nanoTime();
        for (Subscriber s : subscribers.values()) {
            if (s.stalled(now)) {
                close(s, "not reading for " + SEND_SECONDS + " s");
            }
        }
    }

    /**
     * Forgets a connection and closes it on a sender thread: closing waits for a frame still being written, which
     * must delay nobody else.
     */
    private void close(Subscriber s, String why) {
        if (subscribers.remove(s.socket.getId()) == null) {
            return;
        }
        s.discard();
        LOG.debug("Closing the events socket of user {}: {}", s.userId, why);
        try {
            senders.execute(() -> {
                try {
                    s.socket.close(CloseStatus.GOING_AWAY);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Closing events socket: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Events socket is shut down");
        }
    }

    @PreDestroy
    void stop() {
        watchdog.shutdownNow();
        fanOut.shutdownNow();
        senders.shutdownNow();
    }

    /** One connection: who it is for, and the frames waiting for it. */
    private final class Subscriber {
        final WebSocketSession socket;
        final long userId;
        volatile UserAccess access;
        // guarded by this
        private final Deque<String> queue = new ArrayDeque<>();
        private long queuedBytes;
        private boolean writing;
        private boolean discarded;
        /** {@link System#nanoTime()} when the frame being written started, 0 while none is. */
        private volatile long writingSince;

        Subscriber(WebSocketSession socket, long userId, UserAccess access) {
            this.socket = socket;
            this.userId = userId;
            this.access = access;
        }

        /** Queues a frame; the connection is closed instead when too much already waits for it. */
        void offer(String frame) {
            boolean full;
            synchronized (this) {
                if (discarded) {
                    return;
                }
                // a UTF-16 unit per byte: exact for the ASCII of JSON, close enough for the rest
                full = queuedBytes + frame.length() > BUFFER_LIMIT;
                if (!full) {
                    queue.add(frame);
                    queuedBytes += frame.length();
                    if (writing) {
                        return;
                    }
                    writing = true;
                }
            }
            if (full) {
                close(this, "more than " + BUFFER_LIMIT + " bytes of frames waiting");
                return;
            }
            try {
                senders.execute(this::write);
            } catch (RejectedExecutionException e) {
                LOG.debug("Events socket is shut down");
            }
        }

        /** Writes the waiting frames in order, then ends; {@link #offer} starts it again. */
        private void write() {
            while (true) {
                String frame;
                synchronized (this) {
                    frame = queue.poll();
                    if (frame == null || discarded) {
                        writing = false;
                        return;
                    }
                    queuedBytes -= frame.length();
                }
                writingSince = System.nanoTime();
                try {
                    socket.sendMessage(new TextMessage(frame));
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Events socket of user {} failed: {}", userId, e.getMessage());
                    close(this, "sending failed");
                    synchronized (this) {
                        writing = false;
                    }
                    return;
                } finally {
                    writingSince = 0;
                }
            }
        }

        boolean stalled(long now) {
            long since = writingSince;
            return since != 0 && now - since > SEND_TIME_LIMIT;
        }

        synchronized void discard() {
            discarded = true;
            queue.clear();
            queuedBytes = 0;
        }
    }
}
