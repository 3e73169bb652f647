package org.lineshub.hub.web;

import org.lineshub.hub.HubProperties;
import org.lineshub.hub.channel.LiveSocket;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.ServletWebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Registers the events socket (browsers may connect from the hub's own origin and configured ones) and the live
 * socket of channel accounts whose clients are web pages.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    private final EventsSocket events;
    private final LiveSocket live;
    private final String[] origins;

    WebSocketConfiguration(EventsSocket events, LiveSocket live, HubProperties properties) {
        this.events = events;
        this.live = live;
        this.origins = properties.web().allowedOrigins() == null ? new String[0]
                : properties.web().allowedOrigins().stream().filter(o -> o != null && !o.isBlank())
                        .toArray(String[]::new);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        if (registry instanceof ServletWebSocketHandlerRegistry servlet) {
            // before the controllers: the webhook controller's /webhooks/{key}/** would take /webhooks/{key}/live
            servlet.setOrder(-1);
        }
        var registration = registry.addHandler(events, "/api/v1/events");
        if (origins.length > 0) {
            registration.setAllowedOriginPatterns(origins);
        }
        // open to every origin: the channel plugin checks each connection's origin against its account's settings
        registry.addHandler(live, LiveSocket.PATH).setAllowedOriginPatterns("*");
    }

    /** Frames from browsers up to 64 KiB (a web chat visitor's message); larger ones close the connection. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(64 * 1024);
        container.setMaxBinaryMessageBufferSize(64 * 1024);
        return container;
    }
}
