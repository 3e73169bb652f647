package org.lineshub.hub;

import org.lineshub.hub.system.ClassPreloader;
import org.lineshub.hub.system.EmbeddedDatabaseEarlyStart;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Lines hub: one inbox for every messenger and mailbox, with channels as plugins. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class HubApplication {

    /**
     * Starts the hub.
     *
     * @param args Spring Boot arguments, e.g. {@code --server.port=9090}
     */
    public static void main(String[] args) {
        ClassPreloader.start(HubApplication.class.getClassLoader());
        SpringApplication hub = new SpringApplication(HubApplication.class);
        hub.addListeners(new EmbeddedDatabaseEarlyStart());
        hub.run(args);
    }
}
