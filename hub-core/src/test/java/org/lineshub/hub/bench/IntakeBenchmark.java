package org.lineshub.hub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures the hub's intake: how many Telegram messages per second a hub stores, and how long each one takes from
 * leaving Telegram to being stored. Run it with {@code ./mvnw -B -q -Pbench -DskipTests verify} (see the README);
 * it is a program, not a test, so its figures are printed, never asserted.
 *
 * <p>A fake Telegram Bot API ({@link FakeTelegramBotApi}) runs on 127.0.0.1; the benchmark creates a line and a
 * Telegram account pointing at it through the REST API, sends {@code bench.warmup} updates that are not measured,
 * then {@code bench.updates} text messages spread round-robin over {@code bench.chats} private chats (so the first
 * message of each chat opens a session and the others continue it).
 *
 * <ul>
 *   <li><b>polling</b> (default): all updates are queued in the fake bot and the hub long-polls them, up to 100 per
 *   getUpdates answer, each answer stored in one transaction. An update is <i>received</i> when getUpdates handed it
 *   out ({@link FakeBot#deliveredAt}). It is <i>stored</i> when the hub confirmed it with the offset of its next
 *   getUpdates call, which the hub sends only after the transaction committed; a watcher thread samples the fake's
 *   pending count every 0.25 ms to time that. The message's {@code createdAt} in the hub is also reported, but it is
 *   taken when the batch's transaction begins, so it leaves out the time spent storing.</li>
 *   <li><b>webhook</b>: {@code bench.concurrency} threads post the updates straight to the account's webhook URL
 *   with the secret header. The hub answers 200 only after the message is stored, so receive-to-stored is the HTTP
 *   round trip.</li>
 * </ul>
 *
 * <p>Throughput is N divided by the time from the first update received to the last one stored, also shown for each
 * quarter of the updates (a rising series means the JVM was still warming up). Latencies are nearest-rank
 * percentiles. The CPU lines say how busy the machine, this JVM, its child processes (the embedded MariaDB) and the
 * hub's intake threads were, and how much CPU each stored message cost: intake threads on CPU much less than 100%
 * of the time are waiting for the database. Afterwards every session of the line is read through the REST API and
 * each update is matched to its message by external id ({@code <chat id>:<message id>}) and text; the program fails
 * (non-zero exit) when an update was lost or stored twice.
 *
 * <p>Options (system properties): {@code bench.updates} (20000), {@code bench.chats} (500), {@code bench.mode}
 * ({@code polling} or {@code webhook}), {@code bench.concurrency} (webhook senders, 8), {@code bench.warmup}
 * (1000), {@code bench.hub} (base URL of a running hub; empty starts one in this JVM like the README's first
 * command, with the embedded MariaDB under {@code bench.dir/bench-data}, emptied first), {@code bench.user} and
 * {@code bench.password} (an admin of that hub). {@code bench.dir}, {@code bench.plugins} and {@code bench.routes}
 * (set by the Maven profile) say where the in-process hub keeps its data and finds the Telegram plugin jar and the
 * routes. A hub given with {@code bench.hub} must reach the fake on 127.0.0.1 and, for webhook mode, have a public
 * URL set.
 */
public final class IntakeBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IN_PROCESS_PASSWORD = "bench-admin-secret";
    /** Chat ids of measured updates start above this; warm-up chats are elsewhere, so they never mix. */
    private static final long MEASURED_CHATS = 7_100_000_000L;
    private static final long WARMUP_CHATS = 7_900_000_000L;
    private static final long WATCH_INTERVAL_NANOS = 250_000;
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private IntakeBenchmark() {
    }

    /**
     * Runs the benchmark with the options from system properties and prints the figures.
     *
     * @param args ignored
     * @throws Exception when the benchmark cannot run, or an update was lost or stored twice
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.fromSystemProperties();
        try (FakeTelegramBotApi telegram = FakeTelegramBotApi.start();
             Hub hub = Hub.start(options)) {
            Result result = new Run(options, hub, telegram).run();
            print(options, hub, result);
            if (!result.check().ok()) {
                throw new IllegalStateException("the hub did not store every update exactly once: "
                        + result.check().summary());
            }
        }
    }

    // ---- options -----------------------------------------------------------------------------------------------

    /**
     * What to run.
     *
     * @param updates     measured updates
     * @param chats       private chats they are spread over
     * @param webhook     webhook mode instead of polling
     * @param concurrency webhook senders
     * @param warmup      updates sent first and not measured
     * @param hubUrl      base URL of a running hub, or empty to start one in this JVM
     * @param user        admin user of that hub
     * @param password    their password
     * @param dir         where the in-process hub's data directory goes
     * @param plugins     the in-process hub's plugin directory
     * @param routes      the in-process hub's routes directory
     */
    record Options(int updates, int chats, boolean webhook, int concurrency, int warmup, String hubUrl, String user,
                   String password, Path dir, Path plugins, Path routes) {

        static Options fromSystemProperties() {
            String mode = System.getProperty("bench.mode", "polling").strip().toLowerCase(Locale.ROOT);
            if (!mode.equals("polling") && !mode.equals("webhook")) {
                throw new IllegalArgumentException("bench.mode must be polling or webhook, not " + mode);
            }
            String hubUrl = System.getProperty("bench.hub", "").strip().replaceAll("/+$", "");
            String password = System.getProperty("bench.password", "");
            if (!hubUrl.isEmpty() && password.isEmpty()) {
                throw new IllegalArgumentException("bench.hub needs bench.password (and bench.user unless admin)");
            }
            Options o = new Options(positive("bench.updates", 20_000), positive("bench.chats", 500),
                    mode.equals("webhook"), positive("bench.concurrency", 8), number("bench.warmup", 1000),
                    hubUrl, System.getProperty("bench.user", "admin"), password,
                    Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(),
                    directory("bench.plugins", "data/plugins", "hub-core/target/it-plugins", "../data/plugins",
                            "target/it-plugins"),
                    directory("bench.routes", "routes", "../routes"));
            if (o.warmup() < 0) {
                throw new IllegalArgumentException("bench.warmup must not be negative");
            }
            return o;
        }

        String mode() {
            return webhook ? "webhook" : "polling";
        }

        private static int positive(String name, int defaultValue) {
            int value = number(name, defaultValue);
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static int number(String name, int defaultValue) {
            String value = System.getProperty(name, "").strip();
            try {
                return value.isEmpty() ? defaultValue : Integer.parseInt(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, not " + value, e);
            }
        }

        /** The directory a property names, or the first candidate that exists (relative to the working dir). */
        private static Path directory(String property, String... candidates) {
            String given = System.getProperty(property, "").strip();
            if (!given.isEmpty()) {
                return Path.of(given).toAbsolutePath();
            }
            for (String candidate : candidates) {
                if (Files.isDirectory(Path.of(candidate))) {
                    return Path.of(candidate).toAbsolutePath();
                }
            }
            return Path.of(candidates[0]).toAbsolutePath();
        }
    }

    // ---- the hub -----------------------------------------------------------------------------------------------

    /**
     * The hub under test: one started in this JVM, or one running elsewhere. The admin's password is used once, to
     * create an API token for the run: HTTP Basic costs a BCrypt check per request, which would make reading back
     * thousands of messages take minutes.
     */
    static final class Hub implements AutoCloseable {

        private final String base;
        private final HubClient admin;
        private final long tokenId;
        private final ConfigurableApplicationContext context;

        private Hub(String base, HubClient basic, ConfigurableApplicationContext context) {
            this.base = base;
            this.context = context;
            JsonNode token = basic.post("/api/v1/tokens", Map.of("name", "intake benchmark "
                    + System.currentTimeMillis(), "expiresAt", Instant.now().plus(Duration.ofDays(1)).toString()))
                    .ok();
            this.tokenId = token.path("view").path("id").asLong();
            this.admin = HubClient.bearer(base, token.get("token").asText());
        }

        static Hub start(Options options) {
            if (!options.hubUrl().isEmpty()) {
                return new Hub(options.hubUrl(), HubClient.basic(options.hubUrl(), options.user(),
                        options.password()), null);
            }
            if (!Files.isRegularFile(options.plugins().resolve("telegram.jar"))) {
                throw new IllegalStateException("no telegram.jar in " + options.plugins()
                        + ": build first (./mvnw -B -q -Pbench -DskipTests verify does)");
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    return startInProcess(options);
                } catch (RuntimeException e) {
                    // a free port can be taken by another process before the hub binds it
                    if (attempt == 3 || !portInUse(e)) {
                        throw e;
                    }
                    System.out.println("A port was taken while the hub started; starting it again on others");
                }
            }
        }

        private static Hub startInProcess(Options options) {
            Path data = options.dir().resolve("bench-data");
            TestDatabase.deleteRecursively(data);
            int[] ports = freePorts();
            String base = "http://127.0.0.1:" + ports[0];
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("server.port", ports[0]);
            p.put("hub.db.embedded-port", ports[1]);
            p.put("hub.public-url", base);
            p.put("hub.data-dir", data);
            p.put("hub.plugins.dir", options.plugins());
            p.put("hub.routes.dir", options.routes());
            p.put("hub.admin.password", IN_PROCESS_PASSWORD);
            p.put("camel.main.shutdown-timeout", "2");
            // as command-line arguments, so they win over application.yml like the environment does
            String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            ConfigurableApplicationContext context = new SpringApplicationBuilder(HubApplication.class).run(args);
            try {
                return new Hub(base, HubClient.basic(base, "admin", IN_PROCESS_PASSWORD), context);
            } catch (RuntimeException | Error e) {
                context.close();
                throw e;
            }
        }

        /** @return two free TCP ports, different from each other */
        private static int[] freePorts() {
            try (ServerSocket http = new ServerSocket(0); ServerSocket db = new ServerSocket(0)) {
                return new int[] {http.getLocalPort(), db.getLocalPort()};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static boolean portInUse(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof PortInUseException || t instanceof BindException) {
                    return true;
                }
            }
            return false;
        }

        boolean inProcess() {
            return context != null;
        }

        String where() {
            return context == null ? base : "in this JVM at " + base + ", embedded MariaDB";
        }

        /** @return the database server's version, when the hub runs in this JVM */
        String databaseVersion() {
            if (context == null) {
                return "unknown (hub at " + base + ")";
            }
            try (Connection c = context.getBean(DataSource.class).getConnection();
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT VERSION()")) {
                r.next();
                return r.getString(1);
            } catch (SQLException e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }

        @Override
        public void close() {
            try {
                admin.delete("/api/v1/tokens/" + tokenId);
            } finally {
                if (context != null) {
                    context.close();
                }
            }
        }
    }

    // ---- results -----------------------------------------------------------------------------------------------

    /**
     * What the stored messages say about the updates.
     *
     * @param stored     updates found stored exactly once
     * @param missing    updates not found
     * @param duplicated updates found more than once
     * @param unexpected messages in the measured chats that match no update (or whose text does not)
     */
    record Check(int stored, int missing, int duplicated, int unexpected) {

        boolean ok() {
            return missing == 0 && duplicated == 0 && unexpected == 0;
        }

        String summary() {
            return stored + " stored exactly once, " + missing + " missing, " + duplicated + " duplicated, "
                    + unexpected + " unexpected";
        }
    }

    /**
     * How the measured updates went through.
     *
     * @param elapsedNanos first update received to last one stored
     * @param storedNanos  when each update was stored, in nanoseconds after the first one was received
     * @param latencies    receive-to-stored per update, in nanoseconds
     * @param notes        more facts about the run, printed as they are
     */
    record Timing(long elapsedNanos, long[] storedNanos, long[] latencies, List<String> notes) {
    }

    /**
     * One run's figures.
     *
     * @param timing    how the updates went through
     * @param createdAt receive-to-createdAt per stored update (polling), in nanoseconds, or {@code null}
     * @param check     what the stored messages say
     */
    record Result(Timing timing, long[] createdAt, Check check) {
    }

    // ---- one run -----------------------------------------------------------------------------------------------

    /** A run against one hub: its line, account and fake bot. */
    private static final class Run {

        private final Options options;
        private final Hub hub;
        private final FakeTelegramBotApi telegram;
        private final Map<Long, Long> nextMessageIds = new HashMap<>();
        private long nextUpdateId = 1;

        Run(Options options, Hub hub, FakeTelegramBotApi telegram) {
            this.options = options;
            this.hub = hub;
            this.telegram = telegram;
        }

        Result run() throws Exception {
            long stamp = System.currentTimeMillis();
            long line = hub.admin.post("/api/v1/lines", Map.of("name", "Benchmark " + options.mode() + " " + stamp))
                    .ok().get("id").asLong();
            String token = (stamp % 1_000_000_000L) + ":AAbench" + Long.toHexString(stamp) + "x0123456789abcdef";
            FakeBot bot = telegram.bot(token);
            Map<String, Object> settings = new HashMap<>(Map.of("botToken", token, "apiBaseUrl", telegram.baseUrl(),
                    "mode", options.mode(), "pollTimeoutSeconds", 1));
            JsonNode account = hub.admin.post("/api/v1/channel-accounts", Map.of("type", "telegram",
                    "name", "benchmark bot " + stamp, "lineId", line, "settings", settings)).ok();
            if (!"RUNNING".equals(account.path("status").asText())) {
                throw new IllegalStateException("the Telegram account did not start: " + account);
            }
            List<Update> warmup = updates(WARMUP_CHATS, Math.min(options.chats(), Math.max(1, options.warmup())),
                    options.warmup());
            List<Update> measured = updates(MEASURED_CHATS, options.chats(), options.updates());
            Timing timing;
            if (options.webhook()) {
                URI webhook = webhookUrl(account, bot);
                String secret = bot.webhookSecret();
                send(webhook, secret, warmup);
                timing = webhook(webhook, secret, measured);
            } else {
                enqueueAll(bot, warmup, new AtomicInteger());
                awaitConfirmed(bot);
                timing = polling(bot, measured);
            }
            Check check = check(line, measured);
            long[] createdAt = null;
            if (!options.webhook()) {
                createdAt = measured.stream().filter(u -> u.createdAt != null)
                        .mapToLong(u -> Duration.between(u.deliveredAt, u.createdAt).toNanos()).toArray();
            }
            return new Result(timing, createdAt, check);
        }

        /** Text messages round-robin over chats, numbered per chat from 1 as Telegram does. */
        private List<Update> updates(long firstChat, int chats, int count) {
            List<Update> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long chat = firstChat + i % chats;
                long messageId = nextMessageIds.merge(chat, 1L, Long::sum);
                list.add(new Update(chat, messageId, "bench " + chat + " #" + messageId));
            }
            return list;
        }

        // ---- polling -------------------------------------------------------------------------------------------

        private Timing polling(FakeBot bot, List<Update> updates) throws Exception {
            int n = updates.size();
            int callsBefore = bot.getUpdatesCalls();
            AtomicInteger enqueued = new AtomicInteger();
            Instant[] storedAt = new Instant[n];
            long[] updateIds = new long[n];
            CpuMeter cpu = new CpuMeter("TelegramPolling", hub.inProcess());
            ExecutorService enqueuer = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-enqueue"));
            try {
                Future<long[]> ids = enqueuer.submit(() -> enqueueAll(bot, updates, enqueued));
                watchConfirmations(bot, n, enqueued, storedAt);
                System.arraycopy(ids.get(), 0, updateIds, 0, n);
            } finally {
                enqueuer.shutdownNow();
            }
            List<String> cpuUse = cpu.report(n);
            int calls = bot.getUpdatesCalls() - callsBefore;

            Instant first = null;
            Instant last = null;
            long[] latencies = new long[n];
            for (int i = 0; i < n; i++) {
                Instant delivered = Objects.requireNonNull(bot.deliveredAt(updateIds[i]), "never delivered");
                updates.get(i).deliveredAt = delivered;
                latencies[i] = Duration.between(delivered, storedAt[i]).toNanos();
                first = first == null || delivered.isBefore(first) ? delivered : first;
                last = last == null || storedAt[i].isAfter(last) ? storedAt[i] : last;
            }
            List<String> notes = new ArrayList<>(List.of(String.format(Locale.ROOT,
                    "getUpdates calls: %d, %.1f updates per answer (each answer is one transaction)", calls,
                    (double) n / Math.max(1, calls))));
            notes.addAll(cpuUse);
            long[] stored = new long[n];
            for (int i = 0; i < n; i++) {
                stored[i] = Duration.between(first, storedAt[i]).toNanos();
            }
            return new Timing(Duration.between(first, last).toNanos(), stored, latencies, notes);
        }

        private long[] enqueueAll(FakeBot bot, List<Update> updates, AtomicInteger enqueued) {
            long[] ids = new long[updates.size()];
            for (int i = 0; i < ids.length; i++) {
                Update u = updates.get(i);
                ids[i] = bot.enqueueText(u.chat(), u.chat(), "Bench" + u.chat(), u.text());
                enqueued.incrementAndGet();
            }
            return ids;
        }

        /**
         * Times when each update is confirmed. The fake confirms in update-id order, so the confirmed updates are
         * always the first {@code enqueued - pending}; reading the enqueued count before and after the pending
         * count, and using only samples where both agree, never credits an update too early.
         */
        private void watchConfirmations(FakeBot bot, int n, AtomicInteger enqueued, Instant[] storedAt)
                throws InterruptedException {
            int confirmed = 0;
            long lastProgress = System.nanoTime();
            while (confirmed < n) {
                int before = enqueued.get();
                int pending = bot.pendingUpdateCount();
                int after = enqueued.get();
                Instant now = Instant.now();
                int nowConfirmed = before == after ? Math.min(n, before - pending) : confirmed;
                if (nowConfirmed > confirmed) {
                    Arrays.fill(storedAt, confirmed, nowConfirmed, now);
                    confirmed = nowConfirmed;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("the hub stored nothing for " + STALL_TIMEOUT.toSeconds()
                            + " s; " + confirmed + " of " + n + " updates confirmed");
                }
                LockSupport.parkNanos(WATCH_INTERVAL_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }

        /** Waits until the hub confirmed every queued update; fails when it stops making progress. */
        private void awaitConfirmed(FakeBot bot) throws InterruptedException {
            int pending = bot.pendingUpdateCount();
            long lastProgress = System.nanoTime();
            while (pending > 0) {
                Thread.sleep(10);
                int now = bot.pendingUpdateCount();
                if (now < pending) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("warm-up: the hub stored nothing for "
                            + STALL_TIMEOUT.toSeconds() + " s; " + now + " updates still pending");
                }
                pending = now;
            }
        }

        // ---- webhook -------------------------------------------------------------------------------------------

        private URI webhookUrl(JsonNode account, FakeBot bot) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (bot.webhookSecret() == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the account did not register its webhook with the fake");
                }
                Thread.sleep(20);
            }
            // the hub's public URL may name another address; the benchmark talks to the hub it was given
            String path = account.path("webhookPath").asText("");
            if (path.isEmpty()) {
                path = URI.create(bot.webhookUrl().orElseThrow()).getRawPath();
            }
            return URI.create(hub.base + path);
        }

        private Timing webhook(URI url, String secret, List<Update> updates) throws Exception {
            CpuMeter cpu = new CpuMeter("http-nio-", hub.inProcess());
            Sent sent = send(url, secret, updates);
            List<String> cpuUse = cpu.report(updates.size());
            int n = updates.size();
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            long[] latencies = new long[n];
            for (int i = 0; i < n; i++) {
                first = Math.min(first, sent.started()[i]);
                last = Math.max(last, sent.finished()[i]);
                latencies[i] = sent.finished()[i] - sent.started()[i];
            }
            List<String> notes = new ArrayList<>(List.of("senders: " + options.concurrency()
                    + ", non-2xx answers retried: " + sent.retries()));
            notes.addAll(cpuUse);
            long[] stored = new long[n];
            for (int i = 0; i < n; i++) {
                stored[i] = sent.finished()[i] - first;
            }
            return new Timing(last - first, stored, latencies, notes);
        }

        /**
         * Posts updates with {@code bench.concurrency} threads, each update until the hub answers 2xx (as Telegram
         * does).
         */
        private Sent send(URI url, String secret, List<Update> updates) throws Exception {
            int n = updates.size();
            byte[][] bodies = new byte[n][];
            for (int i = 0; i < n; i++) {
                bodies[i] = webhookBody(nextUpdateId++, updates.get(i));
            }
            long[] started = new long[n];
            long[] finished = new long[n];
            AtomicInteger next = new AtomicInteger();
            AtomicInteger retries = new AtomicInteger();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            ExecutorService senders = Executors.newFixedThreadPool(options.concurrency(),
                    r -> new Thread(r, "bench-sender"));
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < options.concurrency(); t++) {
                    running.add(senders.submit(() -> {
                        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                            started[i] = System.nanoTime();
                            int status;
                            while ((status = post(http, url, secret, bodies[i])) / 100 != 2) {
                                if (System.nanoTime() - started[i] > STALL_TIMEOUT.toNanos()) {
                                    throw new IllegalStateException("the webhook answered " + status + " for "
                                            + STALL_TIMEOUT.toSeconds() + " s");
                                }
                                retries.incrementAndGet();
                                Thread.sleep(100);
                            }
                            finished[i] = System.nanoTime();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } finally {
                senders.shutdownNow();
            }
            return new Sent(started, finished, retries.get());
        }

        private static int post(HttpClient http, URI url, String secret, byte[] body) throws InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Telegram-Bot-Api-Secret-Token", secret)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return 0;
            }
        }

        /** An update shaped like the fake bot (and Telegram) sends it. */
        private static byte[] webhookBody(long updateId, Update u) throws IOException {
            ObjectNode update = JSON.createObjectNode().put("update_id", updateId);
            ObjectNode message = update.putObject("message").put("message_id", u.messageId());
            message.putObject("from").put("id", u.chat()).put("is_bot", false).put("first_name", "Bench" + u.chat())
                    .put("language_code", "en");
            message.putObject("chat").put("id", u.chat()).put("first_name", "Bench" + u.chat())
                    .put("type", "private");
            message.put("date", Instant.now().getEpochSecond());
            message.put("text", u.text());
            return JSON.writeValueAsBytes(update);
        }

        // ---- the check -----------------------------------------------------------------------------------------

        /**
         * Reads every message of the line through the REST API and matches the updates to them; for polling, also
         * fills each update's createdAt.
         */
        private Check check(long line, List<Update> updates) {
            Map<String, Update> byExternalId = new HashMap<>();
            for (Update u : updates) {
                byExternalId.put(u.externalId(), u);
            }
            int unexpected = 0;
            for (String next = "/api/v1/sessions?lineId=" + line + "&sort=duration&limit=200"; next != null; ) {
                HubClient.Page page = hub.admin.getPage(next);
                for (JsonNode session : page.body()) {
                    unexpected += matchMessages(session.get("id").asLong(), byExternalId);
                }
                next = page.next();
            }
            int stored = 0;
            int missing = 0;
            int duplicated = 0;
            for (Update u : updates) {
                if (u.seen == 0) {
                    missing++;
                } else if (u.seen == 1) {
                    stored++;
                } else {
                    duplicated++;
                }
            }
            return new Check(stored, missing, duplicated, unexpected);
        }

        private int matchMessages(long session, Map<String, Update> byExternalId) {
            int unexpected = 0;
            long after = 0;
            while (true) {
                JsonNode page = hub.admin.get("/api/v1/sessions/" + session + "/messages?limit=500&after=" + after)
                        .ok();
                for (JsonNode m : page) {
                    // the next page starts after the last message of this one, in the session's order
                    after = m.get("id").asLong();
                    if (!"INBOUND".equals(m.path("direction").asText())) {
                        continue;
                    }
                    String externalId = m.path("externalId").asText("");
                    Update u = byExternalId.get(externalId);
                    if (u == null) {
                        unexpected += measuredChat(externalId) ? 1 : 0;
                    } else if (!u.text().equals(m.path("text").asText())) {
                        unexpected++;
                    } else {
                        u.seen++;
                        u.createdAt = Instant.parse(m.get("createdAt").asText());
                    }
                }
                if (page.size() < 500) {
                    return unexpected;
                }
            }
        }

        /** @return whether an external id is of a message in one of the measured chats */
        private boolean measuredChat(String externalId) {
            int colon = externalId.indexOf(':');
            try {
                long chat = Long.parseLong(colon < 0 ? externalId : externalId.substring(0, colon));
                return chat >= MEASURED_CHATS && chat < MEASURED_CHATS + options.chats();
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /**
     * A measured or warm-up update and what became of it.
     */
    private static final class Update {
        private final long chat;
        private final long messageId;
        private final String text;
        private Instant deliveredAt;
        private Instant createdAt;
        private int seen;

        Update(long chat, long messageId, String text) {
            this.chat = chat;
            this.messageId = messageId;
            this.text = text;
        }

        long chat() {
            return chat;
        }

        long messageId() {
            return messageId;
        }

        String text() {
            return text;
        }

        String externalId() {
            return chat + ":" + messageId;
        }
    }

    /**
     * The timings of posted updates.
     *
     * @param started  when each post began, {@link System#nanoTime}
     * @param finished when the hub answered 2xx
     * @param retries  non-2xx answers that were retried
     */
    private record Sent(long[] started, long[] finished, int retries) {
    }

    /**
     * CPU time spent while the updates went through: by the whole machine (from {@code /proc/stat}, where there is
     * one), by this JVM (the fake, the senders and, unless {@code bench.hub} is set, the hub), by its child processes
     * (the embedded MariaDB) and by the hub's intake threads in this JVM. Whatever the machine spent beyond this JVM
     * and its children went to other processes competing for the cores; intake threads busy much less than 100%
     * of the time wait for the database (or for a core).
     */
    private static final class CpuMeter {

        private final String intakeThreads;
        private final String jvm;
        private final long wallNanos = System.nanoTime();
        private final long processNanos = processCpu();
        private final long childrenNanos = childrenCpu();
        private final long[] machine = machineTicks();
        private final Map<Long, Long> threadNanos;

        /**
         * @param intakeThreads a part of the names of the hub's threads that store messages
         * @param hubInProcess  whether the hub runs in this JVM
         */
        CpuMeter(String intakeThreads, boolean hubInProcess) {
            this.intakeThreads = intakeThreads;
            this.jvm = hubInProcess ? "this JVM (hub and benchmark)" : "this JVM (benchmark only)";
            this.threadNanos = threadCpu(intakeThreads);
        }

        /** @return what was spent since this meter was made, for {@code messages} stored messages */
        List<String> report(int messages) {
            double wall = System.nanoTime() - wallNanos;
            long process = processCpu() - processNanos;
            long children = childrenCpu() - childrenNanos;
            long[] machineNow = machineTicks();
            int cores = Runtime.getRuntime().availableProcessors();
            double capacity = wall * cores;
            String busy = machine[1] <= 0 || machineNow[1] <= machine[1] ? "machine n/a"
                    : String.format(Locale.ROOT, "machine %.0f%%",
                    100.0 * (machineNow[0] - machine[0]) / (machineNow[1] - machine[1]));
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "CPU busy during the run (of %d cores): %s, %s %.0f%%, its child "
                    + "processes %.0f%%", cores, busy, jvm, 100.0 * process / capacity, 100.0 * children / capacity));
            Map<Long, Long> threads = threadCpu(intakeThreads);
            long intake = 0;
            for (Map.Entry<Long, Long> e : threads.entrySet()) {
                intake += e.getValue() - threadNanos.getOrDefault(e.getKey(), 0L);
            }
            String perMessage = String.format(Locale.ROOT, "CPU per stored message: this JVM %.2f ms, its child "
                    + "processes %.2f ms", process / 1e6 / messages, children / 1e6 / messages);
            if (!threads.isEmpty()) {
                perMessage += String.format(Locale.ROOT, "; the hub's %s threads %.2f ms, on CPU %.0f%% of the run",
                        intakeThreads, intake / 1e6 / messages, 100.0 * intake / wall);
            }
            lines.add(perMessage);
            return lines;
        }

        private static long processCpu() {
            return ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
        }

        private static long childrenCpu() {
            return ProcessHandle.current().descendants()
                    .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        }

        /** @return busy and total ticks of all cores, or zeros where {@code /proc/stat} cannot be read */
        private static long[] machineTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i <= 8 && i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                return new long[] {total - Long.parseLong(f[4]) - Long.parseLong(f[5]), total};
            } catch (IOException | RuntimeException e) {
                return new long[] {0, 0};
            }
        }

        /** @return CPU time by thread id of the live threads whose names contain a text */
        private static Map<Long, Long> threadCpu(String nameContains) {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            Map<Long, Long> cpu = new HashMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                long nanos = t.getName().contains(nameContains) ? mx.getThreadCpuTime(t.getId()) : -1;
                if (nanos >= 0) {
                    cpu.put(t.getId(), nanos);
                }
            }
            return cpu;
        }
    }

    // ---- output ------------------------------------------------------------------------------------------------

    private static void print(Options options, Hub hub, Result result) {
        Timing timing = result.timing();
        double seconds = timing.elapsedNanos() / 1e9;
        StringBuilder out = new StringBuilder("\n==== Lines hub intake benchmark ====\n");
        line(out, "mode", options.mode() + (options.webhook() ? ", " + options.concurrency() + " senders" : ""));
        line(out, "hub", hub.where());
        line(out, "updates", options.updates() + " text messages over " + options.chats() + " private chats (after "
                + options.warmup() + " warm-up updates)");
        line(out, "elapsed", String.format(Locale.ROOT, "%.2f s, first update received to last stored", seconds));
        line(out, "throughput", String.format(Locale.ROOT, "%.0f stored messages/s (by quarter of the updates: %s)",
                options.updates() / seconds, quarters(timing.storedNanos())));
        line(out, "latency", percentiles(timing.latencies()) + (options.webhook()
                ? "  (webhook round trip; 200 means stored)"
                : "  (getUpdates handed it out -> hub confirmed it after commit)"));
        if (result.createdAt() != null) {
            line(out, "createdAt", (result.createdAt().length == 0 ? "n/a" : percentiles(result.createdAt()))
                    + "  (getUpdates -> message createdAt, taken when the batch's transaction begins)");
        }
        timing.notes().forEach(n -> line(out, "", n));
        line(out, "check", result.check().summary());
        line(out, "machine", machine(hub));
        out.append("====================================\n");
        System.out.print(out);
        System.out.flush();
    }

    /** Messages per second within each quarter of the updates, in the order they were stored. */
    private static String quarters(long[] storedNanos) {
        long[] sorted = storedNanos.clone();
        Arrays.sort(sorted);
        List<String> rates = new ArrayList<>();
        long start = 0;
        for (int q = 1; q <= 4; q++) {
            int from = sorted.length * (q - 1) / 4;
            int to = sorted.length * q / 4;
            long end = sorted[Math.max(0, to - 1)];
            rates.add(end > start ? String.format(Locale.ROOT, "%.0f", (to - from) / ((end - start) / 1e9)) : "-");
            start = end;
        }
        return String.join(" / ", rates);
    }

    private static String percentiles(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %s  p95 %s  p99 %s  max %s ms", millis(percentile(sorted, 50)),
                millis(percentile(sorted, 95)), millis(percentile(sorted, 99)), millis(sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-11s %s%n", label, value));
    }

    private static String machine(Hub hub) {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores (%s), %d GB RAM, max heap %d MB; %s %s; %s %s %s; MariaDB %s",
                rt.availableProcessors(), cpuModel(), totalMemoryGb(), rt.maxMemory() >> 20,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                hub.databaseVersion());
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "CPU model unknown";
        }
        return "CPU model unknown";
    }

    private static long totalMemoryGb() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        return -1;
    }
}
