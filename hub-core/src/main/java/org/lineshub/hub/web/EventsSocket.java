package org.lineshub.hub.web;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import org.lineshub.hub.system.HubThreads;
import org.lineshub.hub.access.AccessChangedEvent;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.HubEvent;
import org.lineshub.hub.event.HubEventListener;
import org.lineshub.hub.event.MessageEvent;
import org.lineshub.hub.event.OperatorStatusEvent;
import org.lineshub.hub.event.SessionEvent;
import org.lineshub.hub.event.SessionSnapshot;
import org.lineshub.hub.line.LineMembers;
import org.lineshub.hub.access.LineRole;
import org.lineshub.hub.session.SessionQueries;
import org.lineshub.hub.user.HubPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Real-time events for operators' and supervisors' screens at {@code /api/v1/events}: plain JSON frames
 * {@code {"type","at","data"}} (see docs/events.md). Each connection gets exactly the events about what its user may
 * see, judged by the same rules as the REST API: session and message events for visible sessions (internal comments
 * not for readers), queue counters of the user's lines, status changes of operators the user supervises. Frames are
 * built and sent on a thread of this socket's own, so a slow browser never delays the hub's other listeners; a
 * browser that falls too far behind is disconnected and reloads.
 */
@Component
class EventsSocket extends TextWebSocketHandler implements HubEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventsSocket.class);
    private static final int SEND_TIME_LIMIT_MS = 10_000;
    private static final int BUFFER_LIMIT = 1024 * 1024;

    private static final class Subscriber {
        final WebSocketSession socket;
        final long userId;
        volatile UserAccess access;

        Subscriber(WebSocketSession socket, long userId, UserAccess access) {
            this.socket = socket;
            this.userId = userId;
            this.access = access;
        }
    }

    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(HubThreads.named("events-socket"));
    private final AccessService accessService;
    private final SessionQueries sessions;
    private final LineMembers members;
    private final ObjectMapper json;

    EventsSocket(AccessService accessService, SessionQueries sessions, LineMembers members, ObjectMapper json) {
        this.accessService = accessService;
        this.sessions = sessions;
        this.members = members;
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) throws IOException {
        if (!(socket.getPrincipal() instanceof Authentication auth)
                || !(auth.getPrincipal() instanceof HubPrincipal principal)) {
            socket.close(CloseStatus.POLICY_VIOLATION.withReason("not authenticated"));
            return;
        }
        UserAccess access = accessService.of(principal.id());
        WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(socket, SEND_TIME_LIMIT_MS, BUFFER_LIMIT);
        subscribers.put(socket.getId(), new Subscriber(safe, principal.id(), access));
        LOG.debug("Events socket opened for user {}", principal.id());
        send(subscribers.get(socket.getId()), frame("hello", Instant.now(), Map.of("userId", principal.id())));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        subscribers.remove(socket.getId());
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) throws IOException {
        // the socket only pushes; a client may ping to keep intermediaries from closing it
        Subscriber s = subscribers.get(socket.getId());
        if (s != null && message.getPayload().contains("ping")) {
            send(s, frame("pong", Instant.now(), Map.of()));
        }
    }

    @EventListener
    void onAccessChanged(AccessChangedEvent event) {
        for (Subscriber s : subscribers.values()) {
            if (event.userId() == null || event.userId() == s.userId) {
                try {
                    s.access = accessService.of(s.userId);
                } catch (RuntimeException e) {
                    // the user was disabled: their screen gets nothing more
                    close(s);
                }
            }
        }
    }

    @Override
    public void onEvent(HubEvent event) {
        if (subscribers.isEmpty()) {
            return;
        }
        try {
            sender.execute(() -> fanOut(event));
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
            broadcast(frame(e.type(), e.at(), data), a -> visible(a, e.session()));
            Set<Long> lines = new java.util.LinkedHashSet<>();
            if (e.previousLineId() != null) {
                lines.add(e.previousLineId());
            }
            lines.add(e.session().lineId());
            counters(e.at(), lines);
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
        }
    }

    private static boolean visible(UserAccess a, SessionSnapshot s) {
        return a.canSeeSession(s.lineId(), s.status(), s.operatorId());
    }

    private void counters(Instant at, Set<Long> lineIds) {
        Map<Long, Long> queued = sessions.queued(lineIds);
        for (Long lineId : lineIds) {
            Map<String, Object> data = Map.of("lineId", lineId, "unassigned", queued.getOrDefault(lineId, 0L));
            broadcast(frame(EventTypes.COUNTERS_CHANGED, at, data), a -> a.canSeeLine(lineId));
        }
    }

    private void broadcast(String frame, java.util.function.Predicate<UserAccess> allowed) {
        for (Subscriber s : subscribers.values()) {
            if (allowed.test(s.access)) {
                send(s, frame);
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

    private void send(Subscriber s, String frame) {
        try {
            s.socket.sendMessage(new TextMessage(frame));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Events socket of user {} failed, closing it: {}", s.userId, e.getMessage());
            close(s);
        }
    }

    @PreDestroy
    void stop() {
        sender.shutdownNow();
    }

    private void close(Subscriber s) {
        subscribers.remove(s.socket.getId());
        try {
            s.socket.close(CloseStatus.GOING_AWAY);
        } catch (IOException e) {
            LOG.debug("Closing events socket: {}", e.getMessage());
        }
    }
}
