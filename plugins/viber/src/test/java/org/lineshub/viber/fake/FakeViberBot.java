package org.lineshub.viber.fake;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One bot of the {@link FakeViberApi}: its webhook, its subscribers, what was sent through it, and the user's side
 * (writing, unsubscribing, opening the chat), which the bot posts to its webhook as signed callbacks.
 */
public final class FakeViberBot {

    /** "The URL must have a resource with a .jpeg, .png or .gif file extension as the last path segment". */
    private static final Set<String> PICTURE_EXTENSIONS = Set.of(".jpeg", ".jpg", ".png", ".gif");
    /** Marks a scripted send that goes through. */
    private static final String PASS = "_pass";

    private final FakeViberApi api;
    private final String token;
    private final Set<String> subscribers = ConcurrentHashMap.newKeySet();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Queue<ObjectNode> sendFailures = new ConcurrentLinkedQueue<>();
    private final Queue<ObjectNode> webhookFailures = new ConcurrentLinkedQueue<>();
    private final Map<String, Media> media = new ConcurrentHashMap<>();
    private final AtomicInteger setWebhookCalls = new AtomicInteger();
    private final AtomicInteger sendCalls = new AtomicInteger();
    private volatile String webhookUrl;
    private volatile JsonNode webhookRequest;

    FakeViberBot(FakeViberApi api, String token) {
        this.api = api;
        this.token = token;
    }

    /** @return the bot's auth token */
    public String token() {
        return token;
    }

    /** @return the registered webhook, or {@code null} */
    public String webhookUrl() {
        return webhookUrl;
    }

    /** @return the last accepted {@code set_webhook} request, or {@code null} */
    public JsonNode webhookRequest() {
        return webhookRequest;
    }

    /** @return how many {@code set_webhook} calls arrived, failed ones included */
    public int setWebhookCalls() {
        return setWebhookCalls.get();
    }

    /** @return how many {@code send_message} calls arrived, refused ones included */
    public int sendCalls() {
        return sendCalls.get();
    }

    /**
     * Makes the next {@code set_webhook} calls fail: with a REST status, or with an HTTP status when {@code status}
     * is negative ({@code -503} answers HTTP 503).
     *
     * @param times   how many calls
     * @param status  the status
     * @param message the status message
     */
    public void failSetWebhook(int times, int status, String message) {
        for (int i = 0; i < times; i++) {
            webhookFailures.add(failure(status, message));
        }
    }

    /**
     * Makes the next {@code send_message} call fail: with a REST status ({@code 12}, "Rate control breach"), or with an
     * HTTP status when {@code status} is negative ({@code -500}).
     *
     * @param status  the status
     * @param message the status message
     */
    public void failNextSend(int status, String message) {
        sendFailures.add(failure(status, message));
    }

    /**
     * Lets the next {@code accepted} {@code send_message} calls through and makes the one after fail, like
     * {@link #failNextSend}.
     *
     * @param accepted how many calls succeed first
     * @param status   the status of the failing call
     * @param message  its status message
     */
    public void acceptThenFail(int accepted, int status, String message) {
        for (int i = 0; i < accepted; i++) {
            sendFailures.add(api.json().createObjectNode().put(PASS, true));
        }
        sendFailures.add(failure(status, message));
    }

    private ObjectNode failure(int status, String message) {
        return status < 0 ? api.status(1, message).put("_http", -status) : api.status(status, message);
    }

    /** @param userId a user who subscribes without a callback (as writing to the bot does) */
    public void subscribe(String userId) {
        subscribers.add(userId);
    }

    /**
     * The user writes: they become a subscriber, and the bot posts the message callback.
     *
     * @param userId the user's id
     * @param name   the user's name
     * @param text   the text
     * @return the callback's token and the webhook's answer
     */
    public Posted userWrites(String userId, String name, String text) {
        long messageToken = api.nextToken();
        subscribers.add(userId);
        return new Posted(messageToken, post(ViberCallbacks.text(messageToken, userId, name, text)));
    }

    /**
     * The user unsubscribes: nothing reaches them any more, and the bot posts the unsubscribed callback.
     *
     * @param userId the user's id
     * @return the webhook's answer
     */
    public FakeViberApi.Answer userUnsubscribes(String userId) {
        subscribers.remove(userId);
        return post(ViberCallbacks.unsubscribed(api.nextToken(), userId));
    }

    /**
     * Offers a file as Viber's media storage does, for picture, video and file callbacks.
     *
     * @param bytes       the content
     * @param contentType its type
     * @param name        the last path segment, e.g. {@code photo.jpg}
     * @return the URL for the callback's {@code media}
     */
    public String hostMedia(byte[] bytes, String contentType, String name) {
        String path = "/media/" + token.hashCode() + "-" + media.size() + "/" + name;
        media.put(path, new Media(bytes, contentType));
        return api.mediaBase() + path.substring("/media/".length());
    }

    Media media(String path) {
        return media.get(path);
    }

    /**
     * Posts a callback to the webhook, signed with the bot's token.
     *
     * @param event the callback
     * @return the webhook's answer
     */
    public FakeViberApi.Answer post(ObjectNode event) {
        byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);
        return postSigned(body, ViberCallbacks.signature(token, body));
    }

    /**
     * Posts a body to the webhook with the given signature header, or none.
     *
     * @param body      the body
     * @param signature the header's value, or {@code null} to leave it out
     * @return the webhook's answer
     */
    public FakeViberApi.Answer postSigned(byte[] body, String signature) {
        String url = webhookUrl;
        if (url == null) {
            throw new IllegalStateException("no webhook is set for the bot");
        }
        return api.post(url, body, signature);
    }

    /** @return what was sent through the bot, in order */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /**
     * @param count   how many sent messages to wait for
     * @param timeout how long at most
     * @return the sent messages
     * @throws AssertionError when fewer arrived in time
     */
    public List<Sent> awaitSent(int count, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        while (sent.size() < count) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("expected " + count + " sent messages, got " + sent.size());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return sent();
    }

    ObjectNode setWebhook(ObjectNode request) {
        setWebhookCalls.incrementAndGet();
        ObjectNode failure = webhookFailures.poll();
        if (failure != null) {
            return failure;
        }
        String url = request.path("url").asText("");
        if (url.isEmpty()) {
            // "Removing your webhook": set_webhook with an empty url
            webhookUrl = null;
            return api.status(0, "ok");
        }
        byte[] body = ViberCallbacks.webhook(api.nextToken()).toString().getBytes(StandardCharsets.UTF_8);
        FakeViberApi.Answer check = api.post(url, body, ViberCallbacks.signature(token, body));
        if (check.status() != 200) {
            return api.status(1, "invalidUrl");
        }
        webhookUrl = url;
        webhookRequest = request;
        ObjectNode answer = api.status(0, "ok");
        answer.set("event_types", request.has("event_types") ? request.get("event_types")
                : api.json().createArrayNode().add("delivered").add("seen").add("failed").add("subscribed")
                .add("unsubscribed").add("conversation_started"));
        return answer;
    }

    ObjectNode sendMessage(ObjectNode request) {
        sendCalls.incrementAndGet();
        ObjectNode failure = sendFailures.poll();
        if (failure != null && !failure.has(PASS)) {
            return failure;
        }
        String receiver = request.path("receiver").asText("");
        String type = request.path("type").asText("");
        String senderName = request.path("sender").path("name").asText("");
        if (receiver.isEmpty() || type.isEmpty() || senderName.isEmpty()) {
            return api.status(4, "missingData");
        }
        if (senderName.codePointCount(0, senderName.length()) > 28) {
            return api.status(3, "badData");
        }
        if (webhookUrl == null) {
            return api.status(10, "webhookNotSet");
        }
        if (!subscribers.contains(receiver)) {
            return api.status(6, "receiverNotSubscribed");
        }
        String problem = checkType(type, request);
        if (problem != null) {
            return api.status(problem.equals("missing") ? 4 : 3, problem.equals("missing") ? "missingData"
                    : "badData");
        }
        FakeViberApi.Download download = null;
        if (type.equals("picture") || type.equals("file")) {
            download = api.download(request.path("media").asText());
        }
        long messageToken = api.nextToken();
        sent.add(new Sent(request.deepCopy(), Long.toString(messageToken), download));
        return api.status(0, "ok").put("message_token", messageToken).put("chat_hostname", "SN-CHAT-05_")
                .put("billing_status", 1);
    }

    /** @return {@code missing}, {@code bad}, or {@code null} when the message is as the docs describe it */
    private static String checkType(String type, JsonNode request) {
        switch (type) {
            case "text" -> {
                if (!request.path("text").isTextual()) {
                    return "missing";
                }
                return request.path("text").asText().length() > 7000 ? "bad" : null;
            }
            case "picture" -> {
                if (!request.path("text").isTextual() || !request.path("media").isTextual()) {
                    return "missing";
                }
                String path = URI.create(request.path("media").asText()).getPath();
                String last = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                boolean extension = PICTURE_EXTENSIONS.stream().anyMatch(last::endsWith);
                return request.path("text").asText().length() > 768 || !extension ? "bad" : null;
            }
            case "file" -> {
                if (!request.path("media").isTextual() || !request.path("size").isIntegralNumber()
                        || !request.path("file_name").isTextual()) {
                    return "missing";
                }
                return request.path("file_name").asText().length() > 256
                        || request.path("size").asLong() > 50L * 1024 * 1024 ? "bad" : null;
            }
            case "video", "url", "sticker", "contact", "location", "rich_media" -> {
                return null;
            }
            default -> {
                return "bad";
            }
        }
    }

    /**
     * A message sent through the bot.
     *
     * @param request the {@code send_message} body as received
     * @param token   the {@code message_token} the fake answered
     * @param media   what the fake got from the message's {@code media} URL, or {@code null} for other types
     */
    public record Sent(JsonNode request, String token, FakeViberApi.Download media) {

        /** @return the message's type */
        public String type() {
            return request.path("type").asText();
        }

        /** @return the message's text, or {@code null} */
        public String text() {
            return request.path("text").isTextual() ? request.path("text").asText() : null;
        }
    }

    /**
     * A callback posted, and the answer.
     *
     * @param token  the callback's message token
     * @param answer the webhook's answer
     */
    public record Posted(long token, FakeViberApi.Answer answer) {
    }

    /** A file offered for callbacks. */
    record Media(byte[] bytes, String contentType) {
    }

    /** @return the users subscribed to the bot */
    public List<String> subscribers() {
        return new ArrayList<>(subscribers);
    }
}
