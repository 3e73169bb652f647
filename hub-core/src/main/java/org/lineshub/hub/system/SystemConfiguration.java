package org.lineshub.hub.system;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every feature shares. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

    /** The hub's time: UTC. Features take it as a bean so their time rules can be tested. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
