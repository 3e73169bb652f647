package org.lineshub.hub.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Registers the events socket; browsers may connect from the hub's own origin and configured ones. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    private final EventsSocket events;
    private final String[] origins;

    WebSocketConfiguration(EventsSocket events, @Value("${hub.web.allowed-origins:}") String[] origins) {
        this.events = events;
        this.origins = origins;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        var registration = registry.addHandler(events, "/api/v1/events");
        if (origins.length > 0) {
            registration.setAllowedOriginPatterns(origins);
        }
    }
}
