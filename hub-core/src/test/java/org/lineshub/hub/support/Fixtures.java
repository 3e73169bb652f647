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
 * Builds test data through the public API as an admin would: lines, groups, users, Telegram accounts pointing at
 * the fake Bot API; and clients writing through the fake. Names are unique per call, so tests sharing one hub
 * never collide.
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
     * A Telegram channel account and the fake bot behind it.
     *
     * @param id     the account id
     * @param lineId its line
     * @param bot    the fake bot
     * @param token  the bot token
     */
    public record Account(long id, long lineId, FakeBot bot, String token) {
    }

    private final HubClient admin;
    private final FakeTelegramBotApi telegram;

    public Fixtures(HubClient admin, FakeTelegramBotApi telegram) {
        this.admin = admin;
        this.telegram = telegram;
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

    /** @return a running Telegram account on the line, long-polling the fake */
    public Account telegram(long lineId) {
        String token = unique() + ":AAF" + Long.toHexString(unique()) + "x0123456789abcdefghijKLMNOP";
        FakeBot bot = telegram.bot(token);
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", "telegram",
                "name", "bot " + unique(), "lineId", lineId, "settings", Map.of("botToken", token,
                        "apiBaseUrl", telegram.baseUrl(), "pollTimeoutSeconds", 1))).ok();
        if (!"RUNNING".equals(account.get("status").asText())) {
            throw new AssertionError("account did not start: " + account);
        }
        return new Account(account.get("id").asLong(), lineId, bot, token);
    }

    /**
     * A client writes to the account's bot; waits until the hub opened (or continued) a session for the chat.
     *
     * @return the session id
     */
    public long clientWrites(Account account, long chatId, String text) {
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
