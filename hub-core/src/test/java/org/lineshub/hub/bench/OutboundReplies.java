package org.lineshub.hub.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.lineshub.hub.support.HubClient;
import org.lineshub.telegram.fake.FakeBot;
import org.lineshub.telegram.fake.SentRecord;

/**
 * The way out: operators' replies posted to the REST API ({@code POST /api/v1/sessions/{id}/messages}, answered 201
 * with the reply stored as PENDING), which the hub's outbox sends through the Telegram plugin to the fake Bot API.
 * Before the loads, each of {@code bench.chats} chats writes once to a Telegram account that long-polls the fake, which
 * opens a session per chat; the loads then reply in those sessions, a burst of several replies to one session at a
 * time, posted concurrently on different connections, as an operator typing quickly or several colleagues would.
 *
 * <p>A reply is <i>delivered</i> when the fake received its {@code sendMessage} ({@link FakeBot#onSent}), timed from
 * the start of the REST request; the REST answer is timed too. The benchmark's admin supervises every line, so it
 * may answer queued sessions without taking them (taking is for operators of the line, up to their limit of
 * sessions). It authenticates with its API token, not HTTP Basic, whose BCrypt check per request would be measured
 * instead of the hub. Each reply's text names the run, the chat and the reply's number ({@link #text}), which is how
 * the fake's record is matched (the platform gets it after the operator's name where the line shows that); after the
 * loads {@link #check} finds out whether each was sent exactly once, is SENT in the hub and reached its chat in the
 * order the API accepted the session's replies.
 */
final class OutboundReplies implements Intake {

    /** Chat ids start above this: clients of their own, apart from the intake scenarios' chats. */
    static final long FIRST_CHAT = TelegramWebhookIntake.FIRST_CHAT + 500_000_000L;
    private static final Duration SET_UP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SENT_TIMEOUT = Duration.ofSeconds(60);
    private static final int PAGE = 500;

    private final HubClient admin;
    private final FakeBot bot;
    private final Ledger ledger;
    private final BenchOptions options;
    private final String runTag;
    private final Runnable onClose;
    private final URI base;
    private final String authorization;
    /** The session of each chat, by the chat's index. */
    private final long[] sessions;
    private final Pattern reply;
    private final Pattern backlogReply;
    private final long accountId;
    /** When the fake received each reply of the backlog ({@link #drain}), in the order it did. */
    private volatile long[] backlogArrivals = new long[0];
    private final AtomicInteger backlogReceived = new AtomicInteger();
    private int sendsBefore;

    private OutboundReplies(BenchHub hub, FakeBot bot, Ledger ledger, BenchOptions options, String runTag,
                            Runnable onClose, long[] sessions, long accountId) {
        this.admin = hub.admin();
        this.bot = bot;
        this.ledger = ledger;
        this.options = options;
        this.runTag = runTag;
        this.onClose = onClose;
        this.base = URI.create(hub.base());
        this.authorization = "Authorization: " + hub.admin().authorization() + "\r\n";
        this.sessions = sessions;
        this.reply = Pattern.compile("(?:^|\\n)bench reply " + Pattern.quote(runTag)
                + " c(\\d{1,9}) m(\\d{1,18})$");
        this.backlogReply = Pattern.compile("(?:^|\\n)bench backlog " + Pattern.quote(runTag)
                + " c(\\d{1,9}) m(\\d{1,9})$");
        this.accountId = accountId;
        this.sendsBefore = bot.calls("sendMessage");
        bot.onSent(this::received);
    }

    /**
     * Opens a session for each chat: every chat writes once, and the sessions are looked up once the hub stored all.
     *
     * @param hub     the hub
     * @param bot     the fake bot a polling Telegram account of {@code line} reads
     * @param account that account
     * @param line    that account's line
     * @param ledger  the run's ledger
     * @param options the options
     * @param runTag  the run's tag, in every text
     * @param onClose what closing frees (the account)
     * @return the scenario, ready for the loads
     */
    static OutboundReplies open(BenchHub hub, FakeBot bot, long account, long line, Ledger ledger,
                                BenchOptions options, String runTag, Runnable onClose) throws InterruptedException {
        int chats = options.chats();
        String opening = "bench open " + runTag + " c";
        for (int c = 0; c < chats; c++) {
            bot.enqueueText(FIRST_CHAT + c, FIRST_CHAT + c, "Bench" + c, opening + c);
        }
        long deadline = System.nanoTime() + SET_UP_TIMEOUT.toNanos();
        // the hub confirms updates with its next getUpdates, after they were committed
        while (bot.pendingUpdateCount() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("outbound: the hub did not store the chats' first messages within "
                        + SET_UP_TIMEOUT.toMinutes() + " min; " + bot.pendingUpdateCount() + " left");
            }
            Thread.sleep(20);
        }
        long[] sessions = new long[chats];
        int found = 0;
        HubClient admin = hub.admin();
        for (String next = "/api/v1/sessions?lineId=" + line + "&sort=created&limit=200"; next != null; ) {
            HubClient.Page page = admin.getPage(next);
            for (JsonNode session : page.body()) {
                long id = session.get("id").asLong();
                JsonNode first = admin.get("/api/v1/sessions/" + id + "/messages?limit=1").ok();
                String text = first.path(0).path("text").asText("");
                int chat = text.startsWith(opening) ? Integer.parseInt(text.substring(opening.length())) : -1;
                if (chat < 0 || chat >= chats || sessions[chat] != 0) {
                    throw new IllegalStateException("outbound: session " + id + " of the benchmark's line did not "
                            + "start with one chat's first message: " + first);
                }
                sessions[chat] = id;
                found++;
            }
            next = page.next();
        }
        if (found != chats) {
            throw new IllegalStateException("outbound: " + chats + " chats wrote, but the line has " + found
                    + " sessions");
        }
        return new OutboundReplies(hub, bot, ledger, options, runTag, onClose, sessions, account);
    }

    /** @return a reply's text: the run, the chat's index and the reply's number */
    private String text(int chat, long seq) {
        return "bench reply " + runTag + " c" + chat + " m" + seq;
    }

    /**
     * @param text a reply's text as the hub shows it, or as the platform received it: after the operator's name
     *             where the line shows it
     * @return the number a reply's text of this run carries, or -1
     */
    private long seqOf(String text) {
        Matcher m = text == null ? null : reply.matcher(text);
        return m != null && m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    /** @return the chat's index a reply's text of this run names, or -1 */
    private int chatOf(String text) {
        Matcher m = text == null ? null : reply.matcher(text);
        return m != null && m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The fake received a message the bot sends: the reply it carries is delivered. */
    private void received(SentRecord record) {
        long now = System.nanoTime();
        long seq = seqOf(record.text());
        if (seq > 0 && seq < ledger.nextSeq()) {
            ledger.stored(seq, now);
        } else if (record.text() != null && backlogReply.matcher(record.text()).find()) {
            long[] arrivals = backlogArrivals;
            int n = backlogReceived.getAndIncrement();
            if (n < arrivals.length) {
                arrivals[n] = now;
            }
        }
    }

    @Override
    public String name() {
        return BenchOptions.OUTBOUND;
    }

    @Override
    public boolean storedOnAnswer() {
        return false;
    }

    @Override
    public boolean http() {
        return true;
    }

    @Override
    public int senders(BenchOptions.Load load) {
        return load.closed() ? options.concurrency() : options.connections();
    }

    @Override
    public int window(BenchOptions.Load load) {
        return options.concurrency();
    }

    @Override
    public Sender openSender() {
        RawHttpConnection connection = new RawHttpConnection(base, authorization, true);
        return new Sender() {
            @Override
            public int send(Job job) throws IOException {
                byte[] body = ("{\"text\":\"" + text(job.chat(), job.seq()) + "\"}").getBytes(StandardCharsets.UTF_8);
                int status = connection.post("/api/v1/sessions/" + sessions[job.chat()] + "/messages", null, body);
                if (status == 201) {
                    ledger.aux(job.seq(), replyId(connection.answer()));
                }
                return status;
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    /** @return the id of the reply an answer shows: the first field of the API's message */
    private static long replyId(String answer) {
        int at = answer.indexOf("\"id\":");
        int end = at < 0 ? -1 : at + 5;
        while (end >= 0 && end < answer.length() && Character.isDigit(answer.charAt(end))) {
            end++;
        }
        if (at < 0 || end == at + 5) {
            throw new IllegalStateException("outbound: a 201 answer without the reply's id: " + answer);
        }
        return Long.parseLong(answer.substring(at + 5, end));
    }

    @Override
    public long receivedAt(Ledger ledger, long seq) {
        return ledger.sent(seq);
    }

    @Override
    public Map<String, String> storingThreads() {
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put("hub HTTP threads", "http-nio-");
        groups.put("hub outbox", "outbox");
        groups.put("Telegram plugin HTTP", "telegram-http-");
        groups.put("hub events WebSocket", "events-socket");
        groups.put("fake Telegram", "fake-telegram-http-");
        return groups;
    }

    @Override
    public String timing() {
        return "REST request started -> the fake Bot API received the reply's sendMessage";
    }

    @Override
    public String note() {
        int sends = bot.calls("sendMessage");
        int calls = sends - sendsBefore;
        sendsBefore = sends;
        return "sendMessage calls: " + calls + " (" + sessions.length + " sessions)";
    }

    /**
     * Whether the replies numbered {@code first} to before {@code end} reached the platform exactly once, are SENT in
     * the hub, and reached each chat in the order the API accepted the session's replies (the replies' ids: a session
     * is locked while a reply is stored in it). Waits up to a minute for the hub to record replies the fake received.
     */
    Result check(long first, long end) throws InterruptedException {
        Map<String, Long> statuses = new TreeMap<>();
        ExactlyOnce stored;
        long deadline = System.nanoTime() + SENT_TIMEOUT.toNanos();
        while (true) {
            statuses.clear();
            stored = new ExactlyOnce(ledger, first, end);
            for (long session : sessions) {
                readReplies(session, stored, statuses);
            }
            if (statuses.getOrDefault("PENDING", 0L) == 0 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        long sent = statuses.getOrDefault("SENT", 0L);
        statuses.remove("SENT");

        ExactlyOnce delivered = new ExactlyOnce(ledger, first, end);
        long[] last = new long[sessions.length];
        Set<Integer> outOfOrder = new HashSet<>();
        long wrongChat = 0;
        List<SentRecord> records = bot.sent();
        for (SentRecord r : records) {
            long seq = seqOf(r.text());
            int chat = chatOf(r.text());
            if (seq < 0 || chat < 0 || chat >= sessions.length) {
                delivered.found(-1);
                continue;
            }
            delivered.found(seq);
            if (!r.chatId().equals(Long.toString(FIRST_CHAT + chat))) {
                wrongChat++;
            }
            long replyId = ledger.aux(seq);
            if (replyId <= last[chat]) {
                outOfOrder.add(chat);
            }
            last[chat] = Math.max(last[chat], replyId);
        }
        return new Result(delivered.result(), stored.result(), sent, statuses, sessions.length, outOfOrder.size(),
                wrongChat);
    }

    /** Counts a session's replies of this run and their delivery statuses, as the REST API shows them. */
    private void readReplies(long session, ExactlyOnce stored, Map<String, Long> statuses) {
        forEachMessage(session, m -> {
            if ("OUTBOUND".equals(m.path("direction").asText())) {
                stored.found(seqOf(m.path("text").asText(null)));
                statuses.merge(m.path("deliveryStatus").asText("?"), 1L, Long::sum);
            }
        });
    }

    /** Reads every message of a session through the REST API, page by page. */
    private void forEachMessage(long session, Consumer<JsonNode> message) {
        long after = 0;
        while (true) {
            JsonNode page = admin.get("/api/v1/sessions/" + session + "/messages?limit=" + PAGE + "&after=" + after)
                    .ok();
            for (JsonNode m : page) {
                after = m.get("id").asLong();
                message.accept(m);
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    /**
     * The outbox alone, without the REST API in front of it: the account is stopped, {@code perSession} replies are
     * posted to each session (the outbox leaves a stopped account's replies waiting), and the account is started
     * again, so the outbox delivers the whole backlog as fast as it can. Its pace is timed over the middle 90% of
     * the backlog by when the fake received the replies, which leaves out the start (a reply the outbox looked at
     * while the account was stopped waits a few seconds) and the tail. Then checks, as {@link #check} does, that
     * each went out exactly once, in its session's order, and is SENT.
     *
     * @param perSession replies per session
     * @param posters    threads posting the backlog, each a session at a time
     * @return the figures and the checks
     */
    Backlog drain(int perSession, int posters) throws Exception {
        int total = perSession * sessions.length;
        backlogArrivals = new long[total];
        backlogReceived.set(0);
        account(false);
        long postedIn;
        try {
            long start = System.nanoTime();
            postBacklog(perSession, posters);
            postedIn = System.nanoTime() - start;
        } finally {
            account(true);
        }
        long started = System.nanoTime();
        long deadline = started + SENT_TIMEOUT.toNanos() + total * 50_000_000L;
        while (backlogReceived.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long[] arrivals = backlogArrivals.clone();
        int received = Math.min(backlogReceived.get(), total);
        Arrays.sort(arrivals, 0, received);
        int from = received / 20;
        int to = Math.max(from, received - 1 - received / 20);
        double pace = to > from ? (to - from) * 1e9 / (arrivals[to] - arrivals[from]) : 0;
        double allIn = received == 0 ? 0 : (arrivals[received - 1] - started) / 1e9;

        // exactly once and in each session's order, at the fake
        int[] next = new int[sessions.length];
        long duplicated = 0;
        long outOfOrder = 0;
        for (SentRecord r : bot.sent()) {
            Matcher m = r.text() == null ? null : backlogReply.matcher(r.text());
            if (m == null || !m.find()) {
                continue;
            }
            int chat = Integer.parseInt(m.group(1));
            int k = Integer.parseInt(m.group(2));
            if (chat >= sessions.length || k < next[chat]) {
                duplicated++;
            } else if (k > next[chat]) {
                outOfOrder++;
                next[chat] = k + 1;
            } else {
                next[chat] = k + 1;
            }
        }
        long missing = 0;
        for (int n : next) {
            missing += Math.max(0, perSession - n);
        }
        // and SENT in the hub
        Map<String, Long> statuses = new TreeMap<>();
        long statusDeadline = System.nanoTime() + SENT_TIMEOUT.toNanos();
        do {
            statuses.clear();
            for (long session : sessions) {
                backlogStatuses(session, statuses);
            }
        } while (statuses.getOrDefault("PENDING", 0L) > 0 && System.nanoTime() < statusDeadline
                && sleep(500));
        return new Backlog(total, postedIn / 1e9, received, pace, allIn, duplicated, outOfOrder, missing,
                statuses);
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    /** Stops or starts the scenario's account through the API, as an admin would. */
    private void account(boolean enabled) {
        JsonNode current = admin.get("/api/v1/channel-accounts/" + accountId).ok();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", current.get("type").asText());
        request.put("name", current.get("name").asText());
        request.put("lineId", current.get("lineId").asLong());
        request.put("settings", Map.of());
        request.put("enabled", enabled);
        JsonNode changed = admin.put("/api/v1/channel-accounts/" + accountId, request).ok();
        String status = changed.path("status").asText();
        if (enabled != "RUNNING".equals(status)) {
            throw new IllegalStateException("outbound: the account did not " + (enabled ? "start" : "stop") + ": "
                    + changed);
        }
    }

    /** Posts the backlog: each session's replies one after another, in their order; sessions in parallel. */
    private void postBacklog(int perSession, int posters) throws Exception {
        AtomicInteger nextSession = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(posters);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < posters; t++) {
                done.add(pool.submit(() -> {
                    try (RawHttpConnection connection = new RawHttpConnection(base, authorization, true)) {
                        for (int chat; (chat = nextSession.getAndIncrement()) < sessions.length; ) {
                            for (int k = 0; k < perSession; k++) {
                                byte[] body = ("{\"text\":\"bench backlog " + runTag + " c" + chat + " m" + k
                                        + "\"}").getBytes(StandardCharsets.UTF_8);
                                int status = connection.post("/api/v1/sessions/" + sessions[chat] + "/messages",
                                        null, body);
                                if (status != 201) {
                                    throw new IllegalStateException("outbound: a backlog reply was answered "
                                            + status + ": " + connection.answer());
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Counts the delivery statuses of a session's backlog replies, as the REST API shows them. */
    private void backlogStatuses(long session, Map<String, Long> statuses) {
        forEachMessage(session, m -> {
            if (backlogReply.matcher(m.path("text").asText("")).find()) {
                statuses.merge(m.path("deliveryStatus").asText("?"), 1L, Long::sum);
            }
        });
    }

    /**
     * The outbox's backlog.
     *
     * @param total      replies posted
     * @param postedIn   seconds the REST API took to take them all
     * @param received   of these, how many the fake received
     * @param pace       replies per second over the middle 90% of those received
     * @param allIn      seconds from starting the account to the last reply received
     * @param duplicated replies received more than once
     * @param outOfOrder replies received before an earlier one of their session
     * @param missing    replies never received
     * @param statuses   the replies' delivery statuses in the hub, with how many have each
     */
    record Backlog(int total, double postedIn, int received, double pace, double allIn, long duplicated,
                   long outOfOrder, long missing, Map<String, Long> statuses) {

        boolean ok() {
            return received == total && duplicated == 0 && outOfOrder == 0 && missing == 0
                    && statuses.getOrDefault("SENT", 0L) == total && statuses.size() == 1;
        }

        String summary() {
            return String.format(Locale.ROOT, "%d replies posted in %.1f s while the account was stopped; once it "
                            + "was started, delivered at %.0f replies/s (middle 90%%), all in %.1f s; fake Bot API: "
                            + "%d received, %d missing, %d duplicated, %d out of order; hub: %s", total, postedIn,
                    pace, allIn, received, missing, duplicated, outOfOrder, statuses);
        }
    }

    @Override
    public void close() {
        bot.onSent(null);
        onClose.run();
    }

    /**
     * What became of the replies.
     *
     * @param delivered  the replies the fake received, matched to those the API accepted
     * @param stored     the replies the hub shows, matched likewise
     * @param sent       of these, how many are SENT
     * @param notSent    the other delivery statuses, with how many replies have each
     * @param sessions   the sessions replied in
     * @param outOfOrder sessions whose replies reached the chat in another order than the API accepted them
     * @param wrongChat  replies that reached another chat than their session's
     */
    record Result(ExactlyOnce.Result delivered, ExactlyOnce.Result stored, long sent, Map<String, Long> notSent,
                  int sessions, int outOfOrder, long wrongChat) {

        boolean ok() {
            return delivered.ok() && stored.ok() && notSent.isEmpty() && outOfOrder == 0 && wrongChat == 0;
        }

        String summary() {
            return String.format(Locale.ROOT, "fake Bot API: %d received exactly once, %d missing, %d duplicated, %d "
                            + "unexpected; hub: %d SENT%s, %d missing, %d stored twice; order: %d of %d sessions in "
                            + "the order the API accepted their replies%s", delivered.stored(), delivered.missing(),
                    delivered.duplicated(), delivered.unexpected(), sent,
                    notSent.isEmpty() ? "" : " (others: " + notSent + ")", stored.missing(), stored.duplicated(),
                    sessions - outOfOrder, sessions, wrongChat > 0 ? "; " + wrongChat + " sent to another chat" : "");
        }
    }
}
