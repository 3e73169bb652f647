package org.lineshub.hub.sla;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the hub watches SLA deadlines ({@code hub.sla.*}).
 *
 * @param sweepInterval how often the hub looks for missed deadlines ({@code HUB_SLA_SWEEP_INTERVAL}); a breach is
 *                      raised at most this long after the deadline; default 30 s
 * @param catchUp       how far back a sweep looks for deadlines missed while no hub ran; default 7 days
 */
@ConfigurationProperties("hub.sla")
record SlaProperties(@DefaultValue("30s") Duration sweepInterval, @DefaultValue("7d") Duration catchUp) {
}
