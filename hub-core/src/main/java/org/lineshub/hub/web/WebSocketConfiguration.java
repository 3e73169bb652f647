package org.lineshub.hub.web;

import org.lineshub.hub.HubProperties;
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

    WebSocketConfiguration(EventsSocket events, HubProperties properties) {
        this.events = events;
        this.origins = properties.web().allowedOrigins() == null ? new String[0]
                : properties.web().allowedOrigins().stream().filter(o -> o != null && !o.isBlank())
                        .toArray(String[]::new);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        var registration = registry.addHandler(events, "/api/v1/events");
        if (origins.length > 0) {
            registration.setAllowedOriginPatterns(origins);
        }
    }
}
