package org.lineshub.hub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake of the loopback platform, the minimal messaging platform the loopback plugin
 * ({@code src/test/loopback}) talks to, over real HTTP on 127.0.0.1. Each {@link Account} lives under a path of
 * its own, which is the plugin's {@code baseUrl} setting:
 * <ul>
 *   <li>{@code GET <baseUrl>/updates?offset=N}: drops the updates below N (the plugin acknowledged them) and answers
 *       the rest, one event per line; waits up to a second when there are none (a long poll);</li>
 *   <li>{@code POST <baseUrl>/send} (form: chat, message, text, sender, replyTo, file and data pairs): records the
 *       message and answers its platform id ({@code out-<n>}), unless told to fail or to hang;</li>
 *   <li>{@code GET <baseUrl>/files/<ref>}: a file a client sent.</li>
 * </ul>
 * It also plays the platform's side of webhooks: it posts signed events and handshakes to the hub. Thread-safe.
 */
public final class LoopbackPlatform implements AutoCloseable {

    /** The header of the webhook signature, {@code sha256=<hex HMAC-SHA256 of the body>}. */
    public static final String SIGNATURE_HEADER = "X-Loopback-Signature";

    private static final Duration LONG_POLL = Duration.ofSeconds(1);

    /**
     * An answer of the hub to a webhook call.
     *
     * @param status the HTTP status
     * @param body   the body as text
     */
    public record Answer(int status, String body) {
    }

    /**
     * A message the plugin sent.
     *
     * @param chat       the chat it went to
     * @param text       its text, or {@code null}
     * @param messageId  the hub's id of the message, as the plugin passed it
     * @param platformId the id the platform gave it
     * @param sender     the sender name, or {@code null}
     * @param replyTo    the id of the message it answers, or {@code null}
     * @param files      its files by name
     */
    public record Sent(String chat, String text, long messageId, String platformId, String sender, String replyTo,
                       Map<String, byte[]> files) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-platform");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicLong names = new AtomicLong();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LoopbackPlatform() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.setExecutor(threads);
        server.start();
    }

    /** @return a platform listening on a free port of 127.0.0.1 */
    public static LoopbackPlatform start() {
        try {
            return new LoopbackPlatform();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the server's address */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return a new account of the platform */
    public Account newAccount() {
        return account("account-" + names.incrementAndGet());
    }

    /**
     * @param name the account's name, part of its base URL
     * @return the account, created when new
     */
    public Account account(String name) {
        return accounts.computeIfAbsent(name, n -> new Account(url() + "/" + n));
    }

    // ---- the platform's side of webhooks ----------------------------------------------------------------------

    /**
     * Posts events to a webhook of the hub, one per line, signed with the secret as the platform does.
     *
     * @return the hub's answer
     */
    public Answer postWebhook(String url, String secret, Event... events) {
        String body = lines(events);
        return postWebhook(url, "sha256=" + sign(secret, body), body);
    }

    /**
     * Posts a body to a webhook of the hub with a signature header of the caller's choice.
     *
     * @param signature the header's value, or {@code null} for none
     * @return the hub's answer
     */
    public Answer postWebhook(String url, String signature, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header(SIGNATURE_HEADER, signature);
        }
        return call(request.build());
    }

    /** Makes the platform's handshake: {@code GET <url>?challenge=<challenge>&verify=<verify>}. */
    public Answer handshake(String url, String challenge, String verify) {
        String query = "challenge=" + encode(challenge) + "&verify=" + encode(verify);
        return call(HttpRequest.newBuilder(URI.create(url + (url.contains("?") ? "&" : "?") + query))
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** @return the hex HMAC-SHA256 of the body with the secret */
    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the events as a body: one per line */
    public static String lines(Event... events) {
        StringJoiner body = new StringJoiner("\n", "", "\n");
        for (Event e : events) {
            body.add(e.line());
        }
        return body.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private Answer call(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the platform's API ------------------------------------------------------------------------------------

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getRawPath().split("/", 4);
            Account account = path.length < 3 ? null : accounts.get(path[1]);
            String method = exchange.getRequestMethod();
            if (account == null) {
                respond(exchange, 404, "text/plain", "no such account");
            } else if (method.equals("GET") && path[2].equals("updates")) {
                String offset = form(exchange.getRequestURI().getRawQuery()).getOrDefault("offset", List.of("0"))
                        .get(0);
                respond(exchange, 200, "text/plain; charset=UTF-8", account.poll(Long.parseLong(offset)));
            } else if (method.equals("POST") && path[2].equals("send")) {
                account.send(exchange, form(new String(exchange.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8)));
            } else if (method.equals("GET") && path[2].equals("files") && path.length == 4) {
                account.file(exchange, URLDecoder.decode(path[3], StandardCharsets.UTF_8));
            } else {
                respond(exchange, 404, "text/plain", "no such method");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        respond(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, List<String>> form(String encoded) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null ? null : values.get(0);
    }

    /**
     * One account of the platform: its pending updates, the messages sent through it, its files and faults.
     * Message ids ({@code m-<n>}), platform ids of sent messages ({@code out-<n>}) and file refs count per account.
     */
    public static final class Account {

        private record StoredFile(String name, String type, byte[] content) {
        }

        private final String baseUrl;
        // guarded by this
        private long nextUpdate = 1;
        private long nextMessage = 1;
        private long nextSent = 1;
        private long nextFile = 1;
        private final TreeMap<Long, String> pending = new TreeMap<>();
        private final List<Sent> sent = new ArrayList<>();
        private final Deque<Integer> faults = new ArrayDeque<>();
        private final Map<String, StoredFile> files = new HashMap<>();
        private int sendCalls;
        private int polls;
        private String fixedPlatformId;
        private Duration sendDelay = Duration.ZERO;
        private boolean hanging;
        private int held;
        private final Map<Long, List<Instant>> sendTimes = new HashMap<>();

        private Account(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** @return the plugin's {@code baseUrl} setting for this account */
        public String baseUrl() {
            return baseUrl;
        }

        /** @return a message id no other message of this account has */
        public synchronized String newMessageId() {
            return "m-" + nextMessage++;
        }

        /**
         * Queues an event for polling.
         *
         * @return the event's update number
         */
        public synchronized long enqueue(Event event) {
            long update = nextUpdate++;
            pending.put(update, "update=" + update + "&" + event.line());
            notifyAll();
            return update;
        }

        /**
         * Queues a text message of a client for polling.
         *
         * @return the message's id
         */
        public String enqueueText(String chat, String user, String name, String text) {
            String id = newMessageId();
            enqueue(Event.message(id, chat, user, name, text));
            return id;
        }

        /**
         * Queues a client's message with a file, which the platform then serves.
         *
         * @return the message's id
         */
        public String enqueueFile(String chat, String user, String name, String text, String fileName,
                                  String mimeType, byte[] content) {
            String ref = addFile(fileName, mimeType, content);
            String id = newMessageId();
            enqueue(Event.message(id, chat, user, name, text).with("fileRef", ref).with("fileName", fileName)
                    .with("fileType", mimeType));
            return id;
        }

        /** @return the reference of a new file the platform serves */
        public synchronized String addFile(String fileName, String mimeType, byte[] content) {
            String ref = "file-" + nextFile++;
            files.put(ref, new StoredFile(fileName, mimeType, content.clone()));
            return ref;
        }

        /** @return updates queued and not yet acknowledged by a poll with a higher offset */
        public synchronized int pendingUpdateCount() {
            return pending.size();
        }

        /** @return how many times the plugin polled */
        public synchronized int polls() {
            return polls;
        }

        /** @return the messages sent so far, in order */
        public synchronized List<Sent> sent() {
            return List.copyOf(sent);
        }

        /** @return how many times the plugin called send, including failed calls */
        public synchronized int sendCalls() {
            return sendCalls;
        }

        /** Waits until at least {@code count} messages were sent; returns them all. */
        public synchronized List<Sent> awaitSent(int count, Duration timeout) {
            Instant end = Instant.now().plus(timeout);
            while (sent.size() < count) {
                long left = Duration.between(Instant.now(), end).toMillis();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " sent messages within " + timeout + ", got "
                            + sent.size());
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            return List.copyOf(sent);
        }

        /** The next {@code times} sends fail with this status (500: the platform fails; 400: it refuses). */
        public synchronized void failSends(int status, int times) {
            for (int i = 0; i < times; i++) {
                faults.add(status);
            }
        }

        /** Sends succeed again. */
        public synchronized void clearFaults() {
            faults.clear();
        }

        /**
         * Answers every later send with this platform id instead of {@code out-<n>}, e.g. one too long to store, or
         * the same id twice.
         *
         * @param platformId the id, or {@code null} for {@code out-<n>} again
         */
        public synchronized void answerSendsWith(String platformId) {
            fixedPlatformId = platformId;
        }

        /**
         * Makes every later send take this long before the platform accepts it and answers.
         *
         * @param delay the time a send takes, {@link Duration#ZERO} for none
         */
        public synchronized void slowSends(Duration delay) {
            sendDelay = delay;
        }

        /**
         * Makes later sends hang, as a platform that takes the connection and never answers: each is held, neither
         * accepted nor answered, until {@link #recover()}.
         */
        public synchronized void hangSends() {
            hanging = true;
        }

        /**
         * Ends a hang as a platform that restarts: the sends it held fail with 503 (none of them was accepted; a
         * client that gave up on one meanwhile gets nothing), later ones are answered again.
         */
        public synchronized void recover() {
            hanging = false;
            notifyAll();
        }

        /** @return how many sends the platform holds now, without an answer */
        public synchronized int heldSends() {
            return held;
        }

        /**
         * @param messageId the hub's id of a message, as the plugin passes it
         * @return when the plugin called send for it, each attempt, in order
         */
        public synchronized List<Instant> sendTimes(long messageId) {
            return List.copyOf(sendTimes.getOrDefault(messageId, List.of()));
        }

        private synchronized String poll(long offset) throws InterruptedException {
            polls++;
            pending.headMap(offset).clear();
            Instant end = Instant.now().plus(LONG_POLL);
            while (pending.isEmpty()) {
                long left = Duration.between(Instant.now(), end).toMillis();
                if (left <= 0) {
                    return "";
                }
                wait(left);
            }
            return String.join("\n", pending.values()) + "\n";
        }

        private void send(HttpExchange exchange, Map<String, List<String>> form) throws IOException,
                InterruptedException {
            Duration delay;
            boolean wasHeld = false;
            synchronized (this) {
                sendCalls++;
                delay = sendDelay;
                String message = first(form, "message");
                if (message != null) {
                    sendTimes.computeIfAbsent(Long.parseLong(message), m -> new ArrayList<>()).add(Instant.now());
                }
                if (hanging) {
                    held++;
                    try {
                        while (hanging) {
                            wait();
                        }
                    } finally {
                        held--;
                    }
                    wasHeld = true;
                }
            }
            if (wasHeld) {
                try {
                    respond(exchange, 503, "text/plain", "platform restarted");
                } catch (IOException e) {
                    // the client gave up on this request long ago
                }
                return;
            }
            // outside the lock: other requests of the account go on meanwhile
            Thread.sleep(delay.toMillis());
            Integer fault;
            String id;
            synchronized (this) {
                fault = faults.poll();
                if (fault == null) {
                    id = fixedPlatformId != null ? fixedPlatformId : "out-" + nextSent++;
                    Map<String, byte[]> attached = new LinkedHashMap<>();
                    List<String> names = form.getOrDefault("file", List.of());
                    for (int i = 0; i < names.size(); i++) {
                        attached.put(names.get(i), Base64.getDecoder().decode(form.get("data").get(i)));
                    }
                    sent.add(new Sent(first(form, "chat"), first(form, "text"), Long.parseLong(first(form, "message")),
                            id, first(form, "sender"), first(form, "replyTo"), attached));
                    notifyAll();
                } else {
                    id = null;
                }
            }
            if (fault != null) {
                respond(exchange, fault, "text/plain", fault >= 500 ? "platform trouble" : "chat not found");
            } else {
                respond(exchange, 200, "text/plain", id);
            }
        }

        private void file(HttpExchange exchange, String ref) throws IOException {
            StoredFile file;
            synchronized (this) {
                file = files.get(ref);
            }
            if (file == null) {
                respond(exchange, 404, "text/plain", "no such file");
            } else {
                respond(exchange, 200, file.type(), file.content());
            }
        }
    }

    /** An event of the platform, written as the plugin reads it: form-encoded fields on one line. */
    public static final class Event {

        private final Map<String, String> fields = new LinkedHashMap<>();

        private Event(String type) {
            fields.put("type", type);
        }

        /** @return a client's text message */
        public static Event message(String id, String chat, String user, String name, String text) {
            return new Event("message").with("id", id).with("chat", chat).with("user", user).with("name", name)
                    .with("text", text);
        }

        /** @return the client changed the text of a message */
        public static Event edit(String id, String text) {
            return new Event("edit").with("id", id).with("text", text);
        }

        /** @return the client deleted a message */
        public static Event delete(String id) {
            return new Event("delete").with("id", id);
        }

        /**
         * @param platformId the platform's id of a message the plugin sent
         * @param status     SENT, DELIVERED, READ or FAILED
         * @param error      the reason of a failure, or {@code null}
         * @return a delivery receipt
         */
        public static Event receipt(String platformId, String status, String error) {
            return new Event("receipt").with("id", platformId).with("status", status).with("error", error);
        }

        /** @return this event with one more field (none when the value is {@code null}) */
        public Event with(String name, String value) {
            if (value != null) {
                fields.put(name, value);
            }
            return this;
        }

        /** @return the event's {@code id} field */
        public String id() {
            return fields.get("id");
        }

        /** @return the event as one line */
        public String line() {
            StringJoiner line = new StringJoiner("&");
            fields.forEach((name, value) -> line.add(encode(name) + "=" + encode(value)));
            return line.toString();
        }
    }
}
