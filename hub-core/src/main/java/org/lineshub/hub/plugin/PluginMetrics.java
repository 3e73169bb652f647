package org.lineshub.hub.plugin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Publishes {@code hub_plugins{state}}: how many plugins are started, stopped, failed. */
@Component
class PluginMetrics {

    PluginMetrics(MeterRegistry registry, PluginRuntime plugins) {
        for (String state : new String[] {"STARTED", "STOPPED", "FAILED"}) {
            Gauge.builder("hub.plugins", plugins, p -> p.list().stream().filter(i -> i.state().equals(state)).count())
                    .description("Plugins by state").tag("state", state).register(registry);
        }
    }
}
