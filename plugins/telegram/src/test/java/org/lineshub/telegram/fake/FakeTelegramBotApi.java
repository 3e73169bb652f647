package org.lineshub.telegram.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake Telegram Bot API server for tests and benchmarks: a real HTTP server on 127.0.0.1 that answers the methods
 * the Telegram plugin uses the way https://core.telegram.org/bots/api documents them ({@code {"ok":true,"result":...}}
 * or {@code {"ok":false,"error_code":N,"description":"..."}}).
 *
 * <p>Point a Telegram account's {@code apiBaseUrl} at {@link #baseUrl()} and create its bot with {@link #bot(String)};
 * requests with any other token get 401 Unauthorized. Supported: getMe, getUpdates (offsets confirm, long polling,
 * 409 while a webhook is set, 409 for a second concurrent poller), setWebhook (updates are then pushed to the URL, one
 * at a time, until it answers 2xx), deleteWebhook, getWebhookInfo, sendMessage, sendPhoto, sendDocument, getFile and
 * file downloads from {@code /file/bot<token>/<file_path>}. Parameters are read from the query string, JSON,
 * form-urlencoded or multipart bodies, like Telegram does. Unlike Telegram, webhooks may be plain {@code http}.
 *
 * <pre>{@code
 * try (FakeTelegramBotApi api = FakeTelegramBotApi.start()) {
 *     FakeBot bot = api.bot("123:abc");
 *     long updateId = bot.enqueueText(42, 42, "Ann", "hello");
 *     // ... start an account with apiBaseUrl = api.baseUrl(), botToken = "123:abc"
 *     List<SentRecord> replies = bot.awaitSent(1, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * Thread-safe. {@link #close()} stops the server, wakes long polls and stops webhook pushes.
 */
public final class FakeTelegramBotApi implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final ExecutorService pushThreads;
    private final HttpClient webhookClient;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, FakeBot> bots = new ConcurrentHashMap<>();
    private volatile Duration webhookRetryDelay = Duration.ofMillis(200);
    private volatile boolean closed;

    private FakeTelegramBotApi(int port) throws IOException {
        AtomicInteger threads = new AtomicInteger();
        requestThreads = Executors.newCachedThreadPool(
                r -> daemon(r, "fake-telegram-http-" + threads.incrementAndGet()));
        pushThreads = Executors.newCachedThreadPool(
                r -> daemon(r, "fake-telegram-push-" + threads.incrementAndGet()));
        webhookClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        server.setExecutor(requestThreads);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts a server on a free port.
     *
     * @return the running server
     */
    public static FakeTelegramBotApi start() {
        return start(0);
    }

    /**
     * Starts a server on the given port of 127.0.0.1.
     *
     * @param port the port, or 0 for a free one
     * @return the running server
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static FakeTelegramBotApi start(int port) {
        try {
            return new FakeTelegramBotApi(port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Telegram Bot API on port " + port, e);
        }
    }

    /** @return the base URL for the plugin's {@code apiBaseUrl} setting, e.g. {@code http://127.0.0.1:40123} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Returns the bot with this token, creating it on first use. Only tokens of created bots are accepted.
     *
     * @param token a bot token, by convention {@code <digits>:<letters>}
     * @return the bot's state
     */
    public FakeBot bot(String token) {
        return bots.computeIfAbsent(token, t -> new FakeBot(this, t));
    }

    /**
     * Sets how long a webhook push waits before it tries again after a non-2xx answer or a connection error.
     *
     * @param delay the delay; 200 ms unless set
     */
    public void webhookRetryDelay(Duration delay) {
        this.webhookRetryDelay = delay;
    }

    Duration webhookRetryDelay() {
        return webhookRetryDelay;
    }

    HttpClient webhookClient() {
        return webhookClient;
    }

    ObjectMapper json() {
        return json;
    }

    boolean isClosed() {
        return closed;
    }

    void startPusher(Runnable pusher) {
        pushThreads.execute(pusher);
    }

    /** Stops the server; waiting long polls return, webhook pushes stop. */
    @Override
    public void close() {
        closed = true;
        bots.values().forEach(FakeBot::wakeUp);
        server.stop(0);
        requestThreads.shutdownNow();
        pushThreads.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/file/bot")) {
                download(exchange, path.substring("/file/bot".length()));
                return;
            }
            if (!path.startsWith("/bot") || path.indexOf('/', 4) < 0) {
                respond(exchange, FakeBot.error(json, 404, "Not Found"));
                return;
            }
            int slash = path.indexOf('/', 4);
            String token = URLDecoder.decode(path.substring(4, slash), StandardCharsets.UTF_8);
            String method = path.substring(slash + 1);
            FakeBot bot = bots.get(token);
            if (bot == null) {
                respond(exchange, FakeBot.error(json, 401, "Unauthorized"));
                return;
            }
            Map<String, FakeBot.Param> params;
            try {
                params = params(exchange);
            } catch (IllegalArgumentException e) {
                respond(exchange, FakeBot.error(json, 400, "Bad Request: " + e.getMessage()));
                return;
            }
            respond(exchange, bot.call(method, params));
        } catch (RuntimeException e) {
            respond(exchange, FakeBot.error(json, 500, "Internal Server Error"));
        } finally {
            exchange.close();
        }
    }

    private void download(HttpExchange exchange, String rest) throws IOException {
        int slash = rest.indexOf('/');
        FakeBot bot = slash < 0 ? null : bots.get(URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8));
        if (bot == null) {
            respond(exchange, FakeBot.error(json, 401, "Unauthorized"));
            return;
        }
        String filePath = URLDecoder.decode(rest.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        byte[] bytes = bot.fileByPath(filePath);
        if (bytes == null) {
            respond(exchange, FakeBot.error(json, 404, "Not Found"));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void respond(HttpExchange exchange, FakeBot.Answer answer) throws IOException {
        byte[] body = json.writeValueAsBytes(answer.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Reads parameters the ways Telegram accepts them: query string, JSON, urlencoded or multipart body. */
    private Map<String, FakeBot.Param> params(HttpExchange exchange) throws IOException {
        Map<String, FakeBot.Param> params = new LinkedHashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            urlencoded(query, params);
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (body.length == 0) {
            return params;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            JsonNode tree;
            try {
                tree = json.readTree(body);
            } catch (IOException e) {
                throw new IllegalArgumentException("can't parse JSON object");
            }
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException("can't parse JSON object");
            }
            tree.fields().forEachRemaining(e -> params.put(e.getKey(),
                    FakeBot.Param.text(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString())));
        } else if (type.startsWith("application/x-www-form-urlencoded")) {
            urlencoded(new String(body, StandardCharsets.UTF_8), params);
        } else if (type.startsWith("multipart/form-data")) {
            multipart(body, boundary(contentType), params);
        }
        return params;
    }

    private static void urlencoded(String query, Map<String, FakeBot.Param> params) {
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, FakeBot.Param.text(value));
        }
    }

    private static String boundary(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                return b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw new IllegalArgumentException("multipart body without boundary");
    }

    private static void multipart(byte[] body, String boundary, Map<String, FakeBot.Param> params) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int start = indexOf(body, delimiter, 0);
        if (start < 0) {
            throw new IllegalArgumentException("multipart body without parts");
        }
        while (true) {
            int partStart = start + delimiter.length;
            if (partStart + 1 < body.length && body[partStart] == '-' && body[partStart + 1] == '-') {
                return;
            }
            partStart += 2;
            int next = indexOf(body, delimiter, partStart);
            if (next < 0) {
                throw new IllegalArgumentException("multipart body is not terminated");
            }
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), partStart);
            if (headerEnd < 0 || headerEnd > next) {
                throw new IllegalArgumentException("multipart part without headers");
            }
            String headers = new String(body, partStart, headerEnd - partStart, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headerEnd + 4, Math.max(headerEnd + 4, next - 2));
            String name = null;
            String fileName = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-disposition:")) {
                    name = attribute(line, "name");
                    fileName = attribute(line, "filename");
                } else if (lower.startsWith("content-type:")) {
                    type = line.substring("content-type:".length()).strip();
                }
            }
            if (name != null) {
                params.put(name, fileName == null
                        ? FakeBot.Param.text(new String(content, StandardCharsets.UTF_8))
                        : new FakeBot.Param(null, fileName, type, content));
            }
            start = next;
        }
    }

    private static String attribute(String header, String attribute) {
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(attribute + "=\"") && p.endsWith("\"")) {
                return p.substring(attribute.length() + 2, p.length() - 1);
            }
        }
        return null;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
