package org.lineshub.hub.channel;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Health of every enabled channel account ({@code /actuator/health/channels}, part of readiness): UP when all run
 * without a reported problem; DEGRADED (still ready: the hub serves everything else) when some account failed,
 * stopped or reports a problem, with each account's status and reason in the details. DOWN when the accounts cannot
 * be read (the database is unreachable), like the {@code db} indicator then: a probe gets 503, never an error.
 */
@Component("channels")
class ChannelAccountsHealthIndicator extends AbstractHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "Some channel accounts do not work");

    private final ChannelAccountRepository accounts;
    private final ChannelRuntime runtime;

    ChannelAccountsHealthIndicator(ChannelAccountRepository accounts, ChannelRuntime runtime) {
        super("Channel accounts cannot be read");
        this.accounts = accounts;
        this.runtime = runtime;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean allWell = true;
        for (ChannelAccount a : accounts.findByEnabledTrueAndDeletedAtIsNull()) {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("type", a.getType());
            boolean running = runtime.isRunning(a.getId());
            String problem = runtime.problem(a.getId()).orElse(null);
            account.put("status", running ? (problem == null ? "UP" : "DEGRADED") : a.getStatus().name());
            if (problem != null) {
                account.put("problem", problem);
            }
            if (!running && a.getLastError() != null) {
                account.put("error", a.getLastError());
            }
            allWell &= running && problem == null;
            details.put(a.getId() + " " + a.getName(), account);
        }
        health.status(allWell ? Status.UP : DEGRADED).withDetails(details);
    }
}
