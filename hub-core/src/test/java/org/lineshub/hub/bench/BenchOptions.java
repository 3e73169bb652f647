package org.lineshub.hub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the benchmark runs, read from {@code bench.*} system properties (the Maven profile passes {@code -Dbench.*}
 * through). Every option has a default that runs the full measurement; a quick trial only shortens the times.
 *
 * @param scenarios      ways in (and the way out, {@code outbound}) to measure, in this order
 * @param baseline       whether to measure the hand-written baseline service too
 * @param loads          the loads of every scenario, in this order
 * @param scenarioLoads  loads of single scenarios ({@code bench.loads.<scenario>}), overriding {@code loads}
 * @param warmup         closed-loop load before the first measured load of each scenario, not measured
 * @param duration       how long each measured load offers messages
 * @param messages       when positive, how many messages each measured load offers instead of a duration
 * @param chats          the chats (conversations) the messages are spread over; outbound: the sessions replied in
 * @param burstMin       the fewest messages a chat sends (or replies one session gets) at once
 * @param burstMax       the most messages a chat sends (or replies one session gets) at once
 * @param concurrency    closed loop: messages in flight at once (webhook senders, IMAP mails not yet stored, replies
 *                       not yet delivered)
 * @param connections    open loop: HTTP connections (and sending threads) to the webhook or the REST API
 * @param pollWindow     closed loop for polling: updates waiting at the fake Telegram at once
 * @param imapConnections IMAP connections that APPEND the mails
 * @param imapPoll       the email account's poll interval, behind IMAP IDLE
 * @param imapAfterStore the email account's {@code afterStore}: {@code move} or {@code flag-seen}
 * @param maxLag         an open-loop load stops offering once messages wait longer than this
 * @param database       {@code embedded} or {@code external}
 * @param dbUrl          the external server, {@code jdbc:mariadb://host:port/}
 * @param dbUser         its user
 * @param dbPassword     its password (may be empty)
 * @param dbName         the hub's database on the external server, dropped and created at the start
 * @param baselineThreads the baseline's request threads
 * @param baselinePool   the baseline's database connections
 * @param hubUrl         base URL of a running hub, or empty to start one in this JVM
 * @param user           admin of that hub
 * @param password       their password
 * @param dir            where the in-process hub's data directory goes
 * @param plugins        the in-process hub's plugin directory
 * @param routes         the in-process hub's routes directory
 * @param seed           seed of the burst sizes
 * @param drain          outbound: replies posted to each session while its account is stopped, then delivered as one
 *                       backlog to time the outbox alone; 0 leaves that out
 */
record BenchOptions(List<String> scenarios, boolean baseline, List<Load> loads,
                    Map<String, List<Load>> scenarioLoads, Duration warmup, Duration duration, int messages,
                    int chats, int burstMin, int burstMax, int concurrency, int connections, int pollWindow,
                    int imapConnections, int imapPoll, String imapAfterStore, Duration maxLag, String database,
                    String dbUrl, String dbUser, String dbPassword, String dbName, int baselineThreads,
                    int baselinePool, String hubUrl, String user, String password, Path dir, Path plugins,
                    Path routes, long seed, int drain) {

    static final String TELEGRAM_WEBHOOK = "telegram-webhook";
    static final String WHATSAPP_WEBHOOK = "whatsapp-webhook";
    static final String POLLING = "polling";
    static final String IMAP = "imap";
    static final String OUTBOUND = "outbound";
    static final List<String> ALL_SCENARIOS = List.of(TELEGRAM_WEBHOOK, WHATSAPP_WEBHOOK, POLLING, IMAP, OUTBOUND);

    /** Every option there is, so that a misspelt one (or one of an older version) fails instead of being ignored. */
    private static final Set<String> KNOWN = Set.of("scenarios", "baseline", "loads", "warmup", "duration", "messages",
            "chats", "burst", "concurrency", "connections", "pollWindow", "imapConnections", "imapPoll",
            "imapAfterStore", "maxLag", "db", "db.url", "db.user", "db.password", "db.name", "baselineThreads",
            "baselinePool", "hub", "user", "password", "dir", "plugins", "routes", "seed", "main", "drain");
    private static final Duration LONGEST = Duration.ofHours(1);

    /**
     * A load: a fixed offered rate (open loop) or as many as the hub takes (closed loop).
     *
     * @param label  as given, e.g. {@code 100} or {@code max}
     * @param rate   messages per second, or 0 for the closed loop
     */
    record Load(String label, double rate) {

        static final Load MAX = new Load("max", 0);

        boolean closed() {
            return rate <= 0;
        }

        static Load parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.equals("max")) {
                return MAX;
            }
            try {
                double rate = Double.parseDouble(t.replace("_", "").replaceAll("/s$", ""));
                if (rate <= 0) {
                    throw new IllegalArgumentException("a load must be positive: " + text);
                }
                return new Load(t.replaceAll("/s$", ""), rate);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a load is messages per second or max, not " + text, e);
            }
        }
    }

    static BenchOptions fromSystemProperties() {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("bench.")) {
                String name = key.substring("bench.".length());
                boolean scenarioLoads = name.startsWith("loads.") && ALL_SCENARIOS.contains(name.substring(6));
                if (!KNOWN.contains(name) && !scenarioLoads) {
                    throw new IllegalArgumentException("unknown option " + key + " (see the README's Performance "
                            + "section for the options)");
                }
            }
        }
        List<String> scenarios = new ArrayList<>();
        boolean baseline = bool("bench.baseline", true);
        for (String s : list("bench.scenarios", String.join(",", ALL_SCENARIOS))) {
            String name = s.toLowerCase(Locale.ROOT);
            if (name.equals("all")) {
                scenarios.addAll(ALL_SCENARIOS);
            } else if (ALL_SCENARIOS.contains(name)) {
                scenarios.add(name);
            } else if (name.equals("baseline")) {
                // named on its own, the baseline runs whatever bench.baseline says
                baseline = true;
            } else {
                throw new IllegalArgumentException("bench.scenarios: unknown scenario " + s + "; known: "
                        + String.join(", ", ALL_SCENARIOS) + ", baseline");
            }
        }
        Set<String> unique = new LinkedHashSet<>(scenarios);
        List<Load> loads = list("bench.loads", "100,1000,max").stream().map(Load::parse).toList();
        Map<String, List<Load>> scenarioLoads = new HashMap<>();
        for (String s : ALL_SCENARIOS) {
            String given = System.getProperty("bench.loads." + s, "").strip();
            if (!given.isEmpty()) {
                scenarioLoads.put(s, list("bench.loads." + s, given).stream().map(Load::parse).toList());
            }
        }
        String[] burst = System.getProperty("bench.burst", "3-5").strip().split("-");
        int burstMin = Integer.parseInt(burst[0].strip());
        int burstMax = Integer.parseInt(burst[burst.length - 1].strip());
        if (burstMin < 1 || burstMax < burstMin) {
            throw new IllegalArgumentException("bench.burst must be N or MIN-MAX with 1 <= MIN <= MAX");
        }
        String database = System.getProperty("bench.db", "embedded").strip().toLowerCase(Locale.ROOT);
        if (!database.equals("embedded") && !database.equals("external")) {
            throw new IllegalArgumentException("bench.db must be embedded or external, not " + database);
        }
        String dbUrl = System.getProperty("bench.db.url", "jdbc:mariadb://127.0.0.1:3306/").strip();
        if (!dbUrl.endsWith("/")) {
            dbUrl += "/";
        }
        String hubUrl = System.getProperty("bench.hub", "").strip().replaceAll("/+$", "");
        String password = System.getProperty("bench.password", "");
        if (!hubUrl.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException("bench.hub needs bench.password (and bench.user unless admin)");
        }
        String afterStore = System.getProperty("bench.imapAfterStore", "move").strip();
        if (!afterStore.equals("move") && !afterStore.equals("flag-seen")) {
            throw new IllegalArgumentException("bench.imapAfterStore must be move or flag-seen, not " + afterStore);
        }
        Duration warmup = atMostAnHour(duration("bench.warmup", Duration.ofSeconds(60)), "bench.warmup");
        return new BenchOptions(List.copyOf(unique), baseline, loads, scenarioLoads, warmup,
                positive(atMostAnHour(duration("bench.duration", Duration.ofSeconds(60)), "bench.duration"),
                        "bench.duration"),
                number("bench.messages", 0), positive("bench.chats", 500), burstMin, burstMax,
                positive("bench.concurrency", 64), positive("bench.connections", 64),
                positive("bench.pollWindow", 1000), positive("bench.imapConnections", 4),
                positive("bench.imapPoll", 5), afterStore,
                positive(duration("bench.maxLag", Duration.ofSeconds(5)), "bench.maxLag"), database, dbUrl,
                System.getProperty("bench.db.user", "root"), System.getProperty("bench.db.password", ""),
                System.getProperty("bench.db.name", "lines_bench").strip(),
                positive("bench.baselineThreads", 32), positive("bench.baselinePool", 16), hubUrl,
                System.getProperty("bench.user", "admin"), password,
                Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(),
                directory("bench.plugins", "data/plugins", "hub-core/target/it-plugins", "../data/plugins",
                        "target/it-plugins"),
                directory("bench.routes", "routes", "../routes"),
                Long.parseLong(System.getProperty("bench.seed", "20250601").strip()), number("bench.drain", 10));
    }

    /** @return the loads of a scenario */
    List<Load> loadsOf(String scenario) {
        return scenarioLoads.getOrDefault(scenario, loads);
    }

    boolean externalDatabase() {
        return database.equals("external");
    }

    /** @return how the loads are sized, for the report */
    String sizing() {
        return messages > 0 ? messages + " messages per load" : seconds(duration) + " per load";
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static List<String> list(String name, String defaultValue) {
        List<String> items = new ArrayList<>();
        for (String s : System.getProperty(name, defaultValue).split(",")) {
            if (!s.isBlank()) {
                items.add(s.strip());
            }
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException(name + " must name at least one item");
        }
        return items;
    }

    private static boolean bool(String name, boolean defaultValue) {
        String value = System.getProperty(name, "").strip();
        return value.isEmpty() ? defaultValue : Boolean.parseBoolean(value);
    }

    /** Seconds ({@code 60}), or a number with {@code ms}, {@code s} or {@code m}. */
    private static Duration duration(String name, Duration defaultValue) {
        String value = System.getProperty(name, "").strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).strip()));
            }
            if (value.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)
                        .strip()) * 60_000));
            }
            String seconds = value.endsWith("s") ? value.substring(0, value.length() - 1).strip() : value;
            Duration d = Duration.ofMillis(Math.round(Double.parseDouble(seconds) * 1000));
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be seconds (60, 2.5s, 500ms, 1m), not " + value, e);
        }
    }

    private static Duration positive(Duration d, String name) {
        if (d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    private static Duration atMostAnHour(Duration d, String name) {
        if (d.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(name + " is a time in seconds (60, 2.5s, 500ms, 1m); "
                    + d.toSeconds() + " s is more than an hour");
        }
        return d;
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
