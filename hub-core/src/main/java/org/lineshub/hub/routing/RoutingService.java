package org.lineshub.hub.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.lineshub.hub.system.HubThreads;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.HubEvent;
import org.lineshub.hub.event.HubEventListener;
import org.lineshub.hub.event.OperatorStatusEvent;
import org.lineshub.hub.event.SessionEvent;
import org.lineshub.hub.line.Line;
import org.lineshub.hub.line.LineChangedEvent;
import org.lineshub.hub.line.LineMembers;
import org.lineshub.hub.line.LineRepository;
import org.lineshub.hub.line.LineTimer;
import org.lineshub.hub.access.LineRole;
import org.lineshub.hub.line.RoutingMode;
import org.lineshub.hub.session.OperatorChooser;
import org.lineshub.hub.session.SessionRepository;
import org.lineshub.hub.session.SessionRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Service;

/**
 * Distributes queued sessions as each line's routing mode says, as soon as something changes: a session arrives,
 * is transferred or closed, an operator comes online, a line's settings change. A timer catches anything missed,
 * offers sessions nobody answered in time to the next operator, and closes idle sessions of lines that auto-close.
 * Decisions come from {@link RoutingPolicy}; the assignment itself, with its locks, from {@link SessionRouting}.
 */
@Service
class RoutingService implements HubEventListener, OperatorChooser {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingService.class);
    private static final int MAX_PER_PASS = 1000;

    private final SessionRouting sessions;
    private final SessionRepository sessionRepository;
    private final LineRepository lines;
    private final LineMembers members;
    private final Clock clock;
    private final HubProperties properties;
    private final TaskScheduler scheduler;
    private final Set<Long> pending = new LinkedHashSet<>();
    /** The operator routing chose last per line, for round-robin; per node, which keeps the turn fair enough. */
    private final Map<Long, Long> lastChosen = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(HubThreads.named("routing"));

    RoutingService(SessionRouting sessions, SessionRepository sessionRepository, LineRepository lines,
                   LineMembers members, Clock clock, HubProperties properties, TaskScheduler scheduler) {
        this.sessions = sessions;
        this.sessionRepository = sessionRepository;
        this.lines = lines;
        this.members = members;
        this.clock = clock;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    @Override
    public void onEvent(HubEvent event) {
        if (event instanceof SessionEvent e) {
            switch (e.type()) {
                case EventTypes.SESSION_CREATED, EventTypes.SESSION_TRANSFERRED, EventTypes.SESSION_CLOSED,
                     EventTypes.SESSION_REOPENED, EventTypes.SESSION_UNBLOCKED,
                     // a blocked session frees its operator's place
                     EventTypes.SESSION_BLOCKED -> {
                    schedule(e.session().lineId());
                    if (e.previousLineId() != null) {
                        schedule(e.previousLineId());
                    }
                }
                default -> {
                    // an assignment frees no capacity and fills no queue
                }
            }
        } else if (event instanceof OperatorStatusEvent e && "ONLINE".equals(e.status())) {
            members.linesOf(e.userId(), LineRole.OPERATOR).forEach(this::schedule);
        }
    }

    /** Starts the timers once the hub is up. */
    @EventListener(ApplicationReadyEvent.class)
    void startTimers() {
        HubProperties.Routing timers = properties.routing();
        every(timers.sweepInterval(), this::sweep);
        every(timers.offerCheckInterval(), this::reofferUnanswered);
        every(timers.autoCloseInterval(), this::autoClose);
    }

    private void every(Duration interval, Runnable job) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.warn("A routing timer failed; it runs again: {}", e.getMessage());
            }
        }, clock.instant().plus(interval), interval);
    }

    @EventListener
    void onLineChanged(LineChangedEvent event) {
        schedule(event.lineId());
    }

    private void schedule(long lineId) {
        synchronized (pending) {
            if (!pending.add(lineId)) {
                return;
            }
        }
        try {
            worker.execute(() -> {
                synchronized (pending) {
                    pending.remove(lineId);
                }
                route(lineId);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Routing is shut down");
        }
    }

    /** Assigns queued sessions of a line until the queue is empty or nobody can take one. */
    void route(long lineId) {
        if (lines.findRoutingMode(lineId).map(mode -> mode == RoutingMode.MANUAL).orElse(true)) {
            return;
        }
        try {
            for (int i = 0; i < MAX_PER_PASS; i++) {
                if (sessions.assignNextQueued(lineId, this).isEmpty()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Routing line {} failed, the next pass retries: {}", lineId, e.getMessage());
        }
    }

    @Override
    public Optional<Long> choose(Line line, Set<Long> excluded) {
        if (line.getRoutingMode() == RoutingMode.MANUAL) {
            return Optional.empty();
        }
        Map<Long, Long> open = new HashMap<>();
        for (Object[] row : sessionRepository.countAssignedByOperator(line.getId())) {
            open.put((Long) row[0], (Long) row[1]);
        }
        List<RoutingPolicy.Candidate> candidates = members.withRole(line.getId(), LineRole.OPERATOR).stream()
                .map(m -> new RoutingPolicy.Candidate(m.userId(), m.status(), open.getOrDefault(m.userId(), 0L)))
                .toList();
        Optional<Long> chosen = RoutingPolicy.choose(new RoutingPolicy.LineState(line.getRoutingMode(),
                line.getMaxSessionsPerOperator(), lastChosen.get(line.getId()), candidates), excluded);
        chosen.ifPresent(operator -> lastChosen.put(line.getId(), operator));
        return chosen;
    }

    /** Catches what events missed, e.g. a raised limit or a failed pass. */
    void sweep() {
        lines.findRoutedIds().forEach(this::schedule);
    }

    /** Offers sessions that routing assigned and nobody answered within the line's offer timeout to the next one. */
    void reofferUnanswered() {
        Instant now = clock.instant();
        // the settings of every line in one query: loading the lines themselves would load each one's groups
        for (LineTimer line : lines.findOfferTimeouts()) {
            int timeout = line.amount();
            for (Long id : sessionRepository.findUnansweredOffers(line.lineId(), now.minusSeconds(timeout))) {
                try {
                    sessions.reoffer(id, this).ifPresent(op ->
                            LOG.info("Session {} not answered in {} s: offered to operator {}", id, timeout, op));
                } catch (RuntimeException e) {
                    LOG.warn("Offering session {} again failed: {}", id, e.getMessage());
                }
            }
        }
    }

    /** Closes sessions of auto-closing lines that had no message for the line's time. */
    void autoClose() {
        Instant now = clock.instant();
        for (LineTimer line : lines.findAutoCloseHours()) {
            int hours = line.amount();
            for (Long id : sessionRepository.findIdleIds(line.lineId(), now.minus(Duration.ofHours(hours)))) {
                try {
                    if (sessions.autoClose(id, hours)) {
                        LOG.info("Session {} closed after {} h without messages", id, hours);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Closing idle session {} failed: {}", id, e.getMessage());
                }
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
