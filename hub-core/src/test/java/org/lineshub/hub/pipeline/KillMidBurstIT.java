package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.hub.support.TestHub;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;
import org.lineshub.telegram.fake.SentRecord;

/**
 * The hub is killed with SIGKILL in the middle of a burst of webhooks and started again, as after a crash, the OOM
 * killer or a pulled plug: nothing it acknowledged is lost, nothing is stored twice, and every operator reply reaches
 * the client exactly once and in order. The hub runs as its packaged jar ({@code java -jar target/lines-hub.jar}) in
 * a process of its own, on a database of the shared test server, with the real Telegram plugin against the fake Bot
 * API. The test plays Telegram: it posts updates from several connections at once, posts again whatever was not
 * answered 200 (also across the restart), and after the restart posts again some updates that were acknowledged.
 * Replies are queued before the kill; the ones written last wait in the outbox at the kill because the platform
 * fails them for now. A reply the platform accepted but whose SENT the hub had not stored when killed would go out
 * again (the outbox is at least once across a crash, see docs/architecture.md); every send is refused until the hub
 * is restarted, so no reply is in that window here, and exactly once is what the test can demand.
 */
class KillMidBurstIT {

    private static final String SECRET = "kill-webhook-secret-0123";
    private static final int CHATS = 30;
    private static final int UPDATES = 1500;
    /** How many updates the hub acknowledges before it is killed. */
    private static final int KILL_AFTER = 300;
    private static final int REPLY_CHATS = 4;
    private static final int SENT_REPLIES = 2;
    private static final int PENDING_REPLIES = 3;

    @Test
    void aHubKilledMidBurstKeepsEveryAcknowledgedUpdateOnceAndSendsEveryReplyOnceInOrder() throws Exception {
        Path target = buildDirectory();
        Path jar = target.resolve("lines-hub.jar");
        assertThat(jar).as("the packaged hub; integration tests run after the package phase").exists();
        String database = TestDatabase.newDatabase("kill_it");
        int port = TestHub.freePort();
        String base = "http://127.0.0.1:" + port;
        HubClient admin = HubClient.basic(base, "admin", TestHub.ADMIN_PASSWORD);

        try (FakeTelegramBotApi telegram = FakeTelegramBotApi.start()) {
            FakeBot bot = telegram.bot("7301:AAHkillmidburst0123456789abcdefghijk");
            List<String> command = command(jar, port, database);
            Map<Long, String> updates = new LinkedHashMap<>();
            Map<Long, List<String>> replies = new TreeMap<>();
            Map<Long, Long> sessions = new TreeMap<>();
            Set<Long> acknowledgedAtKill;

            try (HubProcess first = HubProcess.start(command, target.resolve("kill-mid-burst-hub-1.log"), base)) {
                long line = admin.post("/api/v1/lines", Map.of("name", "Kill line", "showOperatorName", false)).ok()
                        .get("id").asLong();
                JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", "telegram",
                        "name", "hooked", "lineId", line, "settings", Map.of("botToken", bot.token(),
                                "mode", "webhook", "webhookSecret", SECRET, "apiBaseUrl", telegram.baseUrl()))).ok();
                assertThat(account.get("status").asText()).as(account.toString()).isEqualTo("RUNNING");
                String webhookUrl = account.get("webhookUrl").asText();
                await().atMost(Duration.ofSeconds(10)).until(() -> bot.webhookUrl().isPresent());

                try (WebhookBurst burst = new WebhookBurst(webhookUrl, SECRET, 8, Duration.ofMillis(200))) {
                    // every chat writes first, so the sessions the operator answers exist
                    feed(burst, updates, 1, CHATS);
                    await().atMost(Duration.ofSeconds(30)).until(() -> burst.acknowledgedCount() == CHATS);
                    Fixtures fixtures = new Fixtures(admin, telegram, null);
                    for (int i = 1; i <= REPLY_CHATS; i++) {
                        long chat = chat(i);
                        sessions.put(chat, fixtures.awaitSession(line, "Client" + chat));
                        replies.put(chat, new ArrayList<>());
                        reply(admin, sessions.get(chat), chat, replies, SENT_REPLIES);
                    }
                    bot.awaitSent(REPLY_CHATS * SENT_REPLIES, Duration.ofSeconds(20));
                    try (Connection c = connect(database)) {
                        await().atMost(Duration.ofSeconds(10)).until(() -> StoredRows.count(c, "SELECT COUNT(*) FROM message "
                                + "WHERE direction = 'OUTBOUND' AND delivery_status = 'SENT'")
                                == REPLY_CHATS * SENT_REPLIES);
                    }
                    // the platform refuses sends for now: the later replies wait in the outbox
                    bot.failNext("sendMessage", 502, 1_000_000);
                    int callsBefore = bot.calls("sendMessage");
                    for (long chat : replies.keySet()) {
                        reply(admin, sessions.get(chat), chat, replies, PENDING_REPLIES);
                    }
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> bot.calls("sendMessage") >= callsBefore + REPLY_CHATS);

                    feed(burst, updates, CHATS + 1, UPDATES);
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                            .until(() -> burst.acknowledgedCount() >= KILL_AFTER);
                    first.kill();
                    acknowledgedAtKill = burst.acknowledged();
                    assertThat(acknowledgedAtKill).as("killed in the middle of the burst").hasSizeLessThan(UPDATES);
                    try (Connection c = connect(database)) {
                        assertThat(StoredRows.count(c, "SELECT COUNT(*) FROM message WHERE direction = 'OUTBOUND' "
                                + "AND delivery_status = 'PENDING'")).as("replies in the outbox at the kill")
                                .isEqualTo(REPLY_CHATS * PENDING_REPLIES);
                    }
                    bot.clearFaults();

                    // started again as before; meanwhile the connections keep posting what was not acknowledged
                    try (HubProcess second = HubProcess.start(command, target.resolve("kill-mid-burst-hub-2.log"),
                            base)) {
                        // Telegram also delivers again updates whose 200 it did not get in time
                        int n = 0;
                        for (long id : acknowledgedAtKill) {
                            if (n++ % 5 == 0) {
                                burst.deliver(id, updates.get(id));
                            }
                        }
                        await().atMost(Duration.ofSeconds(60)).until(() -> burst.outstanding() == 0);
                        int expected = REPLY_CHATS * (SENT_REPLIES + PENDING_REPLIES);
                        bot.awaitSent(expected, Duration.ofSeconds(30));
                        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                                .until(() -> bot.sent().size() == expected);
                        List<WebhookBurst.Answer> answers = burst.answers();
                        assertThat(answers).as("updates posted again while the hub was down")
                                .anyMatch(a -> a.status() == WebhookBurst.NO_ANSWER);
                        assertThat(answers).as("answers other than 200, 503 (the account starting) and none")
                                .allMatch(a -> a.status() == 200 || a.status() == WebhookBurst.NO_ANSWER
                                        || a.status() == 503);
                    }
                }
            }

            try (Connection c = connect(database)) {
                Map<String, Long> stored = StoredRows.inboundTexts(c);
                assertThat(stored).as("every update stored, none twice").containsOnlyKeys(
                        updates.keySet().stream().map(KillMidBurstIT::text).toArray(String[]::new))
                        .allSatisfy((text, n) -> assertThat(n).as(text).isEqualTo(1));
                assertThat(acknowledgedAtKill).as("acknowledged before the kill")
                        .allMatch(id -> stored.containsKey(text(id)));
                assertThat(StoredRows.count(c, "SELECT COUNT(*) FROM dead_letter")).as("nothing parked").isZero();
                assertThat(StoredRows.count(c, "SELECT COUNT(*) FROM session WHERE status <> 'CLOSED'"))
                        .as("one session per chat").isEqualTo(CHATS);
            }
            Map<Long, List<String>> delivered = new TreeMap<>();
            for (SentRecord sent : bot.sent()) {
                delivered.computeIfAbsent(Long.parseLong(sent.chatId()), k -> new ArrayList<>()).add(sent.text());
            }
            assertThat(delivered).as("each reply delivered once, in the order written").isEqualTo(replies);
        }
    }

    /** Queues updates {@code from..to}, one text message each, spread over the chats. */
    private static void feed(WebhookBurst burst, Map<Long, String> updates, int from, int to) {
        for (long i = from; i <= to; i++) {
            long chat = chat(i);
            String json = WebhookBurst.textUpdate(i, chat, WebhookBurst.CLIENT_MESSAGE_IDS + i, text(i));
            updates.put(i, json);
            burst.deliver(i, json);
        }
    }

    private static long chat(long update) {
        return 8300 + (update - 1) % CHATS;
    }

    private static String text(long update) {
        return "update " + update;
    }

    private static void reply(HubClient admin, long session, long chat, Map<Long, List<String>> replies, int count) {
        for (int i = 0; i < count; i++) {
            String text = "reply " + chat + "-" + (replies.get(chat).size() + 1);
            admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", text)).ok();
            replies.get(chat).add(text);
        }
    }

    /** The hub as its README starts it from the packaged jar, on the test's database, plugins and fake. */
    private static List<String> command(Path jar, int port, String database) {
        Path data = TestHub.tempDir("kill-hub-data");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-jar", jar.toString()));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", Integer.toString(port));
        p.put("hub.public-url", "http://127.0.0.1:" + port);
        p.put("hub.data-dir", data.toString());
        p.put("hub.db.url", database);
        p.put("hub.db.user", TestDatabase.user());
        if (TestDatabase.password() != null) {
            p.put("hub.db.password", TestDatabase.password());
        }
        p.put("hub.plugins.dir", TestHub.pluginDirectory("telegram.jar").toString());
        p.put("hub.routes.dir", TestHub.tempDir("kill-hub-routes").toString());
        p.put("hub.admin.password", TestHub.ADMIN_PASSWORD);
        p.put("hub.outbox.initial-backoff", "200ms");
        p.put("hub.outbox.max-backoff", "1s");
        p.put("hub.outbox.max-attempts", "100000");
        p.put("hub.outbox.poll-interval", "200ms");
        // a reply claimed by the killed hub is taken over this soon after the restart
        p.put("hub.outbox.claim-timeout", "3s");
        p.forEach((name, value) -> command.add("--" + name + "=" + value));
        return command;
    }

    /** @return the module's build directory: the parent of the plugin directory the build copied for tests */
    private static Path buildDirectory() {
        return TestHub.bundledPlugins().toAbsolutePath().getParent();
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(database, TestDatabase.user(), TestDatabase.password());
    }

    /**
     * The packaged hub in a process of its own, its output in a file. {@link #kill()} ends it with SIGKILL, as a crash
     * would; closing kills it too, so no test leaves one behind.
     */
    static final class HubProcess implements AutoCloseable {

        private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

        private final Process process;
        private final Path log;

        private HubProcess(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        /**
         * Starts the hub and waits until it serves requests.
         *
         * @param command the command line
         * @param log     where its output goes
         * @param base    its base URL
         * @return the running hub
         */
        static HubProcess start(List<String> command, Path log, String base) throws IOException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            HubProcess hub = new HubProcess(process, log);
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
                Instant end = Instant.now().plus(START_TIMEOUT);
                while (!hub.ready(http, base)) {
                    if (!process.isAlive()) {
                        throw new AssertionError("the hub exited with " + process.exitValue() + "; its output ("
                                + log + ") ends:\n" + hub.tail());
                    }
                    if (Instant.now().isAfter(end)) {
                        throw new AssertionError("the hub did not start within " + START_TIMEOUT + "; its output ("
                                + log + ") ends:\n" + hub.tail());
                    }
                    Thread.sleep(250);
                }
                return hub;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                hub.close();
                throw new IllegalStateException(e);
            } catch (RuntimeException | Error e) {
                hub.close();
                throw e;
            }
        }

        /** @return whether readiness says UP (or DEGRADED: a channel account has a problem, the hub serves) */
        private boolean ready(HttpClient http, String base) throws InterruptedException {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && (r.body().contains("\"UP\"") || r.body().contains("\"DEGRADED\""));
            } catch (IOException e) {
                return false;
            }
        }

        /** Ends the process with SIGKILL and waits until it is gone. */
        void kill() {
            process.destroyForcibly();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the hub did not end after SIGKILL; see " + log);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                kill();
            }
        }

        /** @return the last lines of the hub's output, for a failure message */
        String tail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
