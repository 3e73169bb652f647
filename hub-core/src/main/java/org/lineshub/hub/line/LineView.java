package org.lineshub.hub.line;

import java.time.Instant;
import java.util.List;

import org.lineshub.hub.sla.SlaSettings;

/**
 * A line as the API shows it.
 *
 * @param id                       the line
 * @param name                     its name
 * @param showOperatorName         whether clients see the operator's name
 * @param routingMode              how sessions reach operators
 * @param maxSessionsPerOperator   the per-operator limit, or {@code null} for none
 * @param autoCloseHours           hours without messages before a session closes, or {@code null} for never
 * @param offerTimeoutSeconds      seconds before an unanswered routed session goes to the next operator, or
 *                                 {@code null}
 * @param allowOfflineWithSessions whether operators may go offline holding open sessions
 * @param operatorGroupIds         operator groups
 * @param supervisorGroupIds       supervisor groups
 * @param readerGroupIds           reader groups
 * @param writerGroupIds           groups of internal users who may write to the line
 * @param unassigned               sessions waiting in the queue now
 * @param myRoles                  the caller's roles on the line
 * @param createdAt                when it was created
 * @param updatedAt                when it was last changed
 * @param sla                      its SLA, or {@code null} when it has none
 */
public record LineView(long id, String name, boolean showOperatorName, String routingMode,
                       Integer maxSessionsPerOperator, Integer autoCloseHours, Integer offerTimeoutSeconds,
                       boolean allowOfflineWithSessions, List<Long> operatorGroupIds, List<Long> supervisorGroupIds,
                       List<Long> readerGroupIds, List<Long> writerGroupIds, long unassigned, List<String> myRoles,
                       Instant createdAt, Instant updatedAt, SlaSettings sla) {
}
