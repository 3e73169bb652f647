package org.lineshub.hub.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;

/**
 * Builds test data through the public API as an admin would: lines, groups, users, loopback accounts on the fake
 * loopback platform (and Telegram accounts on the fake Bot API, for the Telegram tests); and clients writing through
 * the fakes. Names are unique per call, so tests sharing one hub never collide.
 */
public final class Fixtures {

    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);

    /**
     * A user and a client logged in as them.
     *
     * @param id       the user id
     * @param username the login name
     * @param password the password
     * @param api      an API client with their credentials
     */
    public record User(long id, String username, String password, HubClient api) {
    }

    /**
     * A loopback channel account and its account at the fake platform.
     *
     * @param id         the account id
     * @param lineId     its line
     * @param platform   its account at the loopback platform
     * @param webhookUrl the account's own webhook address at the hub
     */
    public record Account(long id, long lineId, LoopbackPlatform.Account platform, String webhookUrl) {
    }

    /**
     * A Telegram channel account and the fake bot behind it.
     *
     * @param id     the account id
     * @param lineId its line
     * @param bot    the fake bot
     * @param token  the bot token
     */
    public record TelegramAccount(long id, long lineId, FakeBot bot, String token) {
    }

    private final HubClient admin;
    private final FakeTelegramBotApi telegram;
    private final LoopbackPlatform loopback;

    public Fixtures(HubClient admin, FakeTelegramBotApi telegram, LoopbackPlatform loopback) {
        this.admin = admin;
        this.telegram = telegram;
        this.loopback = loopback;
    }

    /** @return a number no other call returns */
    public static long unique() {
        return SEQUENCE.incrementAndGet();
    }

    /** @return the id of a new line with these settings (names get a unique suffix) */
    public long line(String name, Map<String, Object> settings) {
        Map<String, Object> body = new HashMap<>(settings);
        body.put("name", name + " " + unique());
        return admin.post("/api/v1/lines", body).ok().get("id").asLong();
    }

    /** @return the id of a new user */
    public User user(String name) {
        String username = name.toLowerCase().replace(' ', '.') + unique();
        String password = "pw-" + username;
        long id = admin.post("/api/v1/users", Map.of("username", username, "displayName", name,
                "password", password)).ok().get("id").asLong();
        return new User(id, username, password, HubClient.basic(admin.base(), username, password));
    }

    /** @return the id of a new group with these members */
    public long group(String name, User... members) {
        List<Long> ids = new ArrayList<>();
        for (User u : members) {
            ids.add(u.id());
        }
        return admin.post("/api/v1/groups", Map.of("name", name + " " + unique(), "memberIds", ids)).ok()
                .get("id").asLong();
    }

    /**
     * Creates a line whose operators and supervisors are the given users.
     *
     * @return the line id
     */
    public long staffedLine(String name, Map<String, Object> settings, List<User> operators,
                            List<User> supervisors) {
        Map<String, Object> body = new LinkedHashMap<>(settings);
        body.put("operatorGroupIds", List.of(group(name + " operators", operators.toArray(User[]::new))));
        body.put("supervisorGroupIds", List.of(group(name + " supervisors", supervisors.toArray(User[]::new))));
        return line(name, body);
    }

    /** @return a running loopback account on the line, polling a new account of the fake platform */
    public Account loopback(long lineId) {
        return loopback(lineId, Map.of());
    }

    /**
     * @param settings settings besides {@code baseUrl}, e.g. {@code mode}, {@code secret}, {@code accountKey}
     * @return a running loopback account on the line, on a new account of the fake platform
     */
    public Account loopback(long lineId, Map<String, String> settings) {
        LoopbackPlatform.Account platform = loopback.newAccount();
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("baseUrl", platform.baseUrl());
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", "loopback",
                "name", "loopback " + unique(), "lineId", lineId, "settings", all)).ok();
        if (!"RUNNING".equals(account.get("status").asText())) {
            throw new AssertionError("account did not start: " + account);
        }
        return new Account(account.get("id").asLong(), lineId, platform, account.path("webhookUrl").asText(null));
    }

    /** @return a running Telegram account on the line, long-polling the fake */
    public TelegramAccount telegram(long lineId) {
        String token = unique() + ":AAF" + Long.toHexString(unique()) + "x0123456789abcdefghijKLMNOP";
        FakeBot bot = telegram.bot(token);
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", "telegram",
                "name", "bot " + unique(), "lineId", lineId, "settings", Map.of("botToken", token,
                        "apiBaseUrl", telegram.baseUrl(), "pollTimeoutSeconds", 1))).ok();
        if (!"RUNNING".equals(account.get("status").asText())) {
            throw new AssertionError("account did not start: " + account);
        }
        return new TelegramAccount(account.get("id").asLong(), lineId, bot, token);
    }

    /**
     * A client (user id and chat id {@code chatId}, named {@code Client<chatId>}) writes to the loopback account;
     * waits until the hub opened (or continued) a session for the chat.
     *
     * @return the session id
     */
    public long clientWrites(Account account, long chatId, String text) {
        String name = "Client" + chatId;
        account.platform().enqueueText(Long.toString(chatId), Long.toString(chatId), name, text);
        return awaitSession(account.lineId(), name);
    }

    /**
     * A client writes to the account's bot; waits until the hub opened (or continued) a session for the chat.
     *
     * @return the session id
     */
    public long clientWrites(TelegramAccount account, long chatId, String text) {
        String name = "Client" + chatId;
        account.bot().enqueueText(chatId, chatId, name, text);
        return awaitSession(account.lineId(), name);
    }

    /** Waits for the newest open session of a line whose client has this name. */
    public long awaitSession(long lineId, String clientName) {
        long[] id = new long[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode s : admin.get("/api/v1/sessions?lineId=" + lineId + "&view=active&limit=200").ok()) {
                if (s.get("clientName").asText().equals(clientName)) {
                    id[0] = s.get("id").asLong();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    /** @return the session's messages as the admin sees them */
    public JsonNode messages(long sessionId) {
        return admin.get("/api/v1/sessions/" + sessionId + "/messages").ok();
    }

    /** @return one message of a session as the admin sees it */
    public JsonNode message(long sessionId, long messageId) {
        for (JsonNode m : messages(sessionId)) {
            if (m.get("id").asLong() == messageId) {
                return m;
            }
        }
        throw new AssertionError("session " + sessionId + " has no message " + messageId);
    }

    /** Waits until an outbound message has this delivery status; returns it. */
    public JsonNode awaitDelivery(long sessionId, long messageId, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            found[0] = message(sessionId, messageId);
            return status.equals(found[0].path("deliveryStatus").asText());
        });
        return found[0];
    }

    /** @return the {@code id} of each object in a JSON array, in order */
    public static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    /** Sets a user's status through their own API client. */
    public static void status(User user, String status) {
        user.api().put("/api/v1/me/status", Map.of("status", status)).ok();
    }
}
