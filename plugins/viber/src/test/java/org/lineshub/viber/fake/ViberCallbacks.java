package org.lineshub.viber.fake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Callbacks shaped as the Viber REST Bot API documents them (developers.viber.com/docs/api/rest-bot-api/,
 * "Callbacks"), and their signature. Every callback carries {@code event}, {@code timestamp} (epoch milliseconds; here
 * the current time), {@code chat_hostname} and {@code message_token}; users are objects of {@code id}, {@code name},
 * {@code avatar}, {@code country}, {@code language} and {@code api_version}.
 */
public final class ViberCallbacks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ViberCallbacks() {
    }

    /**
     * The signature of a callback: "HMAC with SHA256 that will use the authentication token as the key and the JSON
     * as the value", as lower-case hex, sent as {@code X-Viber-Content-Signature}.
     *
     * @param authToken the bot's auth token
     * @param body      the callback's body
     * @return the header's value
     */
    public static String signature(String authToken, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param userId the user's Viber id, e.g. {@code 01234567890A=}
     * @param name   the user's name
     * @return a user object as callbacks carry it
     */
    public static ObjectNode user(String userId, String name) {
        return JSON.createObjectNode()
                .put("id", userId)
                .put("name", name)
                .put("avatar", "https://avatar.example.com/" + userId.hashCode())
                .put("country", "UK")
                .put("language", "en")
                .put("api_version", 1);
    }

    /**
     * "Receive message from user": {@code {"event":"message","timestamp":...,"message_token":...,"sender":{...},
     * "message":{...}}}.
     *
     * @param token   the message token
     * @param sender  the user, as {@link #user} makes it
     * @param message the message object: {@code type} and its fields
     * @return the callback
     */
    public static ObjectNode message(long token, ObjectNode sender, ObjectNode message) {
        ObjectNode event = base("message", token);
        event.set("sender", sender);
        event.set("message", message);
        event.put("silent", false);
        return event;
    }

    /**
     * @param token  the message token
     * @param userId the user's id
     * @param name   the user's name
     * @param text   the text
     * @return a text message callback
     */
    public static ObjectNode text(long token, String userId, String name, String text) {
        return message(token, user(userId, name), JSON.createObjectNode().put("type", "text").put("text", text));
    }

    /**
     * @param token  the message token
     * @param userId the user's id
     * @param name   the user's name
     * @param media  where Viber offers the picture
     * @param text   the description, or {@code null}
     * @return a picture message callback
     */
    public static ObjectNode picture(long token, String userId, String name, String media, String text) {
        ObjectNode message = JSON.createObjectNode().put("type", "picture").put("media", media)
                .put("thumbnail", media).put("file_name", "photo.jpg").put("file_size", 2048);
        if (text != null) {
            message.put("text", text);
        }
        return message(token, user(userId, name), message);
    }

    /**
     * "conversation_started": the user opened the chat; {@code subscribed} says whether they are subscribed already.
     *
     * @param token      the message token
     * @param userId     the user's id
     * @param name       the user's name
     * @param subscribed whether the user is subscribed
     * @return the callback
     */
    public static ObjectNode conversationStarted(long token, String userId, String name, boolean subscribed) {
        ObjectNode event = base("conversation_started", token);
        event.put("type", "open").put("context", "context information");
        event.set("user", user(userId, name));
        event.put("subscribed", subscribed);
        return event;
    }

    /**
     * @param token  the message token
     * @param userId the user's id
     * @param name   the user's name
     * @return a "subscribed" callback
     */
    public static ObjectNode subscribed(long token, String userId, String name) {
        ObjectNode event = base("subscribed", token);
        event.set("user", user(userId, name));
        return event;
    }

    /**
     * @param token  the message token
     * @param userId the user's id
     * @return an "unsubscribed" callback, which names the user by {@code user_id} only
     */
    public static ObjectNode unsubscribed(long token, String userId) {
        return base("unsubscribed", token).put("user_id", userId);
    }

    /**
     * "Message receipts callbacks": {@code delivered} and {@code seen} name the sent message's token and the user.
     *
     * @param event        {@code delivered} or {@code seen}
     * @param messageToken the token {@code send_message} answered
     * @param userId       the receiver
     * @return the callback
     */
    public static ObjectNode receipt(String event, long messageToken, String userId) {
        return base(event, messageToken).put("user_id", userId);
    }

    /**
     * "Failed callback": a sent message that did not reach the user, with {@code desc}.
     *
     * @param messageToken the token {@code send_message} answered
     * @param userId       the receiver
     * @param desc         the failure's description
     * @return the callback
     */
    public static ObjectNode failed(long messageToken, String userId, String desc) {
        return base("failed", messageToken).put("user_id", userId).put("desc", desc);
    }

    /**
     * "Set webhook callback": what Viber posts to the address while {@code set_webhook} runs.
     *
     * @param token the message token
     * @return the callback
     */
    public static ObjectNode webhook(long token) {
        return base("webhook", token);
    }

    private static ObjectNode base(String event, long token) {
        return JSON.createObjectNode()
                .put("event", event)
                .put("timestamp", System.currentTimeMillis())
                .put("chat_hostname", "SN-CHAT-05_")
                .put("message_token", token);
    }
}
