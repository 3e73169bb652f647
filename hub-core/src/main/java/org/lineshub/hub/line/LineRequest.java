package org.lineshub.hub.line;

import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.lineshub.hub.sla.SlaSettings;

/**
 * A line as an admin creates or changes it. On change, omitted (null) settings keep their value.
 *
 * @param name                     a unique name
 * @param showOperatorName         whether clients see the operator's name (true) or the line's (false)
 * @param routingMode              MANUAL (queue), ROUND_ROBIN or LEAST_BUSY
 * @param maxSessionsPerOperator   the most open sessions one operator holds on this line; 0 for no limit
 * @param autoCloseHours           close sessions after this many hours without messages; 0 never
 * @param offerTimeoutSeconds      a session routing assigned and nobody answered within this time goes to the
 *                                 next operator; 0 never
 * @param allowOfflineWithSessions whether operators may go offline while holding open sessions of this line
 * @param operatorGroupIds         groups whose members operate the line
 * @param supervisorGroupIds       groups whose members supervise the line
 * @param readerGroupIds           groups whose members may read the line's sessions
 * @param writerGroupIds           groups of internal users who may write to the line
 * @param sla                      the line's SLA; when sent it replaces the SLA as a whole, and settings without
 *                                 any deadline remove it
 */
record LineRequest(@NotBlank @Size(max = 200) String name, Boolean showOperatorName, RoutingMode routingMode,
                   @Min(0) @Max(1000) Integer maxSessionsPerOperator, @Min(0) @Max(8760) Integer autoCloseHours,
                   @Min(0) @Max(86400) Integer offerTimeoutSeconds, Boolean allowOfflineWithSessions,
                   Set<Long> operatorGroupIds, Set<Long> supervisorGroupIds, Set<Long> readerGroupIds,
                   Set<Long> writerGroupIds, @Valid SlaSettings sla) {
}
