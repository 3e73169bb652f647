package org.lineshub.telegram.fake;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One bot of the {@link FakeTelegramBotApi}: its pending updates, webhook, files, sent messages and injected faults.
 * Update ids increase per bot, message ids per chat. Thread-safe: every method may be called while the plugin talks
 * to the server.
 */
public final class FakeBot {

    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final int MAX_TEXT = 4096;
    private static final int MAX_CAPTION = 1024;
    private static final Map<String, String> METHODS = new HashMap<>();
    /** A queued call that succeeds, ahead of injected faults. */
    private static final int PASS = 0;

    static {
        for (String m : List.of("getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo",
                "sendMessage", "sendPhoto", "sendDocument", "getFile")) {
            METHODS.put(m.toLowerCase(Locale.ROOT), m);
        }
    }

    private final FakeTelegramBotApi api;
    private final ObjectMapper json;
    private final String token;
    private final long id;

    // guarded by this
    private long nextUpdateId = 1;
    private final TreeMap<Long, ObjectNode> pending = new TreeMap<>();
    private final Map<Long, Instant> deliveredAt = new HashMap<>();
    private final Map<Long, Long> lastMessageIds = new HashMap<>();
    private final List<SentRecord> sent = new ArrayList<>();
    private final Map<String, Deque<Integer>> faults = new HashMap<>();
    private final Map<String, FakeFile> filesById = new HashMap<>();
    private final Map<String, FakeFile> filesByPath = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private List<String> allowedUpdates = List.of();
    private String webhookUrl;
    private String webhookSecret;
    private boolean pusherStarted;
    private long pollGeneration;
    private long nextFile = 1;
    private Long sentDate;
    private volatile Consumer<SentRecord> sentListener = record -> { };

    FakeBot(FakeTelegramBotApi api, String token) {
        this.api = api;
        this.json = api.json();
        this.token = token;
        String digits = token.contains(":") ? token.substring(0, token.indexOf(':')) : "";
        this.id = digits.matches("\\d{1,18}") ? Long.parseLong(digits) : Math.abs((long) token.hashCode());
    }

    /** @return the bot's token */
    public String token() {
        return token;
    }

    /** @return the bot's user id, the digits before the colon of its token */
    public long id() {
        return id;
    }

    // ---- updates -------------------------------------------------------------------------------------------

    /**
     * Queues a text message from a user, shaped like Telegram sends it (private chat when {@code chatId} is positive,
     * a group otherwise).
     *
     * @param chatId    the chat; in private chats Telegram uses the user's id
     * @param userId    the sender's user id
     * @param firstName the sender's first name
     * @param text      the text
     * @return the update's {@code update_id}
     */
    public synchronized long enqueueText(long chatId, long userId, String firstName, String text) {
        ObjectNode message = message(chatId, userId, firstName);
        message.put("text", text);
        return enqueue(message);
    }

    /**
     * Queues a photo message: two sizes (a 90 px thumbnail and the full picture), both downloadable with getFile.
     *
     * @param chatId    the chat
     * @param userId    the sender's user id
     * @param firstName the sender's first name
     * @param caption   the caption, or {@code null}
     * @param jpeg      the picture's bytes
     * @return the update's {@code update_id}
     */
    public synchronized long enqueuePhoto(long chatId, long userId, String firstName, String caption, byte[] jpeg) {
        ObjectNode message = message(chatId, userId, firstName);
        ArrayNode sizes = message.putArray("photo");
        sizes.add(photoSize(newFile("photos", ".jpg", jpeg), 90, 60));
        sizes.add(photoSize(newFile("photos", ".jpg", jpeg), 1280, 853));
        if (caption != null) {
            message.put("caption", caption);
        }
        return enqueue(message);
    }

    /**
     * Queues a document (any file) message; the file is downloadable with getFile.
     *
     * @param chatId    the chat
     * @param userId    the sender's user id
     * @param firstName the sender's first name
     * @param fileName  the file's name
     * @param mimeType  the file's media type
     * @param content   the file's bytes
     * @param caption   the caption, or {@code null}
     * @return the update's {@code update_id}
     */
    public synchronized long enqueueDocument(long chatId, long userId, String firstName, String fileName,
                                             String mimeType, byte[] content, String caption) {
        ObjectNode message = message(chatId, userId, firstName);
        FakeFile file = newFile("documents", extension(fileName), content);
        message.putObject("document")
                .put("file_name", fileName)
                .put("mime_type", mimeType)
                .put("file_id", file.fileId())
                .put("file_unique_id", file.uniqueId())
                .put("file_size", content.length);
        if (caption != null) {
            message.put("caption", caption);
        }
        return enqueue(message);
    }

    /**
     * Queues any update, e.g. an {@code edited_message} or a deliberately broken one.
     *
     * @param updateJson an {@code Update} object; {@code update_id} is assigned when missing
     * @return the update's {@code update_id}
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public synchronized long enqueueUpdate(String updateJson) {
        JsonNode tree;
        try {
            tree = json.readTree(updateJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("an update must be a JSON object");
        }
        ObjectNode update = (ObjectNode) tree;
        long updateId;
        if (update.path("update_id").canConvertToLong()) {
            updateId = update.path("update_id").asLong();
            nextUpdateId = Math.max(nextUpdateId, updateId + 1);
        } else {
            updateId = nextUpdateId++;
            ObjectNode ordered = json.createObjectNode().put("update_id", updateId);
            update.fields().forEachRemaining(e -> ordered.set(e.getKey(), e.getValue()));
            update = ordered;
        }
        pending.put(updateId, update);
        notifyAll();
        return updateId;
    }

    /** @return how many updates Telegram would still deliver: not confirmed by an offset or a 2xx webhook answer */
    public synchronized int pendingUpdateCount() {
        return pending.size();
    }

    /** @return how often getUpdates was called, including calls answered with an error */
    public synchronized int getUpdatesCalls() {
        return calls.getOrDefault("getUpdates", 0);
    }

    /**
     * @param method a Bot API method, e.g. {@code setWebhook}
     * @return how often it was called, including calls answered with an error
     */
    public synchronized int calls(String method) {
        return calls.getOrDefault(method, 0);
    }

    /**
     * For measuring latency: when an update first left the fake.
     *
     * @param updateId an update's id
     * @return the first time it was handed out by getUpdates or pushed to a webhook, or {@code null} if never
     */
    public synchronized Instant deliveredAt(long updateId) {
        return deliveredAt.get(updateId);
    }

    // ---- webhook -------------------------------------------------------------------------------------------

    /** @return the webhook URL set with setWebhook, or empty */
    public synchronized Optional<String> webhookUrl() {
        return Optional.ofNullable(webhookUrl);
    }

    /** @return the {@code secret_token} set with setWebhook, or {@code null} */
    public synchronized String webhookSecret() {
        return webhookSecret;
    }

    // ---- sent messages -------------------------------------------------------------------------------------

    /** @return the messages the bot sent so far, in order */
    public synchronized List<SentRecord> sent() {
        return List.copyOf(sent);
    }

    /**
     * Waits until the bot sent at least {@code count} messages.
     *
     * @param count   how many
     * @param timeout how long to wait
     * @return all sent messages, in order
     * @throws AssertionError when fewer were sent in time
     */
    public synchronized List<SentRecord> awaitSent(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sent.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " sent messages within " + timeout + ", got "
                        + sent.size() + ": " + sent);
            }
            waitNanos(left);
        }
        return List.copyOf(sent);
    }

    /**
     * Calls a listener with every message the bot sends from now on, as the fake accepts it: on the thread of the
     * request, after the message was recorded and before Telegram's answer goes back. For timing deliveries, so it
     * must be quick and thread-safe; concurrent sends call it concurrently.
     *
     * @param listener the listener, or {@code null} for none
     */
    public void onSent(Consumer<SentRecord> listener) {
        this.sentListener = listener == null ? record -> { } : listener;
    }

    // ---- faults and files ----------------------------------------------------------------------------------

    /**
     * Makes the next calls of a method fail with a Bot-API-shaped error, e.g. {@code failNext("sendMessage", 502, 2)}.
     * 429 answers carry {@code parameters.retry_after = 1}; 403 says the bot was blocked by the user.
     *
     * @param method     a Bot API method, e.g. {@code sendMessage}
     * @param httpStatus the status (and {@code error_code}) to answer
     * @param times      how many calls fail
     */
    public synchronized void failNext(String method, int httpStatus, int times) {
        Deque<Integer> queue = faults.computeIfAbsent(canonical(method), m -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(httpStatus);
        }
    }

    /**
     * Lets the next {@code successes} calls of a method succeed, then makes {@code times} calls fail like
     * {@link #failNext}: e.g. {@code failAfter("sendMessage", 1, 502, 1)} fails the second part of a split text.
     *
     * @param method     a Bot API method, e.g. {@code sendMessage}
     * @param successes  how many calls succeed first
     * @param httpStatus the status (and {@code error_code}) to answer then
     * @param times      how many calls fail
     */
    public synchronized void failAfter(String method, int successes, int httpStatus, int times) {
        Deque<Integer> queue = faults.computeIfAbsent(canonical(method), m -> new ArrayDeque<>());
        for (int i = 0; i < successes; i++) {
            queue.add(PASS);
        }
        failNext(method, httpStatus, times);
    }

    /**
     * Makes Telegram's answers to the messages the bot sends carry this {@code date}, e.g. one no clock shows.
     *
     * @param epochSeconds the date, in seconds since the epoch, or {@code null} for the current time again
     */
    public synchronized void answerSendsWithDate(Long epochSeconds) {
        sentDate = epochSeconds;
    }

    /** Forgets every fault queued with {@link #failNext}: calls succeed again. */
    public synchronized void clearFaults() {
        faults.clear();
    }

    /**
     * Makes a file downloadable: getFile answers for {@code fileId}, {@code /file/bot<token>/<filePath>} serves it.
     *
     * @param fileId   the {@code file_id}
     * @param filePath the {@code file_path}, e.g. {@code documents/file_1.pdf}
     * @param bytes    the content
     */
    public synchronized void registerFile(String fileId, String filePath, byte[] bytes) {
        FakeFile file = new FakeFile(fileId, "u" + fileId.hashCode(), filePath, bytes.clone());
        filesById.put(fileId, file);
        filesByPath.put(filePath, file);
    }

    synchronized byte[] fileByPath(String filePath) {
        FakeFile file = filesByPath.get(filePath);
        return file == null ? null : file.bytes();
    }

    synchronized void wakeUp() {
        notifyAll();
    }

    // ---- the API -------------------------------------------------------------------------------------------

    Answer call(String rawMethod, Map<String, Param> params) {
        String method = canonical(rawMethod);
        Integer fault;
        synchronized (this) {
            calls.merge(method, 1, Integer::sum);
            Deque<Integer> queue = faults.get(method);
            fault = queue == null ? null : queue.poll();
        }
        if (fault != null && fault == PASS) {
            fault = null;
        }
        if (fault != null) {
            return fault(fault);
        }
        try {
            return switch (method) {
                case "getMe" -> ok(me());
                case "getUpdates" -> getUpdates(params);
                case "setWebhook" -> setWebhook(params);
                case "deleteWebhook" -> deleteWebhook(params);
                case "getWebhookInfo" -> ok(webhookInfo());
                case "sendMessage" -> sendMessage(params);
                case "sendPhoto", "sendDocument" -> sendFile(method, params);
                case "getFile" -> getFile(params);
                default -> error(json, 404, "Not Found");
            };
        } catch (BadRequest e) {
            return error(json, 400, "Bad Request: " + e.getMessage());
        }
    }

    private Answer getUpdates(Map<String, Param> params) {
        long offset = longParam(params, "offset", 0);
        int limit = (int) Math.max(1, Math.min(100, longParam(params, "limit", 100)));
        long timeout = Math.max(0, longParam(params, "timeout", 0));
        List<String> allowed = params.containsKey("allowed_updates") ? stringList(params.get("allowed_updates").value())
                : null;
        synchronized (this) {
            if (webhookUrl != null) {
                return error(json, 409,
                        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
                                + "the webhook first");
            }
            if (allowed != null) {
                // like Telegram: the setting holds for later calls that do not repeat it
                allowedUpdates = allowed;
            }
            confirm(offset);
            long generation = ++pollGeneration;
            notifyAll();
            long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
            List<ObjectNode> updates = available(limit);
            while (updates.isEmpty() && !api.isClosed()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                waitNanos(left);
                if (generation != pollGeneration) {
                    return error(json, 409, "Conflict: terminated by other getUpdates request; make sure that only "
                            + "one bot instance is running");
                }
                if (webhookUrl != null) {
                    return error(json, 409, "Conflict: can't use getUpdates method while webhook is active; use "
                            + "deleteWebhook to delete the webhook first");
                }
                updates = available(limit);
            }
            Instant now = Instant.now();
            ArrayNode result = json.createArrayNode();
            for (ObjectNode update : updates) {
                deliveredAt.putIfAbsent(update.get("update_id").asLong(), now);
                result.add(update.deepCopy());
            }
            return ok(result);
        }
    }

    /** Confirms updates like Telegram: all below a positive offset; a negative one keeps only the last -offset. */
    private void confirm(long offset) {
        if (offset > 0) {
            pending.headMap(offset).clear();
        } else if (offset < 0) {
            while (pending.size() > -offset) {
                pending.pollFirstEntry();
            }
        }
    }

    /** Up to {@code limit} pending updates of allowed kinds; others are dropped, as Telegram never sends them. */
    private List<ObjectNode> available(int limit) {
        List<ObjectNode> result = new ArrayList<>();
        Iterator<ObjectNode> it = pending.values().iterator();
        while (it.hasNext() && result.size() < limit) {
            ObjectNode update = it.next();
            if (allowed(update)) {
                result.add(update);
            } else {
                it.remove();
            }
        }
        return result;
    }

    private boolean allowed(ObjectNode update) {
        if (allowedUpdates.isEmpty()) {
            return true;
        }
        Iterator<String> names = update.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!"update_id".equals(name)) {
                return allowedUpdates.contains(name);
            }
        }
        return false;
    }

    private Answer setWebhook(Map<String, Param> params) {
        String url = textParam(params, "url");
        if (url == null || url.isEmpty()) {
            return deleteWebhook(params);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("bad webhook: invalid URL");
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new BadRequest("bad webhook: An HTTPS URL must be provided for webhook");
        }
        String secret = textParam(params, "secret_token");
        if (secret != null && !secret.isEmpty() && !SECRET.matcher(secret).matches()) {
            throw new BadRequest("secret token contains unallowed characters");
        }
        synchronized (this) {
            if (params.containsKey("allowed_updates")) {
                allowedUpdates = stringList(params.get("allowed_updates").value());
            }
            if ("true".equals(textParam(params, "drop_pending_updates"))) {
                pending.clear();
            }
            webhookUrl = url;
            webhookSecret = secret == null || secret.isEmpty() ? null : secret;
            if (!pusherStarted) {
                pusherStarted = true;
                api.startPusher(this::push);
            }
            notifyAll();
        }
        return ok(json.getNodeFactory().booleanNode(true), "Webhook was set");
    }

    private Answer deleteWebhook(Map<String, Param> params) {
        synchronized (this) {
            boolean wasSet = webhookUrl != null;
            webhookUrl = null;
            webhookSecret = null;
            if ("true".equals(textParam(params, "drop_pending_updates"))) {
                pending.clear();
            }
            notifyAll();
            return ok(json.getNodeFactory().booleanNode(true),
                    wasSet ? "Webhook was deleted" : "Webhook is already deleted");
        }
    }

    private synchronized ObjectNode webhookInfo() {
        ObjectNode info = json.createObjectNode()
                .put("url", webhookUrl == null ? "" : webhookUrl)
                .put("has_custom_certificate", false)
                .put("pending_update_count", pending.size());
        if (webhookUrl != null) {
            info.put("max_connections", 40);
            if (!allowedUpdates.isEmpty()) {
                allowedUpdates.forEach(info.putArray("allowed_updates")::add);
            }
        }
        return info;
    }

    /** Pushes pending updates to the webhook one at a time, in order, each until the hub answers 2xx. */
    private void push() {
        while (!api.isClosed()) {
            ObjectNode update;
            String url;
            String secret;
            synchronized (this) {
                update = null;
                while (!api.isClosed() && update == null) {
                    if (webhookUrl != null) {
                        List<ObjectNode> next = available(1);
                        update = next.isEmpty() ? null : next.get(0);
                    }
                    if (update == null) {
                        waitNanos(Duration.ofSeconds(1).toNanos());
                    }
                }
                if (update == null) {
                    return;
                }
                url = webhookUrl;
                secret = webhookSecret;
                deliveredAt.putIfAbsent(update.get("update_id").asLong(), Instant.now());
                update = update.deepCopy();
            }
            boolean accepted = post(url, secret, update);
            synchronized (this) {
                long updateId = update.get("update_id").asLong();
                if (accepted) {
                    pending.remove(updateId);
                } else {
                    waitNanos(api.webhookRetryDelay().toNanos());
                }
                notifyAll();
            }
        }
    }

    private boolean post(String url, String secret, ObjectNode update) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(update)));
            if (secret != null) {
                request.header("X-Telegram-Bot-Api-Secret-Token", secret);
            }
            int status = api.webhookClient().send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            return status >= 200 && status < 300;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Answer sendMessage(Map<String, Param> params) {
        String chatId = chatId(params);
        String text = textParam(params, "text");
        if (text == null || text.isEmpty()) {
            throw new BadRequest("message text is empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new BadRequest("message is too long");
        }
        Long replyTo = replyTo(params);
        ObjectNode message;
        SentRecord record;
        synchronized (this) {
            message = sentMessage(chatId);
            message.put("text", text);
            record = new SentRecord("sendMessage", chatId, text, null, null, null, null, replyTo,
                    message.get("message_id").asLong());
            sent.add(record);
            notifyAll();
        }
        sentListener.accept(record);
        return ok(message);
    }

    private Answer sendFile(String method, Map<String, Param> params) {
        String chatId = chatId(params);
        String field = "sendPhoto".equals(method) ? "photo" : "document";
        Param file = params.get(field);
        if (file == null || (file.bytes() == null && (file.value() == null || file.value().isEmpty()))) {
            throw new BadRequest("there is no " + field + " in the request");
        }
        String caption = textParam(params, "caption");
        if (caption != null && caption.length() > MAX_CAPTION) {
            throw new BadRequest("message caption is too long");
        }
        Long replyTo = replyTo(params);
        ObjectNode message;
        SentRecord record;
        synchronized (this) {
            byte[] bytes = file.bytes();
            String fileName = file.fileName();
            if (bytes == null) {
                // a file_id of a file the bot has seen
                FakeFile known = filesById.get(file.value());
                if (known == null) {
                    throw new BadRequest("wrong file identifier/HTTP URL specified");
                }
                bytes = known.bytes();
            }
            message = sentMessage(chatId);
            FakeFile stored = newFile("photo".equals(field) ? "photos" : "documents",
                    fileName == null ? ".bin" : extension(fileName), bytes);
            if ("photo".equals(field)) {
                message.putArray("photo").add(photoSize(stored, 1280, 720));
            } else {
                ObjectNode document = message.putObject("document");
                if (fileName != null) {
                    document.put("file_name", fileName);
                }
                if (file.contentType() != null) {
                    document.put("mime_type", file.contentType());
                }
                document.put("file_id", stored.fileId())
                        .put("file_unique_id", stored.uniqueId())
                        .put("file_size", bytes.length);
            }
            if (caption != null) {
                message.put("caption", caption);
            }
            record = new SentRecord(method, chatId, null, caption, fileName, file.contentType(), bytes, replyTo,
                    message.get("message_id").asLong());
            sent.add(record);
            notifyAll();
        }
        sentListener.accept(record);
        return ok(message);
    }

    private Answer getFile(Map<String, Param> params) {
        String fileId = textParam(params, "file_id");
        if (fileId == null || fileId.isEmpty()) {
            throw new BadRequest("file_id is empty");
        }
        synchronized (this) {
            FakeFile file = filesById.get(fileId);
            if (file == null) {
                throw new BadRequest("invalid file_id");
            }
            return ok(json.createObjectNode()
                    .put("file_id", file.fileId())
                    .put("file_unique_id", file.uniqueId())
                    .put("file_size", file.bytes().length)
                    .put("file_path", file.path()));
        }
    }

    // ---- building blocks ------------------------------------------------------------------------------------

    private long enqueue(ObjectNode message) {
        long updateId = nextUpdateId++;
        ObjectNode update = json.createObjectNode().put("update_id", updateId);
        update.set("message", message);
        pending.put(updateId, update);
        notifyAll();
        return updateId;
    }

    private ObjectNode message(long chatId, long userId, String firstName) {
        ObjectNode message = json.createObjectNode().put("message_id", nextMessageId(chatId));
        message.putObject("from")
                .put("id", userId)
                .put("is_bot", false)
                .put("first_name", firstName)
                .put("language_code", "en");
        ObjectNode chat = message.putObject("chat").put("id", chatId);
        if (chatId > 0) {
            chat.put("first_name", firstName).put("type", "private");
        } else {
            chat.put("title", "Fake group").put("type", "group");
        }
        message.put("date", Instant.now().getEpochSecond());
        return message;
    }

    private ObjectNode sentMessage(String chatId) {
        long chat = Long.parseLong(chatId);
        ObjectNode message = json.createObjectNode().put("message_id", nextMessageId(chat));
        message.set("from", me());
        ObjectNode chatNode = message.putObject("chat").put("id", chat);
        chatNode.put("type", chat > 0 ? "private" : "group");
        message.put("date", sentDate != null ? sentDate : Instant.now().getEpochSecond());
        return message;
    }

    private ObjectNode me() {
        return json.createObjectNode()
                .put("id", id)
                .put("is_bot", true)
                .put("first_name", "Fake bot")
                .put("username", "fake_" + id + "_bot")
                .put("can_join_groups", true)
                .put("can_read_all_group_messages", false)
                .put("supports_inline_queries", false);
    }

    private long nextMessageId(long chatId) {
        return lastMessageIds.merge(chatId, 1L, Long::sum);
    }

    private FakeFile newFile(String folder, String extension, byte[] bytes) {
        long n = nextFile++;
        String fileId = "fake-" + id + "-" + folder + "-" + n;
        FakeFile file = new FakeFile(fileId, "u" + id + "x" + n, folder + "/file_" + n + extension, bytes.clone());
        filesById.put(fileId, file);
        filesByPath.put(file.path(), file);
        return file;
    }

    private ObjectNode photoSize(FakeFile file, int width, int height) {
        return json.createObjectNode()
                .put("file_id", file.fileId())
                .put("file_unique_id", file.uniqueId())
                .put("file_size", file.bytes().length)
                .put("width", width)
                .put("height", height);
    }

    private static String extension(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot);
    }

    private static String chatId(Map<String, Param> params) {
        String chatId = textParam(params, "chat_id");
        if (chatId == null || chatId.isEmpty()) {
            throw new BadRequest("chat_id is empty");
        }
        if (!chatId.matches("-?\\d{1,18}")) {
            throw new BadRequest("chat not found");
        }
        return chatId;
    }

    private Long replyTo(Map<String, Param> params) {
        String parameters = textParam(params, "reply_parameters");
        if (parameters != null) {
            try {
                JsonNode node = json.readTree(parameters);
                if (node != null && node.path("message_id").canConvertToLong()) {
                    return node.path("message_id").asLong();
                }
            } catch (IOException e) {
                throw new BadRequest("can't parse reply parameters JSON object");
            }
            throw new BadRequest("message to be replied not found");
        }
        String legacy = textParam(params, "reply_to_message_id");
        return legacy == null ? null : Long.valueOf(legacy);
    }

    private static String textParam(Map<String, Param> params, String name) {
        Param p = params.get(name);
        return p == null ? null : p.value();
    }

    private static long longParam(Map<String, Param> params, String name, long defaultValue) {
        String value = textParam(params, name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequest("wrong parameter " + name);
        }
    }

    private List<String> stringList(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        try {
            JsonNode node = json.readTree(value);
            List<String> list = new ArrayList<>();
            if (node != null && node.isArray()) {
                node.forEach(n -> list.add(n.asText()));
                return list;
            }
        } catch (IOException e) {
            // falls through to the error below
        }
        throw new BadRequest("can't parse allowed updates");
    }

    private static String canonical(String method) {
        return METHODS.getOrDefault(method.toLowerCase(Locale.ROOT), method);
    }

    private void waitNanos(long nanos) {
        try {
            long millis = Math.max(1, nanos / 1_000_000);
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Answer fault(int status) {
        ObjectNode body = json.createObjectNode().put("ok", false).put("error_code", status);
        switch (status) {
            case 400 -> body.put("description", "Bad Request: injected failure");
            case 401 -> body.put("description", "Unauthorized");
            case 403 -> body.put("description", "Forbidden: bot was blocked by the user");
            case 404 -> body.put("description", "Not Found");
            case 409 -> body.put("description", "Conflict: terminated by other getUpdates request; make sure that "
                    + "only one bot instance is running");
            case 429 -> {
                body.put("description", "Too Many Requests: retry after 1");
                body.putObject("parameters").put("retry_after", 1);
            }
            case 500 -> body.put("description", "Internal Server Error");
            case 502 -> body.put("description", "Bad Gateway");
            default -> body.put("description", "Error " + status);
        }
        return new Answer(status, body);
    }

    private Answer ok(JsonNode result) {
        ObjectNode body = json.createObjectNode().put("ok", true);
        body.set("result", result);
        return new Answer(200, body);
    }

    private Answer ok(JsonNode result, String description) {
        Answer answer = ok(result);
        answer.body().put("description", description);
        return answer;
    }

    static Answer error(ObjectMapper json, int status, String description) {
        return new Answer(status, json.createObjectNode()
                .put("ok", false)
                .put("error_code", status)
                .put("description", description));
    }

    /** An HTTP answer: the status and the Bot API body. */
    record Answer(int status, ObjectNode body) {
    }

    /**
     * One request parameter: a text value, or an uploaded file.
     *
     * @param value       the text value, or {@code null} for a file
     * @param fileName    the uploaded file's name, or {@code null}
     * @param contentType the uploaded file's media type, or {@code null}
     * @param bytes       the uploaded bytes, or {@code null} for a text value
     */
    record Param(String value, String fileName, String contentType, byte[] bytes) {
        static Param text(String value) {
            return new Param(value, null, null, null);
        }
    }

    private record FakeFile(String fileId, String uniqueId, String path, byte[] bytes) {
    }

    /** A parameter Telegram would refuse with 400; the message follows "Bad Request: ". */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
