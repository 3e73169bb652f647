package org.lineshub.hub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.hub.support.TestHub;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;

/**
 * Checks the hub's footprint as a team uses it: the packaged hub runs in a JVM of its own with the heap capped at
 * {@code bench.heap} (512 MB), on its embedded MariaDB, exactly as the README's first command starts it. The check
 * times how long the hub takes to be ready (first start, which installs the database, and a second start on the same
 * data), opens {@code bench.sessions} sessions (10,000: one Telegram chat each, long-polled from the fake Bot API),
 * connects {@code bench.operators} operators (100) to the events WebSocket, then keeps clients writing into those
 * sessions for {@code bench.steady} seconds (60) at {@code bench.rate} messages/s (200) while every operator receives
 * every event. It then runs a full GC in the hub ({@code jcmd GC.run}) and prints the heap in use and the heap the
 * JVM reserved. It fails when the hub ran out of memory or lost a message. A program, not a test: run it with
 * {@code ./mvnw -B -q -Pbench -DskipTests verify -Dbench.main=org.lineshub.hub.bench.CapacityCheck}.
 */
public final class CapacityCheck {

    private static final String PASSWORD = "capacity-admin-secret";
    private static final long FIRST_CHAT = 8_100_000_000L;
    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private CapacityCheck() {
    }

    /**
     * Runs the check with the options from system properties and prints the figures.
     *
     * @param args ignored
     * @throws Exception when the check cannot run, the hub ran out of memory or lost a message
     */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(System.getProperty("bench.dir", "hub-core/target")).toAbsolutePath();
        Path jar = target.resolve("lines-hub.jar");
        Path plugins = Path.of(System.getProperty("bench.plugins", target.resolve("it-plugins").toString()));
        String heap = System.getProperty("bench.heap", "512m");
        int sessions = Integer.getInteger("bench.sessions", 10_000);
        int operators = Integer.getInteger("bench.operators", 100);
        int steadySeconds = Integer.getInteger("bench.steady", 60);
        int rate = Integer.getInteger("bench.rate", 200);
        Path data = target.resolve("capacity-data");
        TestDatabase.deleteRecursively(data);
        Files.createDirectories(data.resolve("plugins"));
        Files.copy(plugins.resolve("telegram.jar"), data.resolve("plugins").resolve("telegram.jar"),
                StandardCopyOption.REPLACE_EXISTING);

        int port = TestHub.freePort();
        int dbPort = TestHub.freePort();
        String db = "jdbc:mariadb://127.0.0.1:" + dbPort + "/hub";
        String base = "http://127.0.0.1:" + port;
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", jar.toString(), "--server.port=" + port, "--hub.public-url=" + base,
                "--hub.data-dir=" + data, "--hub.db.embedded-port=" + dbPort, "--hub.plugins.dir=" + data.resolve("plugins"),
                "--hub.routes.dir=" + data.resolve("routes"), "--hub.admin.password=" + PASSWORD);
        StringBuilder out = new StringBuilder();
        try (FakeTelegramBotApi telegram = FakeTelegramBotApi.start()) {
            Started first = start(command, data.resolve("hub-first.log"), base);
            line(out, "ready, first start", seconds(first.readyNanos) + " (installs the embedded MariaDB)");
            first.stop();
            Started hub = start(command, data.resolve("hub.log"), base);
            line(out, "ready, second start", seconds(hub.readyNanos) + " (same data)");
            try {
                run(out, hub, base, db, telegram, sessions, operators, steadySeconds, rate, heap);
            } finally {
                hub.stop();
            }
        }
        System.out.println(out);
    }

    private static void run(StringBuilder out, Started hub, String base, String db, FakeTelegramBotApi telegram, int sessions,
                            int operators, int steadySeconds, int rate, String heap) throws Exception {
        HubClient admin = HubClient.basic(base, "admin", PASSWORD);
        Fixtures fixtures = new Fixtures(admin, telegram, null);
        List<Fixtures.User> staff = new ArrayList<>();
        for (int i = 0; i < operators; i++) {
            staff.add(fixtures.user("Operator " + i));
        }
        long line = fixtures.staffedLine("Capacity", Map.of(), staff, List.of());
        Fixtures.TelegramAccount account = fixtures.telegram(line);
        FakeBot bot = account.bot();

        HttpClient http = HttpClient.newHttpClient();
        AtomicLong frames = new AtomicLong();
        List<WebSocket> sockets = new ArrayList<>();
        for (Fixtures.User u : staff) {
            sockets.add(http.newWebSocketBuilder().header("Authorization", u.api().authorization())
                    .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/api/v1/events"), new Counting(frames))
                    .get(10, TimeUnit.SECONDS));
        }
        line(out, "operators connected", operators + " on the events WebSocket");

        long started = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            long chat = FIRST_CHAT + i;
            bot.enqueueText(chat, chat, "Client" + chat, "hello " + i);
        }
        awaitConfirmed(bot, Duration.ofMinutes(5));
        int open = countOpen(db, line);
        line(out, "sessions", open + " open (asked for " + sessions + "), opened in "
                + seconds(System.nanoTime() - started));

        long steadyStart = System.nanoTime();
        long sent = 0;
        long framesBefore = frames.get();
        while (System.nanoTime() - steadyStart < TimeUnit.SECONDS.toNanos(steadySeconds)) {
            long due = (System.nanoTime() - steadyStart) * rate / 1_000_000_000L;
            for (; sent < due; sent++) {
                long chat = FIRST_CHAT + sent % sessions;
                bot.enqueueText(chat, chat, "Client" + chat, "again " + sent);
            }
            Thread.sleep(5);
        }
        awaitConfirmed(bot, Duration.ofMinutes(2));
        Thread.sleep(2000);
        line(out, "steady load", sent + " more messages over " + steadySeconds + " s; "
                + (frames.get() - framesBefore) + " WebSocket frames to the operators");
        int stored = countMessages(db, line);
        line(out, "messages stored", stored + " (sent " + (sessions + sent) + ")");

        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String pid = Long.toString(hub.process.pid());
        exec(jcmd, pid, "GC.run");
        String info = exec(jcmd, pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.heap_info said: " + info);
        }
        line(out, "heap after a full GC", mb(Long.parseLong(m.group(2))) + " used of " + mb(Long.parseLong(m.group(1)))
                + " reserved (-Xmx" + heap + ")");
        line(out, "hub process resident", residentMb(hub.process.pid()));
        line(out, "hub alive", hub.process.isAlive() ? "yes" : "NO");
        sockets.forEach(s -> s.abort());
        boolean outOfMemory = Files.readString(hub.log).contains("OutOfMemoryError");
        if (outOfMemory || !hub.process.isAlive() || stored != sessions + sent || open != sessions) {
            System.out.println(out);
            throw new IllegalStateException("the hub ran out of memory or lost messages; see " + hub.log);
        }
    }

    private static int countOpen(String db, long line) throws SQLException {
        return count(db, "select count(*) from session where line_id = " + line + " and status <> 'CLOSED'");
    }

    private static int countMessages(String db, long line) throws SQLException {
        return count(db, "select count(*) from message m join session s on s.id = m.session_id where s.line_id = "
                + line + " and m.direction = 'INBOUND'");
    }

    private static int count(String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db, "root", "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void awaitConfirmed(FakeBot bot, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (bot.pendingUpdateCount() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hub did not take every update: " + bot.pendingUpdateCount()
                        + " still pending");
            }
            Thread.sleep(50);
        }
    }

    /** A hub process and how long it took to be ready. */
    private record Started(Process process, long readyNanos, Path log) {
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static Started start(List<String> command, Path log, String base) throws Exception {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited during start; see " + log);
            }
            if (System.nanoTime() - started > TimeUnit.MINUTES.toNanos(3)) {
                process.destroyForcibly();
                throw new IllegalStateException("the hub was not ready within 3 minutes; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new Started(process, System.nanoTime() - started, log);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
    }

    private static String exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return output;
    }

    private static String residentMb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return mb(Long.parseLong(l.replaceAll("\\D", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return "unknown";
    }

    private static String mb(long kb) {
        return String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-24s %s%n", label, value));
        System.out.printf(Locale.ROOT, "%-24s %s%n", label, value);
    }

    /** Counts the frames an operator's socket receives, keeping none. */
    private static final class Counting implements WebSocket.Listener {
        private final AtomicLong frames;

        Counting(AtomicLong frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (last) {
                frames.incrementAndGet();
            }
            webSocket.request(1);
            return null;
        }
    }
}
