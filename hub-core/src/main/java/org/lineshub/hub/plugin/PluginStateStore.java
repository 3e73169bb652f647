package org.lineshub.hub.plugin;

import java.time.Clock;
import java.util.Optional;

import org.lineshub.hub.system.Jdbc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Remembers which plugins an admin stopped, so they stay stopped after a restart. */
@Repository
class PluginStateStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    PluginStateStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    boolean isEnabled(String pluginId) {
        Optional<Boolean> enabled = jdbc.sql("SELECT enabled FROM plugin_state WHERE plugin_id = ?")
                .param(pluginId).query(Boolean.class).optional();
        return enabled.orElse(true);
    }

    void setEnabled(String pluginId, boolean enabled) {
        jdbc.sql("INSERT INTO plugin_state (plugin_id, enabled, updated_at) VALUES (?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE enabled = VALUES(enabled), updated_at = VALUES(updated_at)")
                .params(pluginId, enabled, Jdbc.utc(clock.instant())).update();
    }

    void forget(String pluginId) {
        jdbc.sql("DELETE FROM plugin_state WHERE plugin_id = ?").param(pluginId).update();
    }
}
