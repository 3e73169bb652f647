package org.lineshub.hub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.lineshub.hub.bench.LoadResult.Percentiles;

/**
 * Prints the figures: a block per load as it finishes, and at the end one markdown table of every load of the ways
 * in, the hub against the baseline, a table of the replies' loads (the way out, which has no baseline), and the
 * machine they ran on.
 */
final class BenchReport {

    private final List<LoadResult> results = new ArrayList<>();
    private final Map<String, ExactlyOnce.Result> checks = new LinkedHashMap<>();
    private final Map<String, OutboundReplies.Result> replyChecks = new LinkedHashMap<>();
    private final Map<String, OutboundReplies.Backlog> backlogs = new LinkedHashMap<>();
    private final Map<String, String> timings = new LinkedHashMap<>();

    /** Prints a load's block and keeps its figures for the table. */
    void load(LoadResult r, String timing) {
        results.add(r);
        if (!replies(r)) {
            timings.putIfAbsent(r.scenario(), timing);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n-- %s (%s), load %s --%n", r.scenario(), r.target(),
                r.load().closed() ? "max" : r.load().label() + "/s"));
        line(out, "offered", r.notes().get(0));
        if (replies(r)) {
            line(out, "delivered", String.format(Locale.ROOT, "%.0f replies/s (by quarter of the replies: %s)",
                    r.throughput(), r.quarters()));
            line(out, "deliv. in", new Percentiles(r.stored()).summary() + "  (" + timing + ")");
            line(out, "API answer", new Percentiles(r.answered()).summary() + "  (REST request -> its 201, the reply "
                    + "stored as PENDING)");
            if (r.fromDue() != null) {
                line(out, "due->", new Percentiles(r.fromDue()).summary() + "  (from the reply being due to "
                        + "delivered: includes waiting for a free connection)");
            }
        } else {
            line(out, "stored", String.format(Locale.ROOT, "%.0f messages/s (by quarter of the messages: %s)",
                    r.throughput(), r.quarters()));
            line(out, "stored in", new Percentiles(r.stored()).summary() + "  (" + timing + ")");
            if (r.fromDue() != null) {
                line(out, "queued->", new Percentiles(r.fromDue()).summary()
                        + "  (from the update being queued at the fake Telegram to stored)");
            }
        }
        if (r.pushed() != null) {
            line(out, "event in", new Percentiles(r.pushed()).summary() + "  (receipt -> message.created on the "
                    + "operator's WebSocket)" + (r.missingPushes() > 0 ? "; " + r.missingPushes()
                    + " events never came" : ""));
        }
        line(out, "answers", String.format(Locale.ROOT, "non-2xx %d (5xx %d), I/O errors %d; each retried",
                r.non2xx(), r.status5xx(), r.ioErrors()));
        for (String note : r.notes().subList(1, r.notes().size())) {
            line(out, "", note);
        }
        System.out.print(out);
        System.out.flush();
    }

    /** Prints a warm-up's one line. */
    void warmup(LoadResult r) {
        String unit = replies(r) ? "replies" : "messages";
        System.out.printf(Locale.ROOT, "%n-- %s (%s), warm-up: %d %s, %.0f %s/s, closed loop, not measured --%n",
                r.scenario(), r.target(), r.messages(), unit, r.throughput(), unit);
        System.out.flush();
    }

    /**
     * Prints and keeps a scenario's exactly-once check.
     *
     * @param duplicateEvents {@code message.created} events that came again for a message already announced
     */
    void check(String scenario, String target, ExactlyOnce.Result check, long duplicateEvents) {
        checks.put(scenario, check);
        System.out.printf(Locale.ROOT, "%n-- %s (%s), exactly once: %s%s%s --%n", scenario, target, check.summary(),
                duplicateEvents > 0 ? "; " + duplicateEvents + " events came twice" : "", check.ok() ? "" : "  FAILED");
        System.out.flush();
    }

    /** Prints and keeps the check of the replies: sent exactly once, recorded as sent, in each session's order. */
    void outbound(String scenario, OutboundReplies.Result check) {
        replyChecks.put(scenario, check);
        System.out.printf(Locale.ROOT, "%n-- %s (hub), exactly once and in order: %s%s --%n", scenario,
                check.summary(), check.ok() ? "" : "  FAILED");
        System.out.flush();
    }

    void backlog(String scenario, OutboundReplies.Backlog backlog) {
        backlogs.put(scenario, backlog);
        System.out.printf(Locale.ROOT, "%n-- %s (hub), the outbox alone: %s%s --%n", scenario, backlog.summary(),
                backlog.ok() ? "" : "  FAILED");
        System.out.flush();
    }

    /** @return whether every scenario stored every message, or sent every reply in order, exactly once */
    boolean allChecksPassed() {
        return checks.values().stream().allMatch(ExactlyOnce.Result::ok)
                && replyChecks.values().stream().allMatch(OutboundReplies.Result::ok)
                && backlogs.values().stream().allMatch(OutboundReplies.Backlog::ok);
    }

    /** @return the checks that failed, for the exit message */
    String failures() {
        List<String> failed = new ArrayList<>();
        checks.forEach((k, v) -> {
            if (!v.ok()) {
                failed.add(k + ": " + v.summary());
            }
        });
        replyChecks.forEach((k, v) -> {
            if (!v.ok()) {
                failed.add(k + ": " + v.summary());
            }
        });
        backlogs.forEach((k, v) -> {
            if (!v.ok()) {
                failed.add(k + " backlog: " + v.summary());
            }
        });
        return String.join("; ", failed);
    }

    /** Prints the summary table, the comparison with the baseline and the machine. */
    void summary(BenchOptions options, BenchHub hub, String databaseVersion) {
        StringBuilder out = new StringBuilder("\n==== Lines hub intake benchmark ====\n\n");
        out.append(String.format(Locale.ROOT, "hub %s; database: %s; %s after a %s closed-loop warm-up per "
                        + "scenario; %d chats, bursts of %d-%d messages per chat; closed loop: %d in flight "
                        + "(polling: %d queued); open loop: %d connections%n%n", hub.where(),
                hub.database() == null ? "the hub's own" : hub.database().describe(), options.sizing(),
                BenchOptions.seconds(options.warmup()), options.chats(), options.burstMin(), options.burstMax(),
                options.concurrency(), options.pollWindow(), options.connections()));
        intake(out);
        comparison(out);
        replies(out, options);
        out.append("\nmachine: ").append(machine(databaseVersion)).append('\n');
        out.append("====================================\n");
        System.out.print(out);
        System.out.flush();
    }

    /** The ways in: every load of the hub's scenarios and the baseline. */
    private void intake(StringBuilder out) {
        if (results.stream().allMatch(BenchReport::replies)) {
            return;
        }
        out.append("| scenario | load | messages | stored msg/s | stored p50 | p99 | p99.9 | event p50 | p99 | "
                + "p99.9 | non-2xx (5xx) | exactly once |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (LoadResult r : results) {
            if (replies(r)) {
                continue;
            }
            Percentiles stored = new Percentiles(r.stored());
            Percentiles pushed = new Percentiles(r.pushed());
            ExactlyOnce.Result check = checks.get(r.scenario());
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    label(r), r.load().closed() ? "max" : r.load().label() + "/s", r.messages(),
                    String.format(Locale.ROOT, "%.0f", r.throughput()) + (r.overloaded() ? " (overloaded)" : ""),
                    Percentiles.ms(stored.at(50)), Percentiles.ms(stored.at(99)), Percentiles.ms(stored.at(99.9)),
                    Percentiles.ms(pushed.at(50)), Percentiles.ms(pushed.at(99)), Percentiles.ms(pushed.at(99.9)),
                    answers(r), check == null ? "-" : check.ok() ? "yes" : "NO: " + check.summary()));
        }
        out.append("\nLatencies in ms, nearest rank. \"stored\" runs from receipt to stored, \"event\" from receipt "
                + "to the operator's WebSocket event:\n");
        timings.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
    }

    /** The hub's scenarios against the baseline at the same loads: throughput and p99, and their ratios. */
    private void comparison(StringBuilder out) {
        Map<String, LoadResult> baseline = new LinkedHashMap<>();
        for (LoadResult r : results) {
            if (r.target().equals("baseline")) {
                baseline.put(r.scenario() + " " + r.load().label(), r);
            }
        }
        StringBuilder rows = new StringBuilder();
        for (LoadResult r : results) {
            LoadResult b = baseline.get(baselineOf(r.scenario()) + " " + r.load().label());
            if (r.target().equals("baseline") || b == null || replies(r)) {
                continue;
            }
            long hubP99 = new Percentiles(r.stored()).at(99);
            long baseP99 = new Percentiles(b.stored()).at(99);
            rows.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %s | %s | %s | %s |%n", r.scenario(),
                    r.load().closed() ? "max" : r.load().label() + "/s", r.throughput(), b.throughput(),
                    r.load().closed() ? ratio(r.throughput(), b.throughput()) : "(offered)",
                    Percentiles.ms(hubP99), Percentiles.ms(baseP99), ratio(hubP99, baseP99)));
        }
        if (rows.isEmpty()) {
            return;
        }
        out.append("\nThe hub against the baseline on the same database server, load generator and messages: "
                + "webhooks and polling against a hand-written Telegram webhook receiver, imap against a hand-written "
                + "IMAP reader of the same GreenMail:\n\n");
        out.append("| scenario | load | hub msg/s | baseline msg/s | hub/baseline | hub p99 | baseline p99 | "
                + "hub/baseline |\n|---|---|--:|--:|--:|--:|--:|--:|\n").append(rows);
    }

    /** The replies' loads: the way out has no baseline to compare with. */
    private void replies(StringBuilder out, BenchOptions options) {
        if (results.stream().noneMatch(BenchReport::replies)) {
            return;
        }
        out.append(String.format(Locale.ROOT, "%nReplies posted to the REST API in %d sessions, %d-%d to one session "
                        + "at a time, and delivered by the outbox to the fake Bot API (no baseline). \"delivered\" runs "
                        + "from the REST request's start to the fake receiving the sendMessage, \"API\" is the "
                        + "request's round trip (201 once the reply is stored as PENDING); latencies in ms:%n%n",
                options.chats(), options.burstMin(), options.burstMax()));
        out.append("| scenario | load | replies | delivered/s | delivered p50 | p99 | p99.9 | API p50 | p99 | p99.9 | "
                + "non-2xx (5xx) | exactly once, in order |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (LoadResult r : results) {
            if (!replies(r)) {
                continue;
            }
            Percentiles delivered = new Percentiles(r.stored());
            Percentiles answered = new Percentiles(r.answered());
            OutboundReplies.Result check = replyChecks.get(r.scenario());
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.scenario(), r.load().closed() ? "max" : r.load().label() + "/s", r.messages(),
                    String.format(Locale.ROOT, "%.0f", r.throughput()) + (r.overloaded() ? " (overloaded)" : ""),
                    Percentiles.ms(delivered.at(50)), Percentiles.ms(delivered.at(99)),
                    Percentiles.ms(delivered.at(99.9)), Percentiles.ms(answered.at(50)),
                    Percentiles.ms(answered.at(99)), Percentiles.ms(answered.at(99.9)), answers(r),
                    check == null ? "-" : check.ok() ? "yes" : "NO: " + check.summary()));
        }
    }

    /** @return whether a load's messages are replies, whose API answers are timed apart from their delivery */
    private static boolean replies(LoadResult r) {
        return r.answered() != null;
    }

    private static String ratio(double a, double b) {
        return a <= 0 || b <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String label(LoadResult r) {
        if (!r.target().equals("baseline")) {
            return r.scenario();
        }
        return r.scenario().equals(IntakeBenchmark.IMAP_BASELINE) ? "baseline (IMAP reader)"
                : "baseline (telegram-shaped webhook)";
    }

    /** @return the scenario name of the baseline a hub scenario is measured against */
    private static String baselineOf(String scenario) {
        return scenario.equals(BenchOptions.IMAP) ? IntakeBenchmark.IMAP_BASELINE : "baseline";
    }

    private static String answers(LoadResult r) {
        String s = r.non2xx() + " (" + r.status5xx() + ")";
        return r.ioErrors() > 0 ? s + ", " + r.ioErrors() + " I/O errors" : s;
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-10s %s%n", label, value));
    }

    /** @return CPU model, cores, memory, JDK, OS and database server version */
    static String machine(String databaseVersion) {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%s, %d cores, %d GB RAM; %s %s, max heap %d MB; %s %s %s; MariaDB %s",
                cpuModel(), rt.availableProcessors(), totalMemoryGb(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), rt.maxMemory() >> 20, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), databaseVersion);
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
