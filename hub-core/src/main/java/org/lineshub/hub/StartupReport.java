package org.lineshub.hub;

import java.util.stream.Collectors;

import org.lineshub.hub.plugin.PluginRuntime;
import org.lineshub.hub.user.AdminBootstrap;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells whoever started the hub where it runs and how to log in, once everything is up. */
@Component
class StartupReport {

    private final Environment environment;
    private final HubProperties properties;
    private final AdminBootstrap admin;
    private final PluginRuntime plugins;

    StartupReport(Environment environment, HubProperties properties, AdminBootstrap admin, PluginRuntime plugins) {
        this.environment = environment;
        this.properties = properties;
        this.admin = admin;
        this.plugins = plugins;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void report() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String url = "http://localhost:" + port;
        String login = admin.takeGeneratedPassword()
                .map(p -> properties.admin().username() + " / " + p
                        + "   (generated now and shown only once; set HUB_ADMIN_PASSWORD to choose it)")
                .orElse(properties.admin().username() + " with the password from HUB_ADMIN_PASSWORD "
                        + "(or the one shown at first start)");
        String loaded = plugins.list().stream().map(p -> p.id() + " " + p.state().toLowerCase())
                .collect(Collectors.joining(", "));
        String database = properties.db().embedded()
                ? "embedded MariaDB, data in " + properties.dataDir().resolve("mariadb").toAbsolutePath().normalize()
                : properties.db().url();
        // printed, not only logged: this is what a person starting the hub looks for
        System.out.println("""

                ------------------------------------------------------------------------
                  Lines hub is running at %s  (open it in a browser and log in)
                  Web chat demo: %s/demo/  ·  API and its OpenAPI docs: %s/swagger-ui.html
                  Log in as: %s
                  Database:  %s
                  Plugins:   %s (from %s)
                ------------------------------------------------------------------------
                """.formatted(url, url, url, login, database, loaded.isEmpty() ? "none" : loaded,
                properties.plugins().dir().toAbsolutePath().normalize()));
    }
}
