package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestHub;
import org.lineshub.hub.system.EmbeddedMariaDb;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The database goes away for ten seconds in the middle of a burst, and the hub loses nothing and stores nothing twice.
 * The hub runs on a MariaDB server of this test's own (not the shared test server), which the test really stops and
 * starts again on the same data directory and port. Two Telegram accounts take the burst against the fake Bot API:
 * one receives webhooks, posted from several connections at once and posted again until answered 2xx, as Telegram
 * does; the other long-polls. An email account reads GreenMail's IMAP server meanwhile. While the database is away a
 * webhook call is answered 503 with Retry-After (never 500, never 200), the poller confirms nothing it could not
 * store (the fake still holds those updates), mails stay unseen in the mailbox, readiness is down while liveness
 * stays up, and a reply waiting in the outbox survives; afterwards every update and mail is stored exactly once,
 * nothing was parked as bad input, readiness is up again and the reply goes out once.
 */
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final String SECRET = "outage-webhook-secret-0123";
    private static final int CHATS = 20;
    private static final long REPLY_CHAT = 9400;
    private static final int MAILS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aTenSecondDatabaseOutageMidBurstLosesNothingAndStoresNothingTwice(@TempDir Path dir) throws Exception {
        int port = TestHub.freePort();
        String base = "http://127.0.0.1:" + port;
        HubClient admin = HubClient.basic(base, "admin", TestHub.ADMIN_PASSWORD);
        GreenMail mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.withPort(0),
                ServerSetupTest.IMAP.withPort(0)});
        mail.start();
        try (FakeTelegramBotApi telegram = FakeTelegramBotApi.start();
             StoppableDatabase db = StoppableDatabase.start(dir.resolve("mariadb"));
             ConfigurableApplicationContext hub = start(properties(port, dir, db))) {
            long line = admin.post("/api/v1/lines", Map.of("name", "Outage line", "showOperatorName", false)).ok()
                    .get("id").asLong();
            FakeBot hooked = telegram.bot("7101:AAHoutagewebhook0123456789abcdefghij");
            String webhookUrl = account(admin, line, "hooked", Map.of("botToken", hooked.token(), "mode", "webhook",
                    "webhookSecret", SECRET, "apiBaseUrl", telegram.baseUrl())).get("webhookUrl").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> hooked.webhookUrl().isPresent());
            FakeBot polled = telegram.bot("7102:AAHoutagepolling0123456789abcdefghij");
            account(admin, line, "polled", Map.of("botToken", polled.token(), "apiBaseUrl", telegram.baseUrl(),
                    "pollTimeoutSeconds", 1));
            GreenMailUser support = mail.setUser("support@shop.example", "support", "support-pw");
            account(admin, line, "email", "mailbox", mailbox(mail));
            assertThat(get(base + "/actuator/health/readiness").statusCode()).isEqualTo(200);

            // a reply the platform does not take yet: it waits in the outbox across the outage
            polled.enqueueText(REPLY_CHAT, REPLY_CHAT, "Client" + REPLY_CHAT, "polled 0");
            long session = new Fixtures(admin, telegram, null).awaitSession(line, "Client" + REPLY_CHAT);
            polled.failNext("sendMessage", 502, 100_000);
            admin.post("/api/v1/sessions/" + session + "/messages", Map.of("text", "answer across the outage")).ok();
            await().atMost(Duration.ofSeconds(10)).until(() -> polled.calls("sendMessage") >= 1);

            List<String> webhookTexts = new ArrayList<>();
            List<String> polledTexts = new ArrayList<>(List.of("polled 0"));
            List<String> mailTexts = new ArrayList<>();
            try (WebhookBurst burst = new WebhookBurst(webhookUrl, SECRET, 8, Duration.ofMillis(300))) {
                feed(burst, 1, 150, webhookTexts);
                enqueue(polled, 1, 30, polledTexts);
                mail(support, 1, MAILS, mailTexts);
                await().atMost(Duration.ofSeconds(30)).until(() -> burst.acknowledgedCount() >= 50);

                db.stop();
                Instant down = Instant.now();
                feed(burst, 151, 250, webhookTexts);
                enqueue(polled, 31, 60, polledTexts);
                mail(support, MAILS + 1, 2 * MAILS, mailTexts);
                await().atMost(OUTAGE).pollInterval(Duration.ofMillis(200)).until(() -> burst.answers().stream()
                        .anyMatch(a -> a.status() == 503 && a.at().isAfter(down)));
                HttpResponse<String> readiness = get(base + "/actuator/health/readiness");
                assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
                assertThat(json(readiness).get("status").asText()).isIn("DOWN", "OUT_OF_SERVICE");
                assertThat(get(base + "/actuator/health/liveness").statusCode())
                        .as("a database outage is no reason to restart the hub").isEqualTo(200);
                await().atMost(OUTAGE).pollInterval(Duration.ofMillis(200))
                        .until(() -> !Instant.now().isBefore(down.plus(OUTAGE)));
                assertThat(polled.pendingUpdateCount()).as("the poller confirms nothing it could not store")
                        .isGreaterThanOrEqualTo(30);
                assertThat(mail.getManagers().getImapHostManager().getInbox(support).getUnseenCount())
                        .as("mails the hub could not store stay unseen").isGreaterThanOrEqualTo(MAILS);

                Instant restarting = Instant.now();
                db.start();
                feed(burst, 251, 300, webhookTexts);
                enqueue(polled, 61, 70, polledTexts);
                mail(support, 2 * MAILS + 1, 3 * MAILS, mailTexts);
                await().atMost(Duration.ofSeconds(60)).until(() -> burst.outstanding() == 0);
                await().atMost(Duration.ofSeconds(60)).until(() -> polled.pendingUpdateCount() == 0);
                await().atMost(Duration.ofSeconds(60)).until(() -> mail.getManagers().getImapHostManager()
                        .getInbox(support).getUnseenCount() == 0);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> get(base + "/actuator/health/readiness").statusCode() == 200);
                assertThat(json(get(base + "/actuator/health/readiness")).get("status").asText()).isEqualTo("UP");

                List<WebhookBurst.Answer> answers = burst.answers();
                assertThat(answers).as("webhook calls answered 500").noneMatch(a -> a.status() == 500);
                assertThat(answers).filteredOn(a -> a.status() == 503).as("503 while the database was away")
                        .isNotEmpty().allMatch(a -> a.retryAfter() != null);
                assertThat(answers).filteredOn(a -> a.status() != 200 && a.status() != 503)
                        .as("answers other than 200 and 503").isEmpty();
                assertThat(answers).filteredOn(a -> a.updateId() > 150 && a.updateId() <= 250 && a.status() == 200)
                        .as("updates sent while the database was away are acknowledged only after it is back")
                        .allMatch(a -> a.at().isAfter(restarting));
            }

            polled.clearFaults();
            await().atMost(Duration.ofSeconds(20)).until(() -> polled.sent().size() == 1);
            try (Connection c = db.connect()) {
                assertThat(StoredRows.inboundTexts(c)).as("every update stored exactly once")
                        .containsOnlyKeys(concat(webhookTexts, polledTexts, mailTexts)).allSatisfy((text, n) ->
                                assertThat(n).as(text).isEqualTo(1));
                assertThat(StoredRows.count(c, "SELECT COUNT(*) FROM dead_letter"))
                        .as("nothing parked because the database was away").isZero();
                assertThat(StoredRows.count(c, "SELECT COUNT(*) FROM session WHERE status <> 'CLOSED'"))
                        .as("one session per chat and mail thread").isEqualTo(2L * CHATS + 1 + 3 * MAILS);
            }
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> polled.sent().size() == 1);
            assertThat(polled.sent().get(0).text()).isEqualTo("answer across the outage");
        } finally {
            mail.stop();
        }
    }

    /** Delivers mails {@code from..to} into the mailbox, each a new thread, as the clients' servers would. */
    private static void mail(GreenMailUser mailbox, int from, int to, List<String> texts) throws Exception {
        for (int i = from; i <= to; i++) {
            String text = "mailed " + i;
            texts.add(text);
            String raw = "From: Client " + i + " <client" + i + "@example.com>\r\n"
                    + "To: support@shop.example\r\n"
                    + "Subject: Question " + i + "\r\n"
                    + "Message-ID: <outage-" + i + "@example.com>\r\n"
                    + "Date: Sun, 29 Nov 2026 10:00:00 +0000\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n";
            mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
        }
    }

    private static Map<String, Object> mailbox(GreenMail mail) {
        Map<String, Object> s = new HashMap<>();
        s.put("imapHost", "127.0.0.1");
        s.put("imapPort", mail.getImap().getPort());
        s.put("imapSecurity", "none");
        s.put("imapUser", "support");
        s.put("imapPassword", "support-pw");
        s.put("smtpHost", "127.0.0.1");
        s.put("smtpPort", mail.getSmtp().getPort());
        s.put("smtpSecurity", "none");
        s.put("fromAddress", "support@shop.example");
        s.put("pollIntervalSeconds", 1);
        return s;
    }

    /** Queues webhook updates {@code from..to}, spread over the chats, for the burst's connections. */
    private static void feed(WebhookBurst burst, int from, int to, List<String> texts) {
        for (int i = from; i <= to; i++) {
            long chat = 9100 + i % CHATS;
            String text = "hooked " + i;
            texts.add(text);
            burst.deliver(i, WebhookBurst.textUpdate(i, chat, WebhookBurst.CLIENT_MESSAGE_IDS + i, text));
        }
    }

    /** Queues updates {@code from..to} at the fake for the polling account. */
    private static void enqueue(FakeBot bot, int from, int to, List<String> texts) {
        for (int i = from; i <= to; i++) {
            long chat = 9200 + i % CHATS;
            String text = "polled " + i;
            texts.add(text);
            bot.enqueueText(chat, chat, "Client" + chat, text);
        }
    }

    private static JsonNode account(HubClient admin, long line, String name, Map<String, Object> settings) {
        return account(admin, line, "telegram", name, settings);
    }

    private static JsonNode account(HubClient admin, long line, String type, String name,
                                    Map<String, Object> settings) {
        JsonNode account = admin.post("/api/v1/channel-accounts", Map.of("type", type, "name", name,
                "lineId", line, "settings", settings)).ok();
        assertThat(account.get("status").asText()).as(account.toString()).isEqualTo("RUNNING");
        return account;
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @SafeVarargs
    private static String[] concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all.toArray(String[]::new);
    }

    private static Map<String, Object> properties(int port, Path dir, StoppableDatabase db) {
        Map<String, Object> p = new HashMap<>();
        p.put("server.port", port);
        p.put("hub.public-url", "http://127.0.0.1:" + port);
        p.put("hub.data-dir", dir.resolve("hub").toString());
        p.put("hub.db.url", db.jdbcUrl());
        p.put("hub.db.user", "root");
        p.put("hub.plugins.dir", TestHub.pluginDirectory("telegram.jar", "email.jar").toString());
        p.put("hub.routes.dir", dir.resolve("routes").toString());
        p.put("hub.admin.password", TestHub.ADMIN_PASSWORD);
        p.put("hub.outbox.initial-backoff", "200ms");
        p.put("hub.outbox.max-backoff", "1s");
        p.put("hub.outbox.max-attempts", "100000");
        p.put("hub.outbox.poll-interval", "200ms");
        // how long a request waits for a connection before the hub gives up on the database for it
        p.put("spring.datasource.hikari.connection-timeout", "2000");
        p.put("camel.main.shutdown-timeout", "2");
        p.put("spring.lifecycle.timeout-per-shutdown-phase", "2s");
        return p;
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        // as command-line arguments, so they win over application.yml like the environment does
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(HubApplication.class).run(args);
    }

    /**
     * A MariaDB server of the test's own that can be stopped and started again on the same data directory and port,
     * as an administrator restarting the database server would.
     */
    static final class StoppableDatabase implements AutoCloseable {

        private static final String DATABASE = "hub";

        private final Path home;
        private final int port;
        private EmbeddedMariaDb server;

        private StoppableDatabase(Path home, int port) {
            this.home = home;
            this.port = port;
        }

        static StoppableDatabase start(Path home) {
            StoppableDatabase db = new StoppableDatabase(home, TestHub.freePort());
            db.start();
            db.server.createDatabase(DATABASE);
            return db;
        }

        synchronized void start() {
            server = EmbeddedMariaDb.start(home, port);
        }

        synchronized void stop() {
            server.close();
            server = null;
        }

        String jdbcUrl() {
            return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), "root", null);
        }

        @Override
        public synchronized void close() {
            if (server != null) {
                stop();
            }
        }
    }
}
