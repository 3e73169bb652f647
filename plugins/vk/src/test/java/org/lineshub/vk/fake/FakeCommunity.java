package org.lineshub.vk.fake;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One community of the {@link FakeVkApi}: its users, its Bots Long Poll queue, what it sent and uploaded, and the
 * failures a test asks for. Events are shaped as VK sends them for API 5.199 (callback_base of the VK API schema:
 * {@code type}, {@code object}, {@code group_id}, {@code event_id}, {@code v}; {@code message_new}'s object is
 * {@code {"message", "client_info"}}); every message, received or sent, takes the next
 * {@code conversation_message_id} of its peer, as in VK.
 *
 * <p>Long-poll events are numbered from 1; groups.getLongPollServer answers the number the next event gets as
 * {@code ts}, so a new session gets the events queued after it, and a poll with {@code ts=n} answers the events from
 * {@code n} on with the next number as the new {@code ts}. Sent messages are queued as {@code message_reply} events,
 * as VK echoes a community's own messages.
 */
public final class FakeCommunity {

    /** Group chats are peers from 2000000000 on (messages.send, peer_id). */
    public static final long CHAT_PEER_BASE = 2_000_000_000L;
    static final String VERSION = "5.199";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FakeVkApi api;
    private final ObjectMapper json;
    private final long groupId;
    private final String token;

    private final Map<Long, ObjectNode> users = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private final Map<String, Map<String, String>> lastCalls = new HashMap<>();
    private final Map<String, Deque<int[]>> failures = new HashMap<>();
    private final Map<String, String> failureMessages = new HashMap<>();
    private final Set<Long> denied = new HashSet<>();

    private final List<ObjectNode> events = new ArrayList<>();
    /** The number the next event gets; events are numbered from 1. */
    private long nextEvent = 1;
    /** The first event VK still keeps; a poll from before it finds its history gone. */
    private long oldestKept = 1;
    private String key = randomHex(20);
    private boolean longPollEnabled = true;
    private final Deque<Integer> pollFailures = new ArrayDeque<>();
    private final List<String> polledTs = new ArrayList<>();

    private final Map<Long, Long> cmids = new HashMap<>();
    private long nextMessageId = 100;
    private final Map<Long, ObjectNode> messagesById = new HashMap<>();
    private final Map<Integer, Long> randomIds = new HashMap<>();
    private final List<SentRecord> sent = new ArrayList<>();

    private final Map<String, FakeVkApi.Part> uploads = new HashMap<>();
    private final Map<String, byte[]> attachments = new HashMap<>();
    private final Map<String, String> attachmentNames = new HashMap<>();
    private long nextMediaId = 456_239_000;

    private String confirmationCode = "a1b2c3d4";
    private String secret = "s3cr3tKey";

    FakeCommunity(FakeVkApi api, long groupId, String token) {
        this.api = api;
        this.json = api.json();
        this.groupId = groupId;
        this.token = token;
    }

    public long groupId() {
        return groupId;
    }

    public String token() {
        return token;
    }

    // ---- set-up --------------------------------------------------------------------------------------------------

    /** Adds a user that users.get knows. */
    public synchronized FakeCommunity user(long id, String firstName, String lastName, String screenName) {
        ObjectNode user = json.createObjectNode().put("id", id).put("first_name", firstName)
                .put("last_name", lastName).put("can_access_closed", true).put("is_closed", false);
        if (screenName != null) {
            user.put("screen_name", screenName);
        }
        users.put(id, user);
        return this;
    }

    /** Sets what the Callback API sends: the confirmation string and the secret key. */
    public synchronized FakeCommunity callbackSettings(String confirmationCode, String secret) {
        this.confirmationCode = confirmationCode;
        this.secret = secret;
        return this;
    }

    public synchronized String confirmationCode() {
        return confirmationCode;
    }

    public synchronized String secret() {
        return secret;
    }

    /** Turns the Bots Long Poll API off: groups.getLongPollServer then fails with error 100. */
    public synchronized void longPollEnabled(boolean enabled) {
        longPollEnabled = enabled;
    }

    /** The user has not allowed messages from the community: messages.send to them fails with error 901. */
    public synchronized void denyMessages(long peerId) {
        denied.add(peerId);
    }

    /** The next call of {@code method} fails with this VK error. */
    public synchronized void failNext(String method, int errorCode, String errorMsg) {
        failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new int[] {errorCode});
        failureMessages.put(method + "#" + errorCode, errorMsg);
    }

    /**
     * The waiting long poll, or else the next one, answers {@code {"failed": n}} (1: history lost, 2: key expired, 3:
     * information lost). Events queued in the same {@code synchronized (community)} block come before the failure.
     */
    public synchronized void failNextPoll(int failed) {
        pollFailures.add(failed);
        notifyAll();
    }

    /** @return how many failures queued with {@link #failNextPoll} no long poll has answered yet */
    public synchronized int pendingPollFailures() {
        return pollFailures.size();
    }

    /**
     * VK no longer keeps the events queued so far (it keeps a community's events for a limited time): a long poll
     * from a {@code ts} before the next event answers {@code failed: 1} with the {@code ts} to go on from.
     */
    public synchronized void forgetHistory() {
        oldestKept = nextEvent;
        notifyAll();
    }

    /** The long-poll key expires: polls with it answer {@code failed: 2} until groups.getLongPollServer is asked. */
    public synchronized void expireKey() {
        key = randomHex(20);
        notifyAll();
    }

    // ---- events --------------------------------------------------------------------------------------------------

    /**
     * A {@code message_new} event of a new message from {@code from} in {@code peer}'s conversation; not yet queued.
     * In group chats the message's {@code id} is 0, as VK gives it to communities.
     */
    public synchronized ObjectNode messageNew(long peer, long from, String text) {
        long cmid = nextCmid(peer);
        long id = peer >= CHAT_PEER_BASE ? 0 : nextMessageId++;
        ObjectNode message = message(id, cmid, peer, from, text, 0);
        if (id > 0) {
            messagesById.put(id, message);
        }
        ObjectNode object = json.createObjectNode();
        object.set("message", message);
        ObjectNode client = object.putObject("client_info");
        ArrayNode actions = client.putArray("button_actions");
        for (String a : List.of("text", "vkpay", "open_app", "location", "open_link", "callback", "intent_subscribe",
                "intent_unsubscribe")) {
            actions.add(a);
        }
        client.put("keyboard", true).put("inline_keyboard", true).put("carousel", true).put("lang_id", 0);
        return event("message_new", object);
    }

    /** The {@code message_edit} event of a message of a {@code message_new} event: the whole message, new text. */
    public synchronized ObjectNode messageEdit(ObjectNode messageNew, String text) {
        ObjectNode message = ((ObjectNode) messageNew.path("object").path("message")).deepCopy();
        message.put("text", text).put("update_time", Instant.now().getEpochSecond());
        return event("message_edit", message);
    }

    /** Adds an attachment ({@code {"type": t, t: {...}}}) to the message of a message event. */
    public static ObjectNode withAttachment(ObjectNode event, ObjectNode attachment) {
        JsonNode object = event.path("object");
        ObjectNode message = (ObjectNode) (object.has("message") ? object.get("message") : object);
        ((ArrayNode) message.withArray("attachments")).add(attachment);
        return event;
    }

    /** A {@code photo} attachment with these sizes, each {@code {type, url, width, height}} (photos_photo_sizes). */
    public synchronized ObjectNode photoAttachment(String... typeUrlWidthHeight) {
        ObjectNode photo = json.createObjectNode().put("album_id", -3).put("date", Instant.now().getEpochSecond())
                .put("id", nextMediaId++).put("owner_id", 1).put("access_key", randomHex(9))
                .put("has_tags", false).put("text", "");
        ArrayNode sizes = photo.putArray("sizes");
        for (int i = 0; i + 3 < typeUrlWidthHeight.length; i += 4) {
            sizes.addObject().put("type", typeUrlWidthHeight[i]).put("url", typeUrlWidthHeight[i + 1])
                    .put("width", Integer.parseInt(typeUrlWidthHeight[i + 2]))
                    .put("height", Integer.parseInt(typeUrlWidthHeight[i + 3]));
        }
        return attachment("photo", photo);
    }

    /** A {@code doc} attachment (docs_doc). */
    public synchronized ObjectNode docAttachment(String url, String title, String ext, long size) {
        return attachment("doc", json.createObjectNode().put("id", nextMediaId++).put("owner_id", 1)
                .put("title", title).put("size", size).put("ext", ext).put("date", Instant.now().getEpochSecond())
                .put("type", 1).put("url", url).put("access_key", randomHex(9)));
    }

    /** An {@code audio_message} attachment (messages_audio_message). */
    public synchronized ObjectNode audioMessageAttachment(String linkOgg, String linkMp3, int duration) {
        ObjectNode voice = json.createObjectNode().put("id", nextMediaId++).put("owner_id", 1)
                .put("duration", duration).put("link_ogg", linkOgg).put("link_mp3", linkMp3)
                .put("access_key", randomHex(9));
        ArrayNode waveform = voice.putArray("waveform");
        for (int i = 0; i < 8; i++) {
            waveform.add(i * 3);
        }
        return attachment("audio_message", voice);
    }

    /** A {@code sticker} attachment (base_sticker_new) with one image per {@code url, size} pair. */
    public ObjectNode stickerAttachment(String... urlSize) {
        ObjectNode sticker = json.createObjectNode().put("inner_type", "base_sticker_new").put("product_id", 279)
                .put("sticker_id", 9014).put("is_allowed", true);
        ArrayNode images = sticker.putArray("images");
        for (int i = 0; i + 1 < urlSize.length; i += 2) {
            int size = Integer.parseInt(urlSize[i + 1]);
            images.addObject().put("url", urlSize[i]).put("width", size).put("height", size);
        }
        return attachment("sticker", sticker);
    }

    private ObjectNode attachment(String type, ObjectNode content) {
        ObjectNode attachment = json.createObjectNode().put("type", type);
        attachment.set(type, content);
        return attachment;
    }

    /** Queues an event for the Bots Long Poll API; a waiting long poll returns with it. */
    public synchronized long enqueue(JsonNode event) {
        ObjectNode copy = ((ObjectNode) event).deepCopy();
        copy.remove("secret");
        events.add(copy);
        long number = nextEvent++;
        notifyAll();
        return number;
    }

    /**
     * A client writes a text: the {@code message_new} event is queued for the long poll.
     *
     * @return the event
     */
    public ObjectNode clientWrites(long peer, long from, String text) {
        ObjectNode event = messageNew(peer, from, text);
        enqueue(event);
        return event;
    }

    /** @return a copy of an event as the Callback API posts it: with the community's secret key */
    public synchronized ObjectNode callback(JsonNode event) {
        return ((ObjectNode) event).deepCopy().put("secret", secret);
    }

    /** @return the Callback API's confirmation request */
    public synchronized ObjectNode confirmation() {
        return json.createObjectNode().put("type", "confirmation").put("group_id", groupId).put("secret", secret);
    }

    /** @return the {@code ts} of every long poll so far, in order */
    public synchronized List<String> polledTs() {
        return List.copyOf(polledTs);
    }

    /** @return how many long polls were made */
    public synchronized int polls() {
        return polledTs.size();
    }

    /** @return how often an API method was called */
    public synchronized int calls(String method) {
        return calls.getOrDefault(method, 0);
    }

    /** @return the parameters of the latest call of an API method, the access token among them, or {@code null} */
    public synchronized Map<String, String> lastCall(String method) {
        return lastCalls.get(method);
    }

    // ---- what was sent -------------------------------------------------------------------------------------------

    /** @return the messages sent, in order; a retried {@code random_id} adds none */
    public synchronized List<SentRecord> sent() {
        return List.copyOf(sent);
    }

    /** Waits until at least {@code count} messages were sent. */
    public synchronized List<SentRecord> awaitSent(int count, Duration timeout) throws InterruptedException,
            TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        while (sent.size() < count) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(sent.size() + " of " + count + " messages sent");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(sent);
    }

    /** @return the bytes uploaded for an attachment as messages.send names it, e.g. {@code photo-1_456239001} */
    public synchronized byte[] attachmentContent(String attachment) {
        return attachments.get(attachment);
    }

    /** @return the file name uploaded for an attachment, e.g. the title of a document */
    public synchronized String attachmentName(String attachment) {
        return attachmentNames.get(attachment);
    }

    // ---- the API -------------------------------------------------------------------------------------------------

    synchronized JsonNode call(String method, Map<String, String> params) {
        calls.merge(method, 1, Integer::sum);
        lastCalls.put(method, Map.copyOf(params));
        Deque<int[]> queued = failures.get(method);
        if (queued != null && !queued.isEmpty()) {
            int code = queued.poll()[0];
            return api.error(code, failureMessages.get(method + "#" + code), method, params);
        }
        try {
            return switch (method) {
                case "groups.getLongPollServer" -> getLongPollServer(params);
                case "users.get" -> usersGet(params);
                case "messages.send" -> send(params);
                case "messages.getById" -> getById(params);
                case "photos.getMessagesUploadServer" -> response(json.createObjectNode().put("album_id", -64)
                        .put("upload_url", uploadUrl("photo", params)).put("user_id", 0).put("group_id", groupId));
                case "photos.saveMessagesPhoto" -> savePhoto(params);
                case "docs.getMessagesUploadServer" -> docsUploadServer(params);
                case "docs.save" -> saveDoc(params);
                default -> api.error(3, "Unknown method passed", method, params);
            };
        } catch (InvalidParameter e) {
            return api.error(100, "One of the parameters specified was missing or invalid: " + e.getMessage(),
                    method, params);
        }
    }

    private JsonNode getLongPollServer(Map<String, String> params) {
        if (!Long.toString(groupId).equals(params.get("group_id"))) {
            throw new InvalidParameter("group_id is undefined");
        }
        if (!longPollEnabled) {
            throw new InvalidParameter("longpoll for this group is not enabled.");
        }
        return response(json.createObjectNode().put("key", key)
                .put("server", api.baseUrl() + "/whp/" + groupId).put("ts", Long.toString(nextEvent)));
    }

    private JsonNode usersGet(Map<String, String> params) {
        ArrayNode result = json.createArrayNode();
        for (String id : params.getOrDefault("user_ids", "").split(",")) {
            if (id.isBlank()) {
                continue;
            }
            ObjectNode user = users.get(Long.parseLong(id.strip()));
            if (user != null) {
                ObjectNode copy = user.deepCopy();
                if (!params.getOrDefault("fields", "").contains("screen_name")) {
                    copy.remove("screen_name");
                }
                result.add(copy);
            }
        }
        return response(result);
    }

    private JsonNode send(Map<String, String> params) {
        long peer = requiredLong(params, params.containsKey("peer_id") ? "peer_id" : "user_id");
        if (!params.containsKey("random_id")) {
            throw new InvalidParameter("random_id is a required parameter");
        }
        int randomId = (int) requiredLong(params, "random_id");
        String text = params.get("message");
        String attachment = params.get("attachment");
        if ((text == null || text.isEmpty()) && (attachment == null || attachment.isEmpty())) {
            throw new InvalidParameter("message is empty or invalid");
        }
        if (text != null && text.length() > 9000) {
            return api.error(914, "Message is too long", "messages.send", params);
        }
        if (denied.contains(peer)) {
            return api.error(901, "Can't send messages for users without permission", "messages.send", params);
        }
        List<String> refs = attachment == null || attachment.isEmpty() ? List.of()
                : List.of(attachment.split(","));
        for (String ref : refs) {
            if (!attachments.containsKey(ref)) {
                throw new InvalidParameter("attachment is invalid");
            }
        }
        String forward = params.get("forward");
        if (forward != null) {
            try {
                JsonNode f = json.readTree(forward);
                if (!f.path("conversation_message_ids").isArray() && !f.path("message_ids").isArray()) {
                    throw new InvalidParameter("forward is invalid");
                }
            } catch (IOException e) {
                throw new InvalidParameter("forward is invalid");
            }
        }
        if (randomId != 0 && randomIds.containsKey(randomId)) {
            // "a unique identifier to prevent sending the same message again": nothing is sent twice
            return response(json.getNodeFactory().numberNode(randomIds.get(randomId)));
        }
        long id = peer >= CHAT_PEER_BASE ? 0 : nextMessageId++;
        long cmid = nextCmid(peer);
        ObjectNode message = message(id, cmid, peer, -groupId, text == null ? "" : text, 1).put("random_id", randomId);
        if (id > 0) {
            messagesById.put(id, message);
        }
        if (randomId != 0) {
            randomIds.put(randomId, id);
        }
        sent.add(new SentRecord(id, cmid, peer, randomId, text, refs, forward));
        if (peer < CHAT_PEER_BASE) {
            // the community's own messages come back as message_reply when that event is on
            events.add(event("message_reply", message.deepCopy()));
            nextEvent++;
        }
        notifyAll();
        return response(json.getNodeFactory().numberNode(id));
    }

    private JsonNode getById(Map<String, String> params) {
        if (!Long.toString(groupId).equals(params.get("group_id"))) {
            throw new InvalidParameter("group_id is invalid");
        }
        ArrayNode items = json.createArrayNode();
        for (String id : params.getOrDefault("message_ids", "").split(",")) {
            ObjectNode message = id.isBlank() ? null : messagesById.get(Long.parseLong(id.strip()));
            if (message != null) {
                items.add(message.deepCopy());
            }
        }
        ObjectNode result = json.createObjectNode().put("count", items.size());
        result.set("items", items);
        return response(result);
    }

    private JsonNode docsUploadServer(Map<String, String> params) {
        String type = params.getOrDefault("type", "doc");
        if (!List.of("doc", "audio_message", "graffiti").contains(type)) {
            throw new InvalidParameter("type is invalid");
        }
        return response(json.createObjectNode().put("upload_url", uploadUrl("doc", params)));
    }

    private String uploadUrl(String kind, Map<String, String> params) {
        requiredLong(params, "peer_id");
        return api.baseUrl() + "/upload/" + kind + "?group=" + groupId + "&k=" + randomHex(8);
    }

    /** An upload server's answer to a multipart post. */
    synchronized JsonNode upload(String kind, Map<String, String> query, Map<String, FakeVkApi.Part> parts) {
        String field = kind.equals("photo") ? "photo" : "file";
        FakeVkApi.Part part = parts.get(field);
        if (part == null || part.content().length == 0) {
            return json.createObjectNode().put("error", "ERR_UPLOAD_FILE_NOT_UPLOADED: file not uploaded");
        }
        String handle = randomHex(10);
        uploads.put(handle, part);
        if (kind.equals("photo")) {
            // an upload that is not a JPG, PNG or GIF image yields no photo
            String photo = isImage(part.content()) ? "[{\"markers_restarted\":true,\"photo\":\"" + handle
                    + ":w\",\"sizes\":[],\"latitude\":0,\"longitude\":0,\"kid\":\"" + randomHex(16) + "\"}]" : "[]";
            return json.createObjectNode().put("server", 618432).put("photo", photo).put("hash", hash(handle));
        }
        return json.createObjectNode().put("file", groupId + "|0|0|" + handle + "|" + hash(handle));
    }

    private JsonNode savePhoto(Map<String, String> params) {
        String handle;
        try {
            handle = json.readTree(params.getOrDefault("photo", "")).path(0).path("photo").asText("").split(":")[0];
        } catch (IOException e) {
            throw new InvalidParameter("photo is invalid");
        }
        FakeVkApi.Part part = uploads.remove(handle);
        if (part == null || !hash(handle).equals(params.get("hash"))) {
            return api.error(121, "Invalid hash", "photos.saveMessagesPhoto", params);
        }
        long id = nextMediaId++;
        String url = api.storeFile("photo", part.content(), "image/jpeg");
        attachments.put("photo-" + groupId + "_" + id, part.content());
        attachmentNames.put("photo-" + groupId + "_" + id, part.fileName());
        ObjectNode photo = json.createObjectNode().put("album_id", -3).put("date", Instant.now().getEpochSecond())
                .put("id", id).put("owner_id", -groupId).put("access_key", randomHex(9)).put("text", "")
                .put("has_tags", false);
        photo.putArray("sizes").addObject().put("type", "x").put("url", url).put("width", 604).put("height", 604);
        return response(json.createArrayNode().add(photo));
    }

    private JsonNode saveDoc(Map<String, String> params) {
        String[] file = params.getOrDefault("file", "").split("\\|");
        String handle = file.length == 5 ? file[3] : "";
        FakeVkApi.Part part = uploads.remove(handle);
        if (part == null || !hash(handle).equals(file[4])) {
            throw new InvalidParameter("file is invalid");
        }
        String title = params.getOrDefault("title", part.fileName() == null ? "file" : part.fileName());
        int dot = title.lastIndexOf('.');
        String ext = dot < 0 ? "" : title.substring(dot + 1).toLowerCase(Locale.ROOT);
        long id = nextMediaId++;
        String url = api.storeFile("doc", part.content(), "application/octet-stream");
        attachments.put("doc-" + groupId + "_" + id, part.content());
        attachmentNames.put("doc-" + groupId + "_" + id, title);
        ObjectNode doc = json.createObjectNode().put("id", id).put("owner_id", -groupId).put("title", title)
                .put("size", part.content().length).put("ext", ext).put("date", Instant.now().getEpochSecond())
                .put("type", 8).put("url", url);
        ObjectNode result = json.createObjectNode().put("type", "doc");
        result.set("doc", doc);
        return response(result);
    }

    /**
     * A long poll: waits up to {@code wait} seconds for events numbered from {@code ts} on. A failure queued with
     * {@link #failNextPoll} is the answer of the poll that is waiting, or else of the next one.
     */
    synchronized JsonNode longPoll(Map<String, String> params) {
        String ts = params.getOrDefault("ts", "");
        polledTs.add(ts);
        long from;
        try {
            from = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            return json.createObjectNode().put("failed", 1).put("ts", nextEvent);
        }
        if (from < oldestKept && key.equals(params.get("key"))) {
            return json.createObjectNode().put("failed", 1).put("ts", Long.toString(nextEvent));
        }
        int wait = Math.min(90, Math.max(0, Integer.parseInt(params.getOrDefault("wait", "25"))));
        long end = System.nanoTime() + wait * 1_000_000_000L;
        try {
            while (nextEvent <= from && !api.isClosed() && pollFailures.isEmpty() && key.equals(params.get("key"))) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Integer failure = pollFailures.poll();
        if (failure != null) {
            return switch (failure) {
                // "the event history is outdated or partly lost": go on from the ts given
                case 1 -> json.createObjectNode().put("failed", 1).put("ts", nextEvent);
                case 2 -> {
                    key = randomHex(20);
                    yield json.createObjectNode().put("failed", 2);
                }
                default -> json.createObjectNode().put("failed", failure);
            };
        }
        if (!key.equals(params.get("key"))) {
            return json.createObjectNode().put("failed", 2);
        }
        ArrayNode updates = json.createArrayNode();
        for (long n = Math.max(1, from); n < nextEvent; n++) {
            updates.add(events.get((int) (n - 1)));
        }
        ObjectNode answer = json.createObjectNode().put("ts", Long.toString(Math.max(from, nextEvent)));
        answer.set("updates", updates);
        return answer;
    }

    synchronized void wakeUp() {
        notifyAll();
    }

    private ObjectNode message(long id, long cmid, long peer, long from, String text, int out) {
        ObjectNode message = json.createObjectNode().put("date", Instant.now().getEpochSecond())
                .put("from_id", from).put("id", id).put("out", out).put("version", 10_000_000 + cmid);
        message.putArray("attachments");
        message.put("conversation_message_id", cmid);
        message.putArray("fwd_messages");
        message.put("important", false).put("is_hidden", false).put("peer_id", peer).put("random_id", 0)
                .put("text", text);
        return message;
    }

    private ObjectNode event(String type, ObjectNode object) {
        ObjectNode event = json.createObjectNode().put("group_id", groupId).put("type", type)
                .put("event_id", randomHex(20)).put("v", VERSION);
        event.set("object", object);
        return event;
    }

    private long nextCmid(long peer) {
        return cmids.merge(peer, 1L, Long::sum);
    }

    private ObjectNode response(JsonNode value) {
        ObjectNode answer = json.createObjectNode();
        answer.set("response", value);
        return answer;
    }

    private static boolean isImage(byte[] content) {
        return content.length > 4 && ((content[0] == (byte) 0xFF && content[1] == (byte) 0xD8)
                || (content[0] == (byte) 0x89 && content[1] == 'P' && content[2] == 'N' && content[3] == 'G')
                || (content[0] == 'G' && content[1] == 'I' && content[2] == 'F'));
    }

    private String hash(String handle) {
        return Integer.toHexString((handle + groupId).hashCode());
    }

    private static long requiredLong(Map<String, String> params, String name) {
        try {
            return Long.parseLong(params.getOrDefault(name, "").strip());
        } catch (NumberFormatException e) {
            throw new InvalidParameter(name + " is undefined");
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static final class InvalidParameter extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InvalidParameter(String message) {
            super(message);
        }
    }
}
