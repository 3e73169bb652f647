package org.lineshub.hub.channel;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.lineshub.plugin.api.LiveEndpoint;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.WebhookRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The WebSocket {@code /webhooks/<key>/live}: browsers' long-lived connections to a running account whose plugin
 * offers a {@link LiveEndpoint} (the web chat's visitors). Open to anyone, like the webhook address: the plugin
 * authenticates its clients and checks their origin. Each connection's frames are handed to the plugin in order;
 * what the plugin sends is queued per connection, and a browser that stops reading is disconnected instead of
 * holding up the plugin.
 */
@Component
public class LiveSocket extends TextWebSocketHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSocket.class);
    /** The path pattern the socket is registered at. */
    public static final String PATH = "/webhooks/*/live";
    static final int SEND_TIME_LIMIT_MS = 10_000;
    static final int BUFFER_LIMIT = 1024 * 1024;
    private static final String ATTRIBUTE = LiveSocket.class.getName();

    private final ChannelRuntime runtime;
    private final LiveConnections connections;

    LiveSocket(ChannelRuntime runtime, LiveConnections connections) {
        this.runtime = runtime;
        this.connections = connections;
    }

    /** One open connection: its account, the plugin's listener, and the peer the plugin sends through. */
    private record Open(long accountId, String pluginId, LiveEndpoint.LiveListener listener, Peer peer) {
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) throws IOException {
        String key = key(socket.getUri());
        ChannelRuntime.AccountLive live = key == null ? null : runtime.live(key).orElse(null);
        if (live == null) {
            socket.close(CloseStatus.POLICY_VIOLATION.withReason("no running channel account takes connections here"));
            return;
        }
        Peer peer = new Peer(socket);
        try (var mdc = Mdc.of(live.pluginId(), live.accountId())) {
            LiveEndpoint.LiveListener listener = live.endpoint().open(handshake(socket), peer);
            if (listener == null) {
                throw new RejectedInputException(403, "refused");
            }
            socket.getAttributes().put(ATTRIBUTE, new Open(live.accountId(), live.pluginId(), listener, peer));
            connections.add(live.accountId(), peer);
        } catch (RejectedInputException e) {
            LOG.debug("Live connection to account {} refused: {}", live.accountId(), e.getMessage());
            socket.close(CloseStatus.POLICY_VIOLATION.withReason(truncate(e.getMessage())));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Live connection to account {} failed to open", live.accountId(), e);
            socket.close(CloseStatus.SERVER_ERROR.withReason("the channel could not take the connection"));
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        Open open = (Open) socket.getAttributes().get(ATTRIBUTE);
        if (open == null) {
            return;
        }
        try (var mdc = Mdc.of(open.pluginId(), open.accountId())) {
            open.listener().onText(message.getPayload());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Live connection of account {}: a frame could not be handled", open.accountId(), e);
            open.peer().close("the frame could not be handled");
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        Open open = (Open) socket.getAttributes().remove(ATTRIBUTE);
        if (open == null) {
            return;
        }
        connections.remove(open.accountId(), open.peer());
        try (var mdc = Mdc.of(open.pluginId(), open.accountId())) {
            open.listener().onClose();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Live connection of account {}: closing failed: {}", open.accountId(), e.toString());
        }
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        LOG.debug("Live connection transport error: {}", exception.toString());
    }

    /** @return the webhook key in {@code /webhooks/<key>/live}, or {@code null} */
    static String key(URI uri) {
        if (uri == null || uri.getPath() == null) {
            return null;
        }
        String[] parts = uri.getPath().split("/");
        for (int i = 0; i + 2 < parts.length; i++) {
            if (parts[i].equals("webhooks") && parts[i + 2].equals("live")) {
                return parts[i + 1];
            }
        }
        return null;
    }

    private static WebhookRequest handshake(WebSocketSession socket) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        socket.getHandshakeHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        Map<String, List<String>> query = new LinkedHashMap<>();
        URI uri = socket.getUri();
        if (uri != null && uri.getRawQuery() != null) {
            UriComponentsBuilder.fromUri(uri).build(false).getQueryParams().forEach((k, v) ->
                    query.put(decode(k), v.stream().map(LiveSocket::decode).toList()));
        }
        String remote = socket.getRemoteAddress() == null || socket.getRemoteAddress().getAddress() == null ? null
                : socket.getRemoteAddress().getAddress().getHostAddress();
        return new WebhookRequest("GET", headers, query, new byte[0], "/live", remote);
    }

    private static String decode(String value) {
        if (value == null) {
            return "";
        }
        try {
            return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static String truncate(String reason) {
        // a close frame's reason is at most 123 bytes
        String r = reason == null ? "refused" : reason;
        while (r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 120) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }

    /** The plugin's handle on one connection. */
    private static final class Peer implements LiveEndpoint.LivePeer {
        private final WebSocketSession raw;
        private final WebSocketSession socket;

        Peer(WebSocketSession raw) {
            this.raw = raw;
            this.socket = new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, BUFFER_LIMIT,
                    ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        }

        @Override
        public String id() {
            return raw.getId();
        }

        @Override
        public boolean send(String text) {
            if (!raw.isOpen()) {
                return false;
            }
            try {
                socket.sendMessage(new TextMessage(text));
                return true;
            } catch (IOException | RuntimeException e) {
                LOG.debug("Live connection {}: sending failed: {}", raw.getId(), e.toString());
                close("sending failed");
                return false;
            }
        }

        @Override
        public void close(String reason) {
            try {
                socket.close(CloseStatus.NORMAL.withReason(truncate(reason)));
            } catch (IOException | RuntimeException e) {
                LOG.debug("Live connection {}: closing failed: {}", raw.getId(), e.toString());
            }
        }
    }
}
