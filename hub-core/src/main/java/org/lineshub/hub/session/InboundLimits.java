package org.lineshub.hub.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.InboundMessage;
import org.lineshub.plugin.api.MessageChange;
import org.lineshub.plugin.api.SenderProfile;

/**
 * The one place that knows how much of a client's message the hub's columns hold (see {@code db/migration}), and fits
 * each message to them before intake stores it. An id that does not fit its key is a reason to park the message:
 * cut, it would become another message's, chat's or user's id. Every other field is cut to its column, so that one
 * over-long name, address or file type never keeps a message, and the channel's later messages, from being stored.
 * {@code VARCHAR(n)} columns hold n characters; {@code TEXT} and {@code MEDIUMTEXT} columns hold bytes of UTF-8.
 */
public final class InboundLimits {

    /** Characters of an external id, chat id, user id or thread key: the keys are {@code VARCHAR(191)}. */
    public static final int ID = 191;

    static final int SUBJECT = 998;
    static final int NAME = 300;
    static final int USERNAME = 191;
    static final int LANGUAGE = 35;
    static final int PHONE = 40;
    static final int EMAIL = 320;
    static final int URL = 1000;
    static final int FILE_NAME = 500;
    static final int MIME_TYPE = 255;
    static final int EXTERNAL_REF = 1000;
    static final int LOCAL_REF = 200;
    /** Bytes of a {@code MEDIUMTEXT} column: text, HTML, the raw payload. */
    static final int MEDIUMTEXT_BYTES = 16_777_215;
    /** Bytes of a {@code TEXT} column: the extras as JSON. */
    static final int TEXT_BYTES = 65_535;

    /**
     * A message fitted to the columns.
     *
     * @param message the message with every field cut to its column, or {@code null} when it cannot be stored
     * @param problem why the message cannot be stored (an id that does not fit), or {@code null}
     * @param cut     the fields that were cut, e.g. {@code sender.email}; empty when none
     */
    public record Fitted(InboundMessage message, String problem, List<String> cut) {
    }

    private InboundLimits() {
    }

    /**
     * @param m a message as the plugin handed it over
     * @return the message as it fits the columns, or the reason it cannot be stored
     */
    public static Fitted fit(InboundMessage m) {
        String problem = tooLong("externalMessageId", m.externalMessageId())
                + tooLong("externalChatId", m.externalChatId())
                + tooLong("externalUserId", m.sender().externalUserId())
                + tooLong("replyToExternalId", m.replyToExternalId())
                + tooLong("threadKey", m.threadKey());
        if (!problem.isEmpty()) {
            return new Fitted(null, "ids longer than " + ID + " characters: " + problem.substring(2), List.of());
        }
        List<String> cut = new ArrayList<>();
        SenderProfile p = m.sender();
        SenderProfile sender = new SenderProfile(p.externalUserId(),
                chars(p.displayName(), NAME, "sender.displayName", cut),
                chars(p.username(), USERNAME, "sender.username", cut),
                chars(p.firstName(), USERNAME, "sender.firstName", cut),
                chars(p.lastName(), USERNAME, "sender.lastName", cut),
                chars(p.languageCode(), LANGUAGE, "sender.languageCode", cut),
                chars(p.phone(), PHONE, "sender.phone", cut), chars(p.email(), EMAIL, "sender.email", cut),
                chars(p.profileUrl(), URL, "sender.profileUrl", cut),
                chars(p.avatarRef(), URL, "sender.avatarRef", cut));
        List<Attachment> attachments = new ArrayList<>(m.attachments().size());
        for (int i = 0; i < m.attachments().size(); i++) {
            attachments.add(fit(m.attachments().get(i), "attachments[" + i + "].", cut));
        }
        InboundMessage fitted = new InboundMessage(m.externalMessageId(), m.externalChatId(), m.threadKey(), sender,
                chars(m.subject(), SUBJECT, "subject", cut), bytes(m.text(), MEDIUMTEXT_BYTES, "text", cut),
                bytes(m.html(), MEDIUMTEXT_BYTES, "html", cut), attachments, m.replyToExternalId(),
                time(m.providerTime(), cut), m.sequence(), extras(m.extras(), cut),
                bytes(m.rawPayload(), MEDIUMTEXT_BYTES, "rawPayload", cut));
        return new Fitted(fitted, null, List.copyOf(cut));
    }

    /**
     * @param change a client's edit or deletion
     * @return the change with its text and HTML cut to their columns
     */
    public static MessageChange fit(MessageChange change) {
        List<String> cut = new ArrayList<>();
        return new MessageChange(change.externalMessageId(), change.kind(),
                bytes(change.text(), MEDIUMTEXT_BYTES, "text", cut),
                bytes(change.html(), MEDIUMTEXT_BYTES, "html", cut), time(change.providerTime(), cut));
    }

    /**
     * A time the column (DATETIME) can hold and a clock could show: one before 2000 or more than a day ahead is
     * dropped, so the message is stored at the hub's time instead of being refused.
     */
    private static Instant time(Instant providerTime, List<String> cut) {
        Instant plausible = PlatformValues.plausibleTime(providerTime, Instant.now());
        if (plausible == null && providerTime != null) {
            cut.add("providerTime");
        }
        return plausible;
    }

    private static Attachment fit(Attachment a, String prefix, List<String> cut) {
        return new Attachment(a.kind(), chars(a.fileName(), FILE_NAME, prefix + "fileName", cut),
                chars(a.mimeType(), MIME_TYPE, prefix + "mimeType", cut), a.size(),
                chars(a.externalRef(), EXTERNAL_REF, prefix + "externalRef", cut),
                chars(a.localRef(), LOCAL_REF, prefix + "localRef", cut), a.width(), a.height(), a.durationSeconds());
    }

    private static String tooLong(String name, String id) {
        return id != null && length(id) > ID ? ", " + name : "";
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Cuts to a number of characters (code points: a pair of surrogates is never split). */
    private static String chars(String value, int max, String field, List<String> cut) {
        if (value == null || value.length() <= max || length(value) <= max) {
            return value;
        }
        cut.add(field);
        return value.substring(0, value.offsetByCodePoints(0, max));
    }

    /** Cuts to a number of bytes of UTF-8, at a character's boundary. */
    private static String bytes(String value, int max, String field, List<String> cut) {
        // no UTF-16 unit takes more than 3 bytes in UTF-8 (a pair of surrogates takes 4)
        if (value == null || (long) value.length() * 3 <= max) {
            return value;
        }
        int used = 0;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            used += utf8(c);
            if (used > max) {
                cut.add(field);
                return value.substring(0, i);
            }
            i += Character.charCount(c);
        }
        return value;
    }

    private static int utf8(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    /**
     * Keeps the extras, in the order of their keys, as long as their JSON fits its column; cutting a value or the
     * JSON would change what an entry says.
     */
    private static Map<String, String> extras(Map<String, String> extras, List<String> cut) {
        int used = 2;
        Map<String, String> kept = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(extras).entrySet()) {
            // "key":"value", with every character as long as JSON may write it
            int entry = 6 + json(e.getKey()) + json(e.getValue());
            if (used + entry > TEXT_BYTES) {
                cut.add("extras");
                return kept;
            }
            used += entry;
            kept.put(e.getKey(), e.getValue());
        }
        return extras;
    }

    private static int json(String value) {
        if (value == null) {
            return 4;
        }
        int n = 0;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            n += c < 0x20 ? 6 : c == '"' || c == '\\' ? 2 : utf8(c);
            i += Character.charCount(c);
        }
        return n;
    }
}
