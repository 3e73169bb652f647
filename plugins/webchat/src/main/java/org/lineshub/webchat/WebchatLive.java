package org.lineshub.webchat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.lineshub.plugin.api.ChannelContext;
import org.lineshub.plugin.api.ConversationHistory;
import org.lineshub.plugin.api.LiveEndpoint;
import org.lineshub.plugin.api.NotStoredException;
import org.lineshub.plugin.api.RejectedInputException;
import org.lineshub.plugin.api.WebhookRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The visitors' live connections ({@code /webhooks/<key>/live}): takes the frames of the chat frame, stores what
 * visitors write, and pushes every message of a chat to all of the chat's open connections (a visitor's tabs see
 * each other's messages, and the operators' answers arrive in all of them). The protocol is in the README.
 */
final class WebchatLive implements LiveEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(WebchatLive.class);

    private final ChannelContext context;
    private final WebchatSettings settings;
    private final WebchatFrames frames;
    private final WebchatInbound inbound;
    private final WebchatVisitors visitors;
    private final WebchatLimits limits;
    private final WebchatReceipts receipts;
    private final Map<String, Set<Connection>> byChat = new ConcurrentHashMap<>();
    /** What each chat's visitor told about themselves, while the chat has connections. */
    private final Map<String, WebchatVisitor> profiles = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean lastOnline;

    WebchatLive(ChannelContext context, WebchatSettings settings, WebchatFrames frames, WebchatInbound inbound,
                WebchatVisitors visitors, WebchatLimits limits, WebchatReceipts receipts) {
        this.context = context;
        this.settings = settings;
        this.frames = frames;
        this.inbound = inbound;
        this.visitors = visitors;
        this.limits = limits;
        this.receipts = receipts;
    }

    /**
     * Takes a connection from the hub's own origin (the chat frame) or an allowed website; refuses every other: the
     * frame is the widget's only client, and a page elsewhere has no business talking to the chat.
     */
    @Override
    public LiveListener open(WebhookRequest handshake, LivePeer peer) {
        WebchatOrigins.Origin origin = WebchatOrigins.Origin.of(handshake.header("Origin").orElse(null))
                .orElseThrow(() -> new RejectedInputException(403, "the chat takes connections from web pages only"));
        if (!WebchatRequests.fromHub(origin, handshake, context.webhookUrl()) && !settings.origins().allows(origin)) {
            throw new RejectedInputException(403, "this website may not use the chat");
        }
        if (open.incrementAndGet() > WebchatLimits.CONNECTIONS) {
            open.decrementAndGet();
            throw new RejectedInputException(429, "the chat is busy; try again later");
        }
        return new Connection(peer, WebchatRequests.address(handshake));
    }

    /**
     * Sends a frame to every open connection of a chat.
     *
     * @return how many connections took it
     */
    int broadcast(String chatId, String frame) {
        Set<Connection> connections = byChat.get(chatId);
        if (connections == null) {
            return 0;
        }
        int sent = 0;
        for (Connection c : connections) {
            if (c.peer.send(frame)) {
                sent++;
            }
        }
        return sent;
    }

    /** @return whether the chat has an open connection on this hub node */
    boolean connected(String chatId) {
        Set<Connection> connections = byChat.get(chatId);
        return connections != null && !connections.isEmpty();
    }

    /** @return what the chat's visitor told about themselves, as far as an open connection knows */
    WebchatVisitor profile(String chatId) {
        return profiles.getOrDefault(chatId, WebchatVisitor.UNKNOWN);
    }

    /** @return how many connections are open */
    int connections() {
        return open.get();
    }

    /** Tells every connection when operators came online or all went away; called every few seconds. */
    void checkOnline() {
        if (open.get() == 0) {
            return;
        }
        try {
            boolean online = context.operatorsOnline();
            if (online != lastOnline) {
                lastOnline = online;
                String frame = frames.status(online);
                byChat.keySet().forEach(chat -> broadcast(chat, frame));
            }
        } catch (RuntimeException e) {
            LOG.debug("Account {}: operators' status not known: {}", context.accountId(), e.toString());
        }
    }

    /** One browser connection: its visitor once they said hello. Frames arrive one at a time. */
    private final class Connection implements LiveListener {

        private final LivePeer peer;
        private final String address;
        private String chatId;
        private boolean closed;

        Connection(LivePeer peer, String address) {
            this.peer = peer;
            this.address = address;
        }

        @Override
        public void onText(String text) {
            try {
                JsonNode frame = frames.parse(text);
                String type = WebchatFrames.text(frame, "type");
                if ("hello".equals(type)) {
                    onHello(frame);
                } else if ("ping".equals(type)) {
                    peer.send(frames.pong());
                } else if (chatId == null) {
                    error("hello-first", "say hello first", null);
                } else if ("message".equals(type)) {
                    onMessage(frame);
                } else if ("profile".equals(type)) {
                    onProfile(frame);
                } else if ("read".equals(type)) {
                    onRead(frame);
                } else {
                    error("unknown-type", "unknown frame type", null);
                }
            } catch (WebchatFrames.MalformedException e) {
                error("malformed", e.getMessage(), null);
            } catch (IllegalStateException e) {
                // the account stopped under the connection; the hub closes it
                error("unavailable", "the chat is not available now", null);
            }
        }

        @Override
        public void onClose() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            open.decrementAndGet();
            if (chatId != null) {
                byChat.computeIfPresent(chatId, (chat, set) -> {
                    set.remove(this);
                    if (set.isEmpty()) {
                        profiles.remove(chat);
                        return null;
                    }
                    return set;
                });
            }
        }

        private void onHello(JsonNode frame) throws WebchatFrames.MalformedException {
            if (chatId != null) {
                error("hello-twice", "already said hello", null);
                return;
            }
            String given = WebchatFrames.text(frame, "token");
            String token;
            if (WebchatVisitors.wellFormed(given)
                    && (visitors.issued(given) || inbound.exists(WebchatVisitors.chatId(given)))) {
                token = given;
            } else {
                WebchatRateLimit limit = limits.visitorsFrom(address);
                if (!limit.tryAcquire(address)) {
                    error("rate-limited", limit.reason(), null);
                    peer.close(limit.reason());
                    return;
                }
                token = visitors.issue();
            }
            String chat = WebchatVisitors.chatId(token);
            if (!join(chat)) {
                error("too-many-connections", "too many open chat windows", null);
                peer.close("too many open chat windows");
                return;
            }
            chatId = chat;
            String email;
            try {
                email = WebchatVisitor.email(WebchatFrames.text(frame, "email"));
            } catch (WebchatVisitor.InvalidException e) {
                email = null;
            }
            WebchatVisitor told = new WebchatVisitor(WebchatVisitor.name(WebchatFrames.text(frame, "name")), email,
                    WebchatVisitor.lang(WebchatFrames.text(frame, "lang")));
            WebchatVisitor visitor = profiles.merge(chat, told, WebchatVisitor::with);
            // joined before reading the history: an answer pushed meanwhile arrives twice, never not at all
            List<ConversationHistory.Entry> history = inbound.history(chat);
            boolean online = context.operatorsOnline();
            lastOnline = online;
            peer.send(frames.welcome(token, history, online, settings, visitor));
            receipts.deliveredWith(chat, history);
            LOG.debug("Account {}: visitor connected, {} messages of history", context.accountId(), history.size());
        }

        /** @return false when the chat has as many connections as it may */
        private boolean join(String chat) {
            boolean[] joined = new boolean[1];
            byChat.compute(chat, (k, set) -> {
                Set<Connection> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
                synchronized (this) {
                    if (!closed && connections.size() < WebchatLimits.CONNECTIONS_PER_CHAT) {
                        connections.add(this);
                        joined[0] = true;
                    }
                }
                return connections.isEmpty() ? null : connections;
            });
            return joined[0];
        }

        private void onMessage(JsonNode frame) throws WebchatFrames.MalformedException {
            String clientId = WebchatFrames.text(frame, "id");
            if (!WebchatInbound.validClientId(clientId)) {
                error("malformed", "id must be 8 to 64 letters, digits or dashes", null);
                return;
            }
            String text = WebchatFrames.text(frame, "text");
            if (text == null || text.isBlank()) {
                error("empty", "the message is empty", clientId);
                return;
            }
            if (text.length() > WebchatInbound.MAX_TEXT) {
                error("too-long", "the message is longer than " + WebchatInbound.MAX_TEXT + " characters", clientId);
                return;
            }
            WebchatVisitor visitor = profile(chatId);
            if (settings.askName() == WebchatSettings.Ask.REQUIRED && visitor.name() == null) {
                error("name-required", "give your name first", clientId);
                return;
            }
            if (settings.askEmail() == WebchatSettings.Ask.REQUIRED && visitor.email() == null) {
                error("email-required", "give your email address first", clientId);
                return;
            }
            if (!limits.messages.tryAcquire(chatId)) {
                error("rate-limited", limits.messages.reason(), clientId);
                return;
            }
            try {
                ConversationHistory.Entry entry = inbound.store(chatId, clientId, visitor, text.strip(), null);
                broadcast(chatId, frames.message(entry, clientId));
            } catch (NotStoredException e) {
                LOG.info("Account {}: a visitor's message was not stored: {}", context.accountId(), e.getMessage());
                error("not-stored", "the message was not saved; send it again", clientId);
            } catch (WebchatInbound.RefusedException e) {
                error("refused", e.getMessage(), clientId);
            }
        }

        private void onProfile(JsonNode frame) throws WebchatFrames.MalformedException {
            WebchatVisitor told;
            try {
                told = new WebchatVisitor(WebchatVisitor.name(WebchatFrames.text(frame, "name")),
                        WebchatVisitor.email(WebchatFrames.text(frame, "email")), null);
            } catch (WebchatVisitor.InvalidException e) {
                error(e.code(), e.getMessage(), null);
                return;
            }
            WebchatVisitor visitor = profiles.merge(chatId, told, WebchatVisitor::with);
            broadcast(chatId, frames.profile(visitor));
        }

        private void onRead(JsonNode frame) {
            JsonNode upTo = frame.get("upTo");
            if (upTo == null || !upTo.canConvertToLong() || !upTo.isIntegralNumber() || upTo.asLong() <= 0) {
                error("malformed", "upTo must be a message id", null);
                return;
            }
            if (limits.reads.tryAcquire(chatId)) {
                receipts.read(chatId, upTo.asLong());
            }
        }

        private void error(String code, String reason, String clientId) {
            peer.send(frames.error(code, reason, clientId));
        }
    }
}
