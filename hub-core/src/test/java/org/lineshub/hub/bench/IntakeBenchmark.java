package org.lineshub.hub.bench;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.FakeTelegramBotApi;
import org.lineshub.whatsapp.fake.FakeGraphApi;

/**
 * Measures the hub's intake: how many client messages per second a hub stores, how long each takes from receipt to
 * stored and to the operator's screen, and whether each was stored exactly once; next to a minimal hand-written
 * service doing the least that storing a message takes, on the same database server, with the same load. And the
 * way out: how many operators' replies per second the hub delivers to a platform, how long each takes, and whether
 * each was delivered exactly once and in its session's order. Run it with
 * {@code ./mvnw -B -q -Pbench -DskipTests verify} (see the README for the options); it is a program, not a test, so
 * its figures are printed, never asserted. It exits non-zero when a message was lost or stored twice, or a reply was
 * lost, sent twice, not recorded as sent or sent out of order.
 *
 * <p>The hub is started in this JVM like the README's first command (or reached at {@code bench.hub}); fakes of the
 * platforms run on 127.0.0.1, and an admin listens to the hub's events WebSocket. Scenarios, each on its own line
 * and channel account, one after another:
 * <ul>
 *   <li>{@code telegram-webhook}: updates posted to a Telegram account's webhook ({@link TelegramWebhookIntake});</li>
 *   <li>{@code whatsapp-webhook}: signed notifications posted to the shared WhatsApp webhook
 *   ({@link WhatsAppWebhookIntake});</li>
 *   <li>{@code polling}: updates a Telegram account long-polls from the fake Bot API ({@link TelegramPollingIntake});</li>
 *   <li>{@code imap}: mails APPENDed to a GreenMail mailbox an email account watches with IMAP IDLE
 *   ({@link ImapIntake});</li>
 *   <li>{@code outbound}: replies posted to the REST API in sessions of a polling Telegram account, delivered by the
 *   hub's outbox to the fake Bot API ({@link OutboundReplies});</li>
 *   <li>then the baseline ({@link BaselineService}) with the Telegram webhook's requests.</li>
 * </ul>
 * Each scenario runs a closed-loop warm-up (not measured), then each load of {@code bench.loads}
 * ({@link LoadDriver}), then reads back what was stored ({@link ExactlyOnce}); for {@code outbound}, what the fake
 * received and what the hub recorded ({@link OutboundReplies#check}). {@link BenchReport} prints the figures; the
 * replies have a table of their own, without a baseline.
 */
public final class IntakeBenchmark {

    /** The WhatsApp Business Account the benchmark's number belongs to. */
    private static final String WABA = "102290129340398";

    private final BenchOptions options;
    private final BenchHub hub;
    private final FakeTelegramBotApi telegram;
    private final Ledger ledger;
    private final BenchReport report;
    private final String runTag = Long.toString(System.currentTimeMillis(), 36);
    private int bots;

    private IntakeBenchmark(BenchOptions options, BenchHub hub, FakeTelegramBotApi telegram, Ledger ledger,
                            BenchReport report) {
        this.options = options;
        this.hub = hub;
        this.telegram = telegram;
        this.ledger = ledger;
        this.report = report;
    }

    /**
     * Runs the benchmark with the options from system properties and prints the figures.
     *
     * @param args ignored
     * @throws Exception when the benchmark cannot run, or a message was lost or stored twice
     */
    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.fromSystemProperties();
        requirePlugins(options);
        BenchReport report = new BenchReport();
        Ledger ledger = new Ledger();
        BenchDatabase external = options.externalDatabase() ? BenchDatabase.external(options) : null;
        try (FakeTelegramBotApi telegram = FakeTelegramBotApi.start();
             BenchHub hub = BenchHub.start(options, external)) {
            try {
                new IntakeBenchmark(options, hub, telegram, ledger, report).run();
            } finally {
                // also when a scenario failed: what was measured until then
                BenchDatabase database = hub.database() != null ? hub.database() : external;
                report.summary(options, hub, database == null ? "unknown" : database.version());
            }
        }
        if (!report.allChecksPassed()) {
            throw new IllegalStateException("the hub did not store every message, or send every reply, exactly once "
                    + "(and replies in order): " + report.failures());
        }
    }

    private static void requirePlugins(BenchOptions options) {
        for (String scenario : options.scenarios()) {
            BenchHub.requirePlugins(options, switch (scenario) {
                case BenchOptions.WHATSAPP_WEBHOOK -> "whatsapp.jar";
                case BenchOptions.IMAP -> "email.jar";
                default -> "telegram.jar";
            });
        }
    }

    /** The scenario name of the hand-written IMAP reader, the baseline of {@code imap}. */
    static final String IMAP_BASELINE = "imap-baseline";

    private void run() throws Exception {
        try (EventWatcher events = new EventWatcher(hub.base(), hub.admin().authorization(), ledger)) {
            LoadDriver driver = new LoadDriver(options, ledger, true);
            for (String scenario : options.scenarios()) {
                if (scenario.equals(BenchOptions.OUTBOUND)) {
                    outbound();
                    continue;
                }
                Scenario s = switch (scenario) {
                    case BenchOptions.TELEGRAM_WEBHOOK -> telegramWebhook();
                    case BenchOptions.WHATSAPP_WEBHOOK -> whatsAppWebhook();
                    case BenchOptions.POLLING -> polling();
                    case BenchOptions.IMAP -> imap();
                    default -> throw new IllegalArgumentException(scenario);
                };
                ledger.pushMeansStored(scenario.equals(BenchOptions.IMAP));
                try (Intake intake = s.intake()) {
                    measure(driver, intake, "hub", options.loadsOf(scenario), s.readBack());
                } finally {
                    ledger.pushMeansStored(false);
                }
                if (events.closedBecause() != null) {
                    throw new IllegalStateException("the hub closed the events WebSocket: " + events.closedBecause());
                }
            }
        }
        if (options.baseline()) {
            baseline();
        }
    }

    /**
     * A scenario ready to run.
     *
     * @param intake   the way in
     * @param readBack hands every stored client message's text of the scenario to the check
     */
    private record Scenario(Intake intake, Consumer<ExactlyOnce> readBack) {
    }

    private void measure(LoadDriver driver, Intake intake, String target, List<BenchOptions.Load> loads,
                         Consumer<ExactlyOnce> readBack) throws Exception {
        long first = ledger.nextSeq();
        long duplicateEvents = ledger.duplicatePushes();
        offer(driver, intake, target, loads);
        ExactlyOnce check = new ExactlyOnce(ledger, first, ledger.nextSeq());
        readBack.accept(check);
        report.check(intake.name(), target, check.result(), ledger.duplicatePushes() - duplicateEvents);
    }

    /** Offers the warm-up, then each load, and reports each. */
    private void offer(LoadDriver driver, Intake intake, String target, List<BenchOptions.Load> loads)
            throws Exception {
        ChatPlan plan = new ChatPlan(options);
        Map<String, String> cpu = new LinkedHashMap<>(intake.storingThreads());
        cpu.put("load generator", "bench-");
        if (!options.warmup().isZero()) {
            report.warmup(driver.run(intake, plan, target, BenchOptions.Load.MAX, options.warmup(), 0, cpu));
        }
        for (BenchOptions.Load load : loads) {
            intake.note();
            LoadResult result = driver.run(intake, plan, target, load, options.duration(), options.messages(), cpu);
            String note = intake.note();
            if (note != null) {
                result.notes().add(note);
            }
            report.load(result, intake.timing());
        }
    }

    // ---- scenarios ---------------------------------------------------------------------------------------------

    private Scenario telegramWebhook() throws InterruptedException {
        long line = hub.line("Benchmark telegram-webhook " + runTag);
        FakeBot bot = bot();
        JsonNode account = telegramAccount(bot, line, "webhook");
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
        long id = account.get("id").asLong();
        return new Scenario(new TelegramWebhookIntake(BenchOptions.TELEGRAM_WEBHOOK, URI.create(hub.base() + path),
                bot.webhookSecret(), options, () -> hub.deleteAccount(id)), check -> hub.readBack(line, check));
    }

    private Scenario polling() {
        long line = hub.line("Benchmark polling " + runTag);
        FakeBot bot = bot();
        long id = telegramAccount(bot, line, "polling").get("id").asLong();
        return new Scenario(new TelegramPollingIntake(bot, ledger, options, () -> hub.deleteAccount(id)),
                check -> hub.readBack(line, check));
    }

    /**
     * Replies: sessions of a Telegram account that long-polls the fake (so the way in costs the loads nothing), the
     * replies posted to the REST API and delivered by the outbox; no events are timed, the fake times the deliveries.
     */
    private void outbound() throws Exception {
        long line = hub.line("Benchmark outbound " + runTag);
        FakeBot bot = bot();
        long id = telegramAccount(bot, line, "polling").get("id").asLong();
        OutboundReplies replies;
        try {
            replies = OutboundReplies.open(hub, bot, id, line, ledger, options, runTag, () -> hub.deleteAccount(id));
        } catch (RuntimeException | InterruptedException e) {
            hub.deleteAccount(id);
            throw e;
        }
        try (replies) {
            long first = ledger.nextSeq();
            offer(new LoadDriver(options, ledger, false), replies, "hub", options.loadsOf(BenchOptions.OUTBOUND));
            report.outbound(replies.name(), replies.check(first, ledger.nextSeq()));
            if (options.drain() > 0) {
                report.backlog(replies.name(), replies.drain(options.drain(), options.concurrency()));
            }
        }
    }

    private FakeBot bot() {
        long stamp = System.currentTimeMillis() % 1_000_000_000L * 10 + (++bots);
        return telegram.bot(stamp + ":AAbench" + runTag + "x0123456789abcdef" + bots);
    }

    private JsonNode telegramAccount(FakeBot bot, long line, String mode) {
        Map<String, Object> settings = new HashMap<>(Map.of("botToken", bot.token(), "apiBaseUrl",
                telegram.baseUrl(), "mode", mode, "pollTimeoutSeconds", 1));
        return hub.account("telegram", "benchmark " + mode + " bot " + runTag, line, settings);
    }

    private Scenario whatsAppWebhook() {
        long line = hub.line("Benchmark whatsapp-webhook " + runTag);
        // ids unique per run, so that a hub that keeps its data never has two accounts for one number
        String number = "1065" + (System.currentTimeMillis() % 100_000_000_000L);
        String accessToken = "EAAJbench" + runTag + "ZDZD";
        String appSecret = "6f1d2b0c9a8e7d6c5b4a3928" + runTag;
        FakeGraphApi graph = FakeGraphApi.start().phoneNumber(number, accessToken);
        try {
            Map<String, Object> settings = new HashMap<>();
            settings.put("phoneNumberId", number);
            settings.put("accessToken", accessToken);
            settings.put("appSecret", appSecret);
            settings.put("verifyToken", "lines-bench-" + runTag);
            settings.put("apiBaseUrl", graph.baseUrl());
            long id = hub.account("whatsapp", "benchmark number " + runTag, line, settings).get("id").asLong();
            return new Scenario(new WhatsAppWebhookIntake(URI.create(hub.base() + "/webhooks/shared/whatsapp"),
                    WABA, number, appSecret, runTag, options, () -> {
                        hub.deleteAccount(id);
                        graph.close();
                    }), check -> hub.readBack(line, check));
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    private Scenario imap() {
        long line = hub.line("Benchmark imap " + runTag);
        BenchMailServer mail = new BenchMailServer();
        mail.start();
        try {
            String address = "support@bench.example";
            mail.setUser(address, "support", "support-pw");
            Map<String, Object> s = new HashMap<>();
            s.put("imapHost", "127.0.0.1");
            s.put("imapPort", mail.imapPort());
            s.put("imapSecurity", "none");
            s.put("imapUser", "support");
            s.put("imapPassword", "support-pw");
            s.put("smtpHost", "127.0.0.1");
            s.put("smtpPort", mail.smtpPort());
            s.put("smtpSecurity", "none");
            s.put("fromAddress", address);
            // new mail is announced by IMAP IDLE; the poll only backs it up, for when GreenMail drops the IDLE
            // connection (see BenchMailServer) and no new mail comes to announce what arrived meanwhile
            s.put("useIdle", true);
            s.put("pollIntervalSeconds", options.imapPoll());
            // GreenMail's commands cost time in proportion to the folder's size, so with mail flagged seen and left
            // in INBOX it would soon measure GreenMail; moved, INBOX holds only what is not stored yet
            s.put("afterStore", options.imapAfterStore());
            long id = hub.account("email", "benchmark mailbox " + runTag, line, s).get("id").asLong();
            return new Scenario(new ImapIntake(BenchOptions.IMAP, "127.0.0.1", mail.imapPort(), "support", "support-pw",
                    address, runTag, options, () -> {
                        hub.deleteAccount(id);
                        mail.stop();
                    }), check -> hub.readBack(line, check));
        } catch (RuntimeException e) {
            mail.stop();
            throw e;
        }
    }

    private void baseline() throws Exception {
        BenchDatabase database = hub.database();
        if (database == null) {
            database = options.externalDatabase() ? BenchDatabase.external(options) : null;
        }
        if (database == null) {
            System.out.println("\n-- baseline skipped: the database server of a hub given with bench.hub is not "
                    + "known; use -Dbench.db=external (and bench.db.url) for the server it uses --");
            return;
        }
        List<String> scenarios = options.scenarios();
        boolean onlyMail = !scenarios.isEmpty() && scenarios.stream()
                .allMatch(s -> s.equals(BenchOptions.IMAP) || s.equals(BenchOptions.OUTBOUND));
        if (!onlyMail) {
            webhookBaseline(database);
        }
        if (scenarios.contains(BenchOptions.IMAP)) {
            mailBaseline(database);
        }
    }

    /** The hand-written webhook receiver, with the {@code telegram-webhook} loads and bodies. */
    private void webhookBaseline(BenchDatabase database) throws Exception {
        String secret = "bench-baseline-secret-" + runTag;
        try (BaselineStore store = new BaselineStore(database, options.baselinePool());
             BaselineService service = new BaselineService(store, options.baselineThreads(), secret)) {
            LoadDriver driver = new LoadDriver(options, ledger, false);
            try (Intake intake = new TelegramWebhookIntake("baseline", service.url(), secret, options, () -> { })) {
                measure(driver, intake, "baseline", options.loadsOf(BenchOptions.TELEGRAM_WEBHOOK),
                        check -> store.texts(check::found));
            }
        }
    }

    /** The hand-written IMAP reader, with the {@code imap} loads, mails and load generator, on its own GreenMail. */
    private void mailBaseline(BenchDatabase database) throws Exception {
        BenchMailServer mail = new BenchMailServer();
        mail.start();
        try (BaselineStore store = new BaselineStore(database, options.baselinePool());
             BaselineMailReader reader = new BaselineMailReader(store, ledger, "127.0.0.1", mail.imapPort(),
                     "support", "support-pw")) {
            mail.setUser("support@bench.example", "support", "support-pw");
            LoadDriver driver = new LoadDriver(options, ledger, false);
            try (Intake intake = new ImapIntake(IMAP_BASELINE, "127.0.0.1", mail.imapPort(), "support",
                    "support-pw", "support@bench.example", runTag, options, () -> { })) {
                measure(driver, intake, "baseline", options.loadsOf(BenchOptions.IMAP),
                        check -> store.texts(check::found));
            }
        } finally {
            mail.stop();
        }
    }
}
