package org.lineshub.hub.sla;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.lineshub.hub.event.EventTypes;
import org.lineshub.hub.event.SessionSnapshot;
import org.lineshub.hub.event.SlaBreachedEvent;
import org.lineshub.hub.system.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds SLA deadlines that passed unmet and raises {@code sla.breached} for each, once. Every node sweeps; a breach
 * is claimed by a conditional UPDATE that sets its mark only while the mark is empty and the deadline still counts
 * as missed, so of two nodes (or two sweeps) exactly one changes the row and publishes the event, in the claiming
 * transaction (the event goes out after its commit). Deadlines and marks live in the session table, so a restart
 * neither loses a deadline nor raises a breach again; deadlines missed while no hub ran are raised by the first
 * sweep, up to {@link SlaProperties#catchUp()} back.
 * <p>
 * A deadline is missed when, at its time, the session was neither closed nor spam and (for the first response)
 * had no answer yet. A session closed late is still a breach the next sweep finds.
 */
@Component
class SlaSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(SlaSweeper.class);
    private static final int BATCH = 500;

    /** The two deadlines, with the columns that hold each and what meeting it means. */
    enum Deadline {
        FIRST_RESPONSE("first_response_due_at", "first_response_breached_at",
                "(first_response_at IS NULL OR first_response_at > first_response_due_at)"),
        RESOLUTION("resolution_due_at", "resolution_breached_at", "1 = 1");

        final String due;
        final String mark;
        /** What a breach claim requires besides an empty mark, a due time passed and no close before it. */
        final String missed;

        Deadline(String due, String mark, String unmet) {
            this.due = due;
            this.mark = mark;
            this.missed = mark + " IS NULL AND " + due + " <= :now AND status <> 'SPAM'"
                    + " AND (closed_at IS NULL OR closed_at > " + due + ") AND " + unmet;
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SlaProperties properties;
    private final TaskScheduler scheduler;
    private final MeterRegistry registry;

    SlaSweeper(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock,
               SlaProperties properties, TaskScheduler scheduler, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.properties = properties;
        this.scheduler = scheduler;
        this.registry = registry;
    }

    /** Starts sweeping once the hub is up. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warn("The SLA sweep failed; it runs again: {}", e.getMessage());
            }
        }, scheduler.getClock().instant().plus(properties.sweepInterval()), properties.sweepInterval());
    }

    /**
     * Raises every breach found now (up to {@value #BATCH} per deadline; the next sweep takes the rest).
     *
     * @return how many breaches this sweep raised
     */
    int sweep() {
        Instant now = clock.instant();
        int raised = 0;
        for (Deadline deadline : Deadline.values()) {
            List<Long> ids = jdbc.sql("SELECT id FROM session WHERE " + deadline.due + " > :since AND "
                            + deadline.missed + " ORDER BY " + deadline.due + " LIMIT " + BATCH)
                    .param("since", Jdbc.utc(now.minus(properties.catchUp()))).param("now", Jdbc.utc(now))
                    .query(Long.class).list();
            for (long id : ids) {
                if (Boolean.TRUE.equals(transactions.execute(tx -> claim(deadline, id, now)))) {
                    raised++;
                }
            }
        }
        return raised;
    }

    /** Marks one breach, if nobody did; publishes it when this call did. */
    private boolean claim(Deadline deadline, long id, Instant now) {
        int claimed = jdbc.sql("UPDATE session SET " + deadline.mark + " = :now WHERE id = :id AND " + deadline.missed)
                .param("now", Jdbc.utc(now)).param("id", id).update();
        if (claimed == 0) {
            return false;
        }
        Breach breach = jdbc.sql("SELECT s.id, s.line_id, s.account_id, a.type, s.client_id, c.display_name, s.status,"
                        + " s.operator_id, s.created_at, s.last_message_at, s.waiting_since, s." + deadline.due
                        + " FROM session s JOIN channel_account a ON a.id = s.account_id"
                        + " JOIN client c ON c.id = s.client_id WHERE s.id = ?")
                .param(id)
                .query((rs, n) -> new Breach(new SessionSnapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7),
                        rs.getObject(8, Long.class), Jdbc.instant(rs, 9), Jdbc.instant(rs, 10), Jdbc.instant(rs, 11)),
                        Jdbc.instant(rs, 12)))
                .single();
        events.publishEvent(new SlaBreachedEvent(EventTypes.SLA_BREACHED, now, breach.session(), deadline.name(),
                breach.dueAt()));
        Counter.builder("hub.sla.breaches").description("SLA deadlines missed").tag("deadline", deadline.name())
                .register(registry).increment();
        LOG.info("Session {} missed its {} deadline of {}", id, deadline, breach.dueAt());
        return true;
    }

    private record Breach(SessionSnapshot session, Instant dueAt) {
    }
}
