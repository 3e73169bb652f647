package org.lineshub.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.HubApplication;
import org.lineshub.hub.pipeline.BadInputs.Malformed;
import org.lineshub.hub.support.HttpRecorder;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.TestDatabase;
import org.lineshub.hub.support.TestHub;
import org.lineshub.telegram.fake.FakeTelegramBotApi;
import org.lineshub.viber.fake.FakeViberApi;
import org.lineshub.viber.fake.FakeViberBot;
import org.lineshub.viber.fake.ViberCallbacks;
import org.lineshub.vk.fake.FakeCommunity;
import org.lineshub.vk.fake.FakeVkApi;
import org.lineshub.whatsapp.fake.FakeGraphApi;
import org.lineshub.whatsapp.fake.MetaWebhook;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bad input, generated from a seeded {@link Random} ({@link BadInputs}), into every webhook address of the bundled
 * channel plugins (Telegram, the shared WhatsApp address, Viber, VK's Callback API, the web chat's paths) and into the
 * REST API (request bodies of lines, channel accounts, replies, users, groups, the blacklist, templates, articles,
 * tokens and webhook subscriptions; query parameters of the lists; ids in paths that are not numbers), each account
 * running against a fake of its platform, each request signed as the platform signs it so that the bad body reaches
 * the parser.
 *
 * <ul>
 *   <li>no answer is a 5xx, except a 503 where the platform is told to deliver again for a phone number no running
 *       account has (WhatsApp);</li>
 *   <li>every 4xx of the REST API, and every refusal of a webhook, is an RFC 7807 problem (the web chat answers its
 *       browser with its own {@code {"code","reason"}});</li>
 *   <li>malformed input (random bytes, cut-off bodies, bytes that are not UTF-8, nesting past the parser's limit,
 *       JSON that is no object, bodies over the limit, the wrong content type for the API) is refused and stores
 *       nothing: the rows of sessions, messages, clients and of everything the API creates are counted before and
 *       after (only dead letters may grow);</li>
 *   <li>odd but well-formed input (values swapped for nulls, out-of-range numbers, control characters, long texts,
 *       fields added or removed) may be stored, but never half: afterwards every session has a message, every
 *       client an identity on the session's account, every inbound message is in a session of its own account,
 *       every message's files are numbered without gaps, and no Telegram message whose update carries a photo or
 *       a document was stored without it;</li>
 *   <li>the heap stays flat: the hub runs in this JVM, and the heap in use after a full collection grows by less
 *       than {@value #HEAP_GROWTH_MB} MB over the measured rounds, which send many times that in request bodies,
 *       so a leak of what requests carry would show.</li>
 * </ul>
 *
 * <p>The seed is printed and in every failure message; {@code -Dfuzz.seed=<seed>} repeats a run.
 */
@SpringBootTest(classes = HubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext
class FuzzIT {

    /** How much the heap in use after a full collection may grow over the measured rounds. */
    private static final int HEAP_GROWTH_MB = 48;
    private static final int ROUNDS = 5;
    private static final int CASES_PER_WEBHOOK = 40;
    private static final int CASES_PER_API = 8;

    private static final int PORT = TestHub.freePort();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final Path PLUGINS = TestHub.pluginDirectory("telegram.jar", "whatsapp.jar", "viber.jar",
            "vk.jar", "webchat.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TELEGRAM_TOKEN = "7310000001:AAFfuzz0123456789abcdefghijKLMNOPQ";
    private static final FakeTelegramBotApi TELEGRAM = FakeTelegramBotApi.start();

    private static final String WABA = "102290129340399";
    private static final String NUMBER = "106540352242923";
    private static final String WHATSAPP_TOKEN = "EAAJB3x7ZCfuzzIT0token0ZDZD";
    private static final String APP_SECRET = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final FakeGraphApi GRAPH = FakeGraphApi.start().phoneNumber(NUMBER, WHATSAPP_TOKEN);

    private static final String VIBER_TOKEN = "4a5b6c7d8e9f0a1c-2c3d4e5f6a7b8c9e-0e1f2a3b4c5d6e7a";
    private static final FakeViberApi VIBER = FakeViberApi.start();
    private static final FakeViberBot VIBER_BOT = VIBER.bot(VIBER_TOKEN);

    private static final String VK_TOKEN = "vk1.a.fuzz-community-token-0123456789abcdefghijklmnopq";
    private static final String VK_SECRET = "Fz7pQ2wZ9xLm4Rt8";
    private static final FakeVkApi VK = FakeVkApi.start();
    private static final FakeCommunity COMMUNITY = VK.community(218_000_009L, VK_TOKEN)
            .user(7001, "Vera", "Orlova", "vera").user(7002, "Gleb", "Sidorov", null)
            .callbackSettings("c0nf1rm9", VK_SECRET);

    private static final HttpRecorder RECEIVER = HttpRecorder.start();

    /** Tables whose rows malformed input must never change (dead letters may grow: they keep what was refused). */
    private static final List<String> COUNTED = List.of("line", "channel_account", "client", "client_identity",
            "session", "message", "message_attachment", "message_revision", "app_user", "user_group",
            "user_group_member", "reply_template", "article", "webhook_subscription", "blacklist_rule", "api_token");

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        TestHub.register(registry, PORT, TestDatabase.newDatabase("fuzz_it"), TestHub.tempDir("hub-fuzz-data"),
                PLUGINS, TestHub.tempDir("hub-fuzz-routes"));
    }

    @AfterAll
    static void stopFakes() {
        TELEGRAM.close();
        GRAPH.close();
        VIBER.close();
        VK.close();
        RECEIVER.close();
    }

    @Autowired
    private JdbcClient jdbc;

    private final long seed = Long.getLong("fuzz.seed", System.nanoTime());
    private Random random = new Random(seed);
    private BadInputs bad = new BadInputs(random);
    private long caseNumber;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> statuses = new TreeMap<>();
    private long sentBytes;
    private long requests;
    private long sequence = 1000;

    /** Ids of what the API targets work on; set up first. */
    private String adminToken;
    private long line;
    private long otherLine;
    private long session;
    private long client;
    private long telegramAccount;
    private long spareAccount;
    private long user;
    private long group;
    private long template;
    private long subscription;

    /**
     * A place that takes requests, and what it takes.
     *
     * @param ownProblems    whether it may answer a refusal in its own format (the web chat's) instead of a problem
     * @param emptyBodyTaken whether a request without a body is a valid one (a body that only adds details)
     */
    private record Target(String name, String method, String path, Supplier<ObjectNode> valid,
                          Signer signer, int limit, Set<Malformed> malformed, Predicate<byte[]> may503,
                          boolean ownProblems, boolean emptyBodyTaken) {

        Target(String name, String method, String path, Supplier<ObjectNode> valid, Signer signer, int limit,
               Set<Malformed> malformed, Predicate<byte[]> may503, boolean ownProblems) {
            this(name, method, path, valid, signer, limit, malformed, may503, ownProblems, false);
        }
    }

    /** Adds the headers a platform (or the API's client) sends with a body. */
    private interface Signer {
        Map<String, String> headers(byte[] body);
    }

    /** One answer. */
    private record Answer(int status, String contentType, String body) {
    }

    @Test
    void badInputIsRefusedOrStoredWholeNeverFailsTheHubAndLeavesTheHeapFlat() throws Exception {
        String run = "fuzz seed " + seed;
        System.out.println(run);
        long started = System.nanoTime();
        setUp();
        List<Target> webhooks = webhooks();
        List<Target> api = api();

        // warm-up: every path once, so what the hub builds or caches once is not counted as growth below
        fuzz(webhooks, api, true);
        fuzz(webhooks, api, false);
        long heapBefore = usedHeapAfterGc();
        long bytesBefore = sentBytes;

        Map<String, Long> before = counts();
        for (int round = 0; round < ROUNDS; round++) {
            fuzz(webhooks, api, true);
        }
        Map<String, Long> afterMalformed = counts();
        for (int round = 0; round < ROUNDS; round++) {
            fuzz(webhooks, api, false);
        }
        long heapAfter = usedHeapAfterGc();
        long measuredBytes = sentBytes - bytesBefore;

        System.out.printf("%s: %d requests, %d MB sent (%d MB in the measured rounds) in %d s; statuses %s;"
                        + " heap in use after GC %d MB before, %d MB after%n", run, requests, sentBytes >> 20,
                measuredBytes >> 20, (System.nanoTime() - started) / 1_000_000_000L, statuses, heapBefore >> 20,
                heapAfter >> 20);
        List<String> partial = wholeness();
        assertSoftly(softly -> {
            softly.assertThat(problems).as(run + ": answers that break the rules (" + problems.size() + ")")
                    .isEmpty();
            softly.assertThat(afterMalformed).as(run + ": rows after malformed input").isEqualTo(before);
            softly.assertThat(partial).as(run + ": half-stored input").isEmpty();
            softly.assertThat(measuredBytes).as(run + ": the rounds send far more than the heap may grow by")
                    .isGreaterThan(3L * HEAP_GROWTH_MB << 20);
            softly.assertThat((heapAfter - heapBefore) >> 20).as(run + ": growth of the heap in use, in MB")
                    .isLessThan(HEAP_GROWTH_MB);
        });
    }

    // ---- rounds -------------------------------------------------------------------------------------------------

    private void fuzz(List<Target> webhooks, List<Target> api, boolean malformed) throws Exception {
        for (Target target : webhooks) {
            for (int i = 0; i < CASES_PER_WEBHOOK; i++) {
                send(target, malformed);
            }
        }
        for (Target target : api) {
            for (int i = 0; i < CASES_PER_API; i++) {
                send(target, malformed);
            }
        }
        if (!malformed) {
            odditiesOfTheApi();
            odditiesOfTheWebhooks();
        }
    }

    private void send(Target target, boolean malformed) throws Exception {
        nextCase();
        ObjectNode valid = target.valid().get();
        byte[] body;
        String contentType = "application/json";
        String what;
        boolean signed = random.nextInt(20) != 0;
        if (malformed) {
            List<Malformed> kinds = new ArrayList<>(target.malformed());
            // bodies over the limit more often than the others: they are what would fill a heap that keeps bodies
            Malformed kind = kinds.contains(Malformed.OVERSIZED) && random.nextInt(5) == 0 ? Malformed.OVERSIZED
                    : bad.pick(kinds);
            body = bad.malformed(kind, BadInputs.bytes(valid), target.limit());
            what = kind.name();
            if (target.name().startsWith("api") && random.nextInt(4) == 0) {
                contentType = bad.pick(new String[] {"text/plain", "application/xml", "image/png", "garbage",
                    "application/x-www-form-urlencoded"});
                body = BadInputs.bytes(valid);
                what = "content type " + contentType;
            }
        } else {
            switch (random.nextInt(8)) {
                case 0 -> {
                    body = bad.doubtfulUtf8(BadInputs.bytes(valid));
                    what = "doubtful UTF-8";
                }
                case 1 -> {
                    body = BadInputs.bytes(valid);
                    contentType = bad.oddContentType();
                    what = "content type " + contentType;
                }
                default -> {
                    body = BadInputs.bytes(bad.odd(valid));
                    what = "odd values";
                }
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(target.signer().headers(body));
        if (!signed && !headers.isEmpty()) {
            // the signature, the secret token or the API token one character off
            headers.replaceAll((name, value) -> value + "0");
            what += ", wrongly signed";
        }
        Answer answer = request(target.method(), target.path(), contentType, headers, body);
        check(target, what, body, answer, malformed && !(body.length == 0 && target.emptyBodyTaken()));
    }

    /**
     * Checks an answer against the rules and notes what breaks them.
     *
     * @param refused whether the input must be refused with a 4xx (malformed input that reached its reader)
     */
    private void check(Target target, String what, byte[] body, Answer answer, boolean refused) {
        String where = "case " + caseNumber + ": " + target.name() + " " + target.method() + " " + target.path()
                + " (" + what + ", " + body.length + " bytes)";
        if (answer.status() >= 500 && !(answer.status() == 503 && target.may503().test(body))) {
            problems.add(where + " answered " + answer.status() + ": " + cut(answer.body()));
            return;
        }
        if (refusedBeforeTheHub(target.path())) {
            // Tomcat and Spring Security's firewall answer these themselves, in their own format
            if (answer.status() != 400) {
                problems.add(where + " was not refused with 400 but answered " + answer.status());
            }
            return;
        }
        if (refused && answer.status() < 400) {
            problems.add(where + " was taken with " + answer.status() + ": " + cut(answer.body()));
        }
        if (answer.status() >= 400) {
            problemShaped(where, answer, target.ownProblems());
        }
    }

    private void problemShaped(String where, Answer answer, boolean ownProblems) {
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body());
        } catch (IOException e) {
            problem = null;
        }
        boolean hubProblem = answer.contentType().startsWith("application/problem+json") && problem != null
                && problem.path("status").asInt() == answer.status() && problem.path("title").isTextual();
        boolean plugins = ownProblems && answer.contentType().startsWith("application/json") && problem != null
                && problem.path("code").isTextual() && problem.path("reason").isTextual();
        if (!hubProblem && !plugins) {
            problems.add(where + " answered " + answer.status() + " without a problem (" + answer.contentType()
                    + "): " + cut(answer.body()));
        }
    }

    /** Query parameters of the lists and ids in paths that are not numbers; anything but a 5xx will do. */
    private void odditiesOfTheApi() throws Exception {
        nextCase();
        Map<String, String> auth = Map.of("Authorization", "Bearer " + adminToken);
        List<String> lists = List.of(
                "/api/v1/sessions?view=%s&lineId=%s&status=%s&channel=%s&operatorId=%s&clientId=%s&sort=%s&limit=%s"
                        + "&cursor=%s",
                "/api/v1/sessions/" + session + "/messages?after=%s&limit=%s&q=%s",
                "/api/v1/sessions/" + session + "/templates?prefix=%s",
                "/api/v1/dead-letters?accountId=%s&limit=%s",
                "/api/v1/channel-accounts?lineId=%s",
                "/api/v1/operators?lineId=%s&zone=%s",
                "/api/v1/tokens?userId=%s&all=%s",
                "/api/v1/reports/operators?lineId=%s&from=%s&to=%s&zone=%s",
                "/api/v1/reports/lines?lineId=%s&from=%s&to=%s&zone=%s&format=%s&lang=%s",
                "/api/v1/reports/sessions.csv?lineId=%s&from=%s&to=%s&zone=%s&lang=%s",
                "/api/v1/webhook-subscriptions/" + subscription + "/deliveries?limit=%s&before=%s");
        for (String list : lists) {
            for (int i = 0; i < 4; i++) {
                int slots = list.split("%s", -1).length - 1;
                Object[] values = new Object[slots];
                for (int s = 0; s < slots; s++) {
                    values[s] = random.nextInt(4) == 0 ? plausible() : bad.oddParameter();
                }
                String path = String.format(list, values);
                Answer answer = request("GET", path, null, auth, null);
                check(new Target("api query", "GET", path, null, null, 0, Set.of(), b -> false, false),
                        "odd parameters", new byte[0], answer, false);
            }
        }
        List<String> withIds = List.of("/api/v1/sessions/%s", "/api/v1/sessions/%s/messages",
                "/api/v1/lines/%s", "/api/v1/lines/%s/operators", "/api/v1/users/%s", "/api/v1/groups/%s",
                "/api/v1/channel-accounts/%s", "/api/v1/templates/%s", "/api/v1/webhook-subscriptions/%s",
                "/api/v1/messages/%s/history", "/api/v1/messages/%s/attachments/%s", "/api/v1/clients/%s",
                "/api/v1/plugins/%s", "/api/v1/channel-types/%s", "/webhooks/%s", "/webhooks/shared/%s",
                "/webhooks/%s/frame");
        for (String path : withIds) {
            String id = notANumber();
            String other = notANumber();
            String method = bad.pick(new String[] {"GET", "GET", "POST", "PUT", "DELETE"});
            String full = path.replaceFirst("%s", id).replaceFirst("%s", other);
            Answer answer = request(method, full, "application/json", auth,
                    method.equals("GET") || method.equals("DELETE") ? null : "{}".getBytes(StandardCharsets.UTF_8));
            check(new Target("api path", method, full, null, null, 0, Set.of(), b -> false, true), "odd id",
                    new byte[0], answer, false);
        }
    }

    /** Paths, methods and headers of the webhooks no platform uses. */
    private void odditiesOfTheWebhooks() throws Exception {
        nextCase();
        String webchat = webhookPath(accountKey(webchatAccount));
        List<String[]> calls = List.of(
                new String[] {"GET", webchat + "/frame?lang=" + bad.oddParameter()},
                new String[] {"GET", webchat + "/widget.js"},
                new String[] {"GET", webchat + "/frame.js?v=" + bad.oddParameter()},
                new String[] {"GET", webchat + "/files/" + random.nextInt(1000) + "/" + random.nextInt(1000)
                        + "?token=" + bad.oddParameter()},
                new String[] {"POST", webchat + "/upload?token=" + bad.oddParameter() + "&id=" + bad.oddParameter()},
                new String[] {"OPTIONS", webchat + "/offline"},
                new String[] {"PUT", webchat + "/" + bad.oddParameter()},
                new String[] {"GET", "/webhooks/shared/whatsapp?hub.mode=" + bad.oddParameter() + "&hub.challenge="
                        + bad.oddParameter() + "&hub.verify_token=" + bad.oddParameter()},
                new String[] {"PUT", "/webhooks/shared/whatsapp"},
                new String[] {"GET", "/webhooks/shared/" + bad.oddParameter()});
        for (String[] call : calls) {
            byte[] body = new byte[random.nextInt(2048)];
            random.nextBytes(body);
            Map<String, String> headers = Map.of("X-File-Name", bad.oddParameter(), "X-Caption", bad.oddParameter(),
                    "Accept-Language", bad.pick(new String[] {"ru", "*", "xx-YY;q=2", "", "en;q=abc"}));
            Answer answer = request(call[0], call[1], bad.oddContentType(), headers,
                    call[0].equals("GET") ? null : body);
            check(new Target("webhook path", call[0], call[1], null, null, 0, Set.of(), b -> false, true),
                    "odd request", body, answer, false);
        }
    }

    /**
     * @param path a request's path (and query), percent-encoded
     * @return whether Tomcat or Spring Security's firewall refuses the path before any handler of the hub sees it:
     *         encoded slashes, backslashes, percent signs, semicolons or control characters
     */
    private static boolean refusedBeforeTheHub(String path) {
        String raw = path.split("\\?", 2)[0].toUpperCase(Locale.ROOT);
        return raw.matches(".*%(2F|5C|25|3B|2E|7F|[01][0-9A-F]).*") || raw.contains("//")
                || raw.matches(".*/\\.{1,2}(/.*)?");
    }

    /** @return a value some parameter of the lists takes, so that the odd ones meet valid ones */
    private String plausible() {
        return switch (random.nextInt(4)) {
            case 0 -> Long.toString(line);
            case 1 -> "2026-01-01";
            case 2 -> "Europe/Moscow";
            default -> "50";
        };
    }

    /** @return a path segment that is no number a server could read as an id, URL-encoded */
    private String notANumber() {
        for (; ; ) {
            String candidate = bad.oddParameter();
            String decoded = URLDecoder.decode(candidate, StandardCharsets.UTF_8).strip();
            try {
                Long.parseLong(decoded);
            } catch (NumberFormatException e) {
                if (!decoded.isEmpty()) {
                    return candidate.replace("+", "%20");
                }
            }
        }
    }

    // ---- the targets --------------------------------------------------------------------------------------------

    private List<Target> webhooks() {
        Set<Malformed> all = EnumSet.allOf(Malformed.class);
        int limit = 1024 * 1024;
        List<Target> targets = new ArrayList<>();
        String telegram = webhookPath(accountKey(telegramAccount));
        String secret = TELEGRAM.bot(TELEGRAM_TOKEN).webhookSecret();
        targets.add(new Target("telegram", "POST", telegram, this::telegramUpdate,
                body -> Map.of("X-Telegram-Bot-Api-Secret-Token", secret), limit, all, b -> false, false));
        targets.add(new Target("whatsapp", "POST", "/webhooks/shared/whatsapp", this::whatsAppNotification,
                body -> Map.of(MetaWebhook.SIGNATURE_HEADER, "sha256=" + MetaWebhook.signature(APP_SECRET, body)),
                limit, all, FuzzIT::forAnotherNumber, false));
        targets.add(new Target("viber", "POST", webhookPath(VIBER_BOT.webhookUrl()), this::viberCallback,
                body -> Map.of("X-Viber-Content-Signature", ViberCallbacks.signature(VIBER_TOKEN, body)), limit, all,
                b -> false, false));
        targets.add(new Target("vk", "POST", webhookPath(accountKey(vkAccount)), this::vkEvent, body -> Map.of(),
                limit, all, b -> false, false));
        // the web chat reads its form as text: bytes that are not UTF-8 become U+FFFD there, which is no refusal
        Set<Malformed> form = EnumSet.complementOf(EnumSet.of(Malformed.NOT_UTF8, Malformed.OVERSIZED));
        targets.add(new Target("webchat", "POST", webhookPath(accountKey(webchatAccount)) + "/offline",
                this::offlineForm, body -> Map.of(), Integer.MAX_VALUE, form, b -> false, true));
        return targets;
    }

    private List<Target> api() {
        Set<Malformed> malformed = EnumSet.complementOf(EnumSet.of(Malformed.OVERSIZED));
        Signer auth = body -> Map.of("Authorization", "Bearer " + adminToken);
        List<Target> targets = new ArrayList<>();
        targets.add(api("POST", "/api/v1/lines", () -> lineBody(), auth, malformed));
        targets.add(api("PUT", "/api/v1/lines/" + otherLine, () -> lineBody(), auth, malformed));
        targets.add(api("POST", "/api/v1/channel-accounts", () -> accountBody(), auth, malformed));
        targets.add(api("PUT", "/api/v1/channel-accounts/" + spareAccount, () -> accountBody(), auth, malformed));
        targets.add(api("POST", "/api/v1/sessions/" + session + "/messages", () -> BadInputs.object(Map.of(
                "text", "Thanks, we are on it " + next(), "internal", random.nextBoolean(),
                "buttons", List.of(Map.of("text", "Yes", "payload", "yes"))).entrySet().stream()
                .filter(e -> random.nextBoolean() || !e.getKey().equals("buttons"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))), auth,
                malformed));
        targets.add(api("POST", "/api/v1/sessions", () -> BadInputs.object(Map.of("clientId", client,
                "accountId", telegramAccount, "text", "Hello again")), auth, malformed));
        targets.add(api("POST", "/api/v1/sessions/" + session + "/transfer", () -> BadInputs.object(Map.of(
                "toLineId", random.nextBoolean() ? line : otherLine, "reason", "fuzz")), auth, malformed));
        // the block holds for the whole run: once the warm-up has blocked the session, a bodiless block (valid) is
        // refused as a conflict, so the rows stay as they were however long the run takes
        targets.add(new Target("api", "POST", "/api/v1/sessions/" + session + "/block", () -> BadInputs.object(
                Map.of("comment", "spam", "expiresAt", now().plus(Duration.ofDays(1)).toString())), auth,
                Integer.MAX_VALUE, malformed, b -> false, false, true));
        targets.add(api("POST", "/api/v1/users", () -> BadInputs.object(Map.of("username", "fuzz" + next(),
                "displayName", "Fuzz User", "email", "fuzz" + next() + "@example.com", "password", "fuzz-password-1")),
                auth, malformed));
        targets.add(api("PUT", "/api/v1/users/" + user, () -> BadInputs.object(Map.of("username", "fuzzed.user",
                "displayName", "Fuzzed User", "email", "fuzzed@example.com", "enabled", true)), auth, malformed));
        targets.add(api("POST", "/api/v1/groups", () -> BadInputs.object(Map.of("name", "Fuzz group " + next(),
                "description", "a group", "memberIds", List.of(user))), auth, malformed));
        targets.add(api("PUT", "/api/v1/groups/" + group, () -> BadInputs.object(Map.of("name", "Fuzzed group",
                "memberIds", List.of(user))), auth, malformed));
        targets.add(api("POST", "/api/v1/blacklist", () -> BadInputs.object(Map.of("kind",
                bad.pick(new String[] {"IDENTITY", "EMAIL", "DOMAIN", "PHONE"}), "channelType", "telegram",
                "value", "fuzz-" + next(), "comment", "fuzz", "expiresAt",
                now().plus(Duration.ofDays(1)).toString())), auth, malformed));
        targets.add(api("POST", "/api/v1/templates", () -> templateBody(), auth, malformed));
        targets.add(api("PUT", "/api/v1/templates/" + template, () -> templateBody(), auth, malformed));
        targets.add(api("POST", "/api/v1/articles", () -> BadInputs.object(Map.of("title", "How to " + next(),
                "url", "https://help.example.com/a/" + next(), "summary", "short")), auth, malformed));
        targets.add(api("POST", "/api/v1/webhook-subscriptions", () -> subscriptionBody(), auth, malformed));
        targets.add(api("PUT", "/api/v1/webhook-subscriptions/" + subscription, () -> subscriptionBody(), auth,
                malformed));
        targets.add(api("POST", "/api/v1/tokens", () -> BadInputs.object(Map.of("name", "fuzz token " + next(),
                "expiresAt", now().plus(Duration.ofDays(1)).toString())), auth, malformed));
        targets.add(api("PUT", "/api/v1/me/status", () -> BadInputs.object(Map.of("status",
                bad.pick(new String[] {"ONLINE", "AWAY", "OFFLINE"}))), auth, malformed));
        return targets;
    }

    private static Target api(String method, String path, Supplier<ObjectNode> valid, Signer signer,
                              Set<Malformed> malformed) {
        return new Target("api", method, path, valid, signer, Integer.MAX_VALUE, malformed, b -> false, false);
    }

    // ---- valid bodies -------------------------------------------------------------------------------------------

    /**
     * Each case draws from a generator of its own, derived from the seed and its number: a body whose length differs
     * from one run to the next (a port, a time in it) then changes that case only, not every case after it.
     */
    private void nextCase() {
        caseNumber++;
        random = new Random(seed * 1_000_003L + caseNumber);
        bad = new BadInputs(random);
    }

    /** Whole seconds, so a body's length does not depend on the clock and a seed repeats the same bytes. */
    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private long next() {
        return ++sequence;
    }

    /** A Bot API {@code Update}: a text, photo, document or reply message, or an edit. */
    private ObjectNode telegramUpdate() {
        long chat = 880_000_000L + random.nextInt(20);
        // far from the ids the fake gives the bot's replies in the same chats
        long id = 50_000_000L + next();
        ObjectNode update = JSON.createObjectNode().put("update_id", 600_000_000L + id);
        boolean edit = random.nextInt(6) == 0;
        ObjectNode message = update.putObject(edit ? "edited_message" : "message").put("message_id", id);
        message.putObject("from").put("id", chat).put("is_bot", false).put("first_name", "Fuzz")
                .put("last_name", "Client" + chat).put("username", "fuzz" + chat).put("language_code", "ru");
        message.putObject("chat").put("id", chat).put("first_name", "Fuzz").put("type", "private");
        message.put("date", Instant.now().getEpochSecond());
        if (edit) {
            message.put("message_id", id - 1 - random.nextInt(5)).put("edit_date", Instant.now().getEpochSecond());
        }
        switch (random.nextInt(4)) {
            case 0 -> {
                ArrayNode sizes = message.putArray("photo");
                sizes.addObject().put("file_id", "AgACph" + id + "s").put("file_unique_id", "AQADs" + id)
                        .put("width", 90).put("height", 60).put("file_size", 1204);
                sizes.addObject().put("file_id", "AgACph" + id + "l").put("file_unique_id", "AQADl" + id)
                        .put("width", 1280).put("height", 853).put("file_size", 98_304);
                message.put("caption", "look " + id);
            }
            case 1 -> message.putObject("document").put("file_name", "invoice-" + id + ".pdf")
                    .put("mime_type", "application/pdf").put("file_id", "BQACdoc" + id)
                    .put("file_unique_id", "AgADd" + id).put("file_size", 52_113);
            case 2 -> {
                message.put("text", "answering " + id);
                ObjectNode replied = message.putObject("reply_to_message").put("message_id", id - 1)
                        .put("date", Instant.now().getEpochSecond() - 60).put("text", "earlier");
                replied.putObject("chat").put("id", chat).put("type", "private");
            }
            default -> message.put("text", "hello " + id);
        }
        return update;
    }

    /** Meta's notification: a text or image message of a client, or the status of a reply. */
    private ObjectNode whatsAppNotification() {
        String client = "4917" + (10_000_000 + random.nextInt(20));
        long id = next();
        long ts = Instant.now().getEpochSecond();
        if (random.nextInt(4) == 0) {
            return BadInputs.tree(MetaWebhook.status(WABA, NUMBER, "wamid.FUZZOUT" + id, client,
                    bad.pick(new String[] {"sent", "delivered", "read", "failed"}), ts, 131026, "Undeliverable"));
        }
        ObjectNode body = BadInputs.tree(MetaWebhook.text(WABA, NUMBER, client, "Fuzz " + client, "wamid.FUZZ" + id,
                ts, "hello " + id));
        if (random.nextBoolean()) {
            ObjectNode message = (ObjectNode) body.at("/entry/0/changes/0/value/messages/0");
            message.remove("text");
            message.put("type", "image").putObject("image").put("mime_type", "image/jpeg")
                    .put("sha256", "c2hhMjU2").put("id", "17" + id).put("caption", "photo " + id);
        }
        return body;
    }

    /** A Viber callback: a text or picture message, a conversation opened, a subscription, a receipt. */
    private ObjectNode viberCallback() {
        String user = "fuzz-user-" + random.nextInt(20) + "==";
        long token = 5_000_000_000_000_000_000L + next();
        return switch (random.nextInt(6)) {
            case 0 -> ViberCallbacks.picture(token, user, "Fuzz " + user, viberMedia, "a picture");
            case 1 -> ViberCallbacks.conversationStarted(token, user, "Fuzz " + user, random.nextBoolean());
            case 2 -> ViberCallbacks.subscribed(token, user, "Fuzz " + user);
            case 3 -> ViberCallbacks.receipt(bad.pick(new String[] {"delivered", "seen"}), token, user);
            default -> ViberCallbacks.text(token, user, "Fuzz " + user, "hello " + token);
        };
    }

    /** A Callback API event with the community's secret: a new message, an edit, or an event the hub skips. */
    private ObjectNode vkEvent() {
        long from = 7001 + random.nextInt(3);
        ObjectNode event = COMMUNITY.messageNew(from, from, "hello " + next());
        return switch (random.nextInt(5)) {
            case 0 -> COMMUNITY.callback(COMMUNITY.messageEdit(event, "changed"));
            case 1 -> COMMUNITY.callback(event).put("type", "message_typing_state");
            case 2 -> COMMUNITY.callback(FakeCommunity.withAttachment(event,
                    COMMUNITY.photoAttachment("x", VK.baseUrl() + "/photo.jpg", "604", "480")));
            default -> COMMUNITY.callback(event);
        };
    }

    /** The web chat's contact form, as its frame posts it. */
    private ObjectNode offlineForm() {
        return BadInputs.object(Map.of("id", "fuzz-visitor-" + next(), "message", "Please call me back",
                "name", "Fuzz Visitor", "email", "visitor" + next() + "@example.com", "lang", "en"));
    }

    private ObjectNode lineBody() {
        ObjectNode sla = BadInputs.object(Map.of("firstResponseMinutes", 30, "resolutionMinutes", 600,
                "clock", "WORKING_HOURS", "timeZone", "Europe/Moscow", "week", Map.of("MONDAY",
                        List.of(Map.of("from", "09:00", "to", "18:00"))), "holidays", List.of("2026-01-01")));
        ObjectNode body = BadInputs.object(Map.of("name", "Fuzz line " + next(), "routingMode", "MANUAL",
                "maxSessionsPerOperator", 5, "autoCloseHours", 0, "offerTimeoutSeconds", 0,
                "operatorGroupIds", List.of(group)));
        if (random.nextBoolean()) {
            body.set("sla", sla);
        }
        return body;
    }

    private ObjectNode accountBody() {
        return BadInputs.object(Map.of("type", "webchat", "name", "Fuzz chat " + next(), "lineId", otherLine,
                "enabled", false, "settings", Map.of("allowedOrigins", "https://shop.example", "title", "Shop")));
    }

    private ObjectNode templateBody() {
        return BadInputs.object(Map.of("name", "Fuzz template " + next(), "tag", "greet" + next(),
                "text", "Hello, {{client.name}}!", "lineIds", List.of(line), "channelTypes", List.of("telegram")));
    }

    private ObjectNode subscriptionBody() {
        return BadInputs.object(Map.of("url", RECEIVER.url("/fuzz"), "events", List.of("session.created"),
                "secret", "fuzz-subscription-secret", "enabled", true, "lineId", otherLine));
    }

    // ---- set-up -------------------------------------------------------------------------------------------------

    private long vkAccount;
    private long webchatAccount;
    private String viberMedia;

    private void setUp() {
        HubClient basic = HubClient.basic(BASE, "admin", TestHub.ADMIN_PASSWORD);
        adminToken = basic.post("/api/v1/tokens", Map.of("name", "fuzz")).ok().get("token").asText();
        HubClient admin = HubClient.bearer(BASE, adminToken);
        for (String type : List.of("telegram", "whatsapp", "viber", "vk", "webchat")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/channel-types/" + type)
                    .status() == 200);
        }
        user = admin.post("/api/v1/users", Map.of("username", "fuzz.operator", "displayName", "Fuzz Operator",
                "password", "fuzz-operator-1")).ok().get("id").asLong();
        group = admin.post("/api/v1/groups", Map.of("name", "Fuzz operators", "memberIds", List.of(user)))
                .ok().get("id").asLong();
        line = admin.post("/api/v1/lines", Map.of("name", "Fuzz", "operatorGroupIds", List.of(group))).ok()
                .get("id").asLong();
        otherLine = admin.post("/api/v1/lines", Map.of("name", "Fuzz other", "operatorGroupIds", List.of(group)))
                .ok().get("id").asLong();

        TELEGRAM.bot(TELEGRAM_TOKEN);
        telegramAccount = account(admin, "telegram", Map.of("botToken", TELEGRAM_TOKEN, "mode", "webhook",
                "apiBaseUrl", TELEGRAM.baseUrl()));
        await().atMost(Duration.ofSeconds(10)).until(() -> TELEGRAM.bot(TELEGRAM_TOKEN).webhookUrl().isPresent());
        account(admin, "whatsapp", Map.of("phoneNumberId", NUMBER, "accessToken", WHATSAPP_TOKEN,
                "appSecret", APP_SECRET, "verifyToken", "fuzz-verify-token", "apiBaseUrl", GRAPH.baseUrl()));
        account(admin, "viber", Map.of("authToken", VIBER_TOKEN, "apiBaseUrl", VIBER.baseUrl()));
        await().atMost(Duration.ofSeconds(20)).until(() -> VIBER_BOT.webhookUrl() != null);
        viberMedia = VIBER_BOT.hostMedia(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0x00}, "image/jpeg",
                "photo.jpg");
        vkAccount = account(admin, "vk", Map.of("accessToken", VK_TOKEN, "groupId", COMMUNITY.groupId(),
                "apiBaseUrl", VK.baseUrl(), "mode", "callback", "confirmationCode", "c0nf1rm9", "secret", VK_SECRET));
        webchatAccount = account(admin, "webchat", Map.of("allowedOrigins", "https://shop.example",
                "title", "Shop", "offlineForm", true));
        spareAccount = admin.post("/api/v1/channel-accounts", Map.of("type", "webchat", "name", "spare chat",
                "lineId", otherLine, "enabled", false, "settings", Map.of("allowedOrigins", "https://shop.example")))
                .ok().get("id").asLong();

        // a client and their session, for replies, transfers and the client's next session
        ObjectNode first = JSON.createObjectNode().put("update_id", 600_000_000L);
        ObjectNode message = first.putObject("message").put("message_id", 50_000_000L)
                .put("date", Instant.now().getEpochSecond()).put("text", "first");
        message.putObject("from").put("id", 880_000_000L).put("is_bot", false).put("first_name", "Fuzz");
        message.putObject("chat").put("id", 880_000_000L).put("first_name", "Fuzz").put("type", "private");
        HubClient.Response stored = HubClient.browser(BASE).postRaw(webhookPath(accountKey(telegramAccount)),
                BadInputs.bytes(first), Map.of("Content-Type", "application/json", "X-Telegram-Bot-Api-Secret-Token",
                        TELEGRAM.bot(TELEGRAM_TOKEN).webhookSecret()));
        assertThat(stored.status()).as(stored.raw()).isEqualTo(200);
        session = jdbc.sql("SELECT id FROM session WHERE account_id = ?").param(telegramAccount).query(Long.class)
                .single();
        client = jdbc.sql("SELECT client_id FROM session WHERE id = ?").param(session).query(Long.class).single();
        template = admin.post("/api/v1/templates", Map.of("name", "Fuzz greeting", "tag", "hello",
                "text", "Hello!")).ok().get("id").asLong();
        subscription = admin.post("/api/v1/webhook-subscriptions", Map.of("url", RECEIVER.url("/fuzz"),
                "events", List.of("session.created"), "secret", "fuzz-subscription-secret", "lineId", otherLine))
                .ok().get("id").asLong();
    }

    private long account(HubClient admin, String type, Map<String, Object> settings) {
        JsonNode created = admin.post("/api/v1/channel-accounts", Map.of("type", type, "name", "fuzz " + type,
                "lineId", line, "settings", settings)).ok();
        assertThat(created.get("status").asText()).as(created.toString()).isEqualTo("RUNNING");
        return created.get("id").asLong();
    }

    private String accountKey(long account) {
        return jdbc.sql("SELECT webhook_key FROM channel_account WHERE id = ?").param(account).query(String.class)
                .single();
    }

    private static String webhookPath(String keyOrUrl) {
        return keyOrUrl.startsWith("http") ? URI.create(keyOrUrl).getRawPath() : "/webhooks/" + keyOrUrl;
    }

    // ---- checks -------------------------------------------------------------------------------------------------

    /** @return whether the body carries a messages change for a phone number no account has */
    private static boolean forAnotherNumber(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return false;
        }
        if (root == null) {
            return false;
        }
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode number = change.path("value").path("metadata").path("phone_number_id");
                if ("messages".equals(change.path("field").asText()) && !NUMBER.equals(number.asText(null))) {
                    return true;
                }
            }
        }
        return false;
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : COUNTED) {
            counts.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single());
        }
        return counts;
    }

    /** @return what was stored only in part: sessions without messages, clients without identities, ... */
    private List<String> wholeness() {
        List<String> found = new ArrayList<>();
        found.addAll(jdbc.sql("SELECT CONCAT('session ', s.id, ' has no message') FROM session s"
                + " WHERE NOT EXISTS (SELECT 1 FROM message m WHERE m.session_id = s.id)").query(String.class).list());
        found.addAll(jdbc.sql("SELECT CONCAT('client ', c.id, ' has no identity') FROM client c"
                + " WHERE NOT EXISTS (SELECT 1 FROM client_identity i WHERE i.client_id = c.id)").query(String.class)
                .list());
        found.addAll(jdbc.sql("SELECT CONCAT('session ', s.id, ' has a client without an identity on its account')"
                + " FROM session s WHERE NOT EXISTS (SELECT 1 FROM client_identity i WHERE i.client_id = s.client_id"
                + " AND i.account_id = s.account_id)").query(String.class).list());
        found.addAll(jdbc.sql("SELECT CONCAT('inbound message ', m.id, ' is in session ', s.id, ' of another account')"
                + " FROM message m JOIN session s ON s.id = m.session_id WHERE m.direction = 'INBOUND'"
                + " AND m.account_id <> s.account_id").query(String.class).list());
        // the Telegram mapper takes a message's photo or document or refuses the whole update: never the one alone
        found.addAll(jdbc.sql("SELECT CONCAT('Telegram message ', m.id, ' was stored without its file') FROM message m"
                + " JOIN channel_account c ON c.id = m.account_id WHERE c.type = 'telegram' AND m.direction = 'INBOUND'"
                + " AND (JSON_TYPE(JSON_EXTRACT(m.raw_payload, '$.message.photo')) = 'ARRAY'"
                + " AND JSON_LENGTH(JSON_EXTRACT(m.raw_payload, '$.message.photo')) > 0"
                + " OR JSON_TYPE(JSON_EXTRACT(m.raw_payload, '$.message.document')) = 'OBJECT')"
                + " AND NOT EXISTS (SELECT 1 FROM message_attachment a WHERE a.message_id = m.id)")
                .query(String.class).list());
        found.addAll(jdbc.sql("SELECT CONCAT('message ', message_id, ' has files numbered ', GROUP_CONCAT(position))"
                + " FROM message_attachment GROUP BY message_id HAVING MIN(position) <> 0"
                + " OR MAX(position) <> COUNT(*) - 1").query(String.class).list());
        return found;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
        }
        return least;
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    private Answer request(String method, String path, String contentType, Map<String, String> headers, byte[] body)
            throws InterruptedException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30));
        } catch (IllegalArgumentException e) {
            // a path no HTTP client would send: nothing to learn from it
            return new Answer(400, "", "");
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null && !contentType.isEmpty()) {
            builder.header("Content-Type", contentType);
        }
        headers.forEach((name, value) -> {
            try {
                builder.header(name, value);
            } catch (IllegalArgumentException e) {
                // a value the client refuses to send (control characters): left out
            }
        });
        requests++;
        sentBytes += body == null ? 0 : body.length;
        try {
            HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            statuses.merge(Integer.toString(r.statusCode()), 1, Integer::sum);
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            problems.add(method + " " + path + ": the connection failed: " + e);
            return new Answer(0, "", "");
        }
    }

    private static String cut(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
