package org.lineshub.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How mails become conversations. A session's thread key is the Message-ID of its thread's first mail: a client's
 * mail that names a thread in {@code References} (or, without them, {@code In-Reply-To}) continues that thread, and
 * a mail naming none starts its own. The hub's own mails carry Message-IDs of the form
 * {@code lh.t.<message>.<hash>@<domain>}; those of a session an operator started, which has no thread key, use
 * {@code lh.n.}, so that a client's answer to them comes back to that session rather than opening another.
 */
final class EmailThreading {

    /** External ids are Message-IDs without angle brackets; longer ones are replaced by a digest. */
    static final int MAX_ID = 191;

    private static final Pattern ID = Pattern.compile("<([^<>\\s]+)>");
    private static final String UNTHREADED = "lh.n.";
    /** Re:, RE:, Fwd:, FW:, AW:, SV:, Ответ:, Отв:, Пересл:, with counters like Re[2]: and repeated. */
    private static final Pattern PREFIXES = Pattern.compile(
            "^\\s*(?:(?:re|fwd?|aw|sv|ответ|отв|пересл)\\s*(?:\\[\\d+\\]|\\(\\d+\\))?\\s*:\\s*)+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private EmailThreading() {
    }

    /**
     * @param header a header value holding Message-IDs ({@code References}, {@code In-Reply-To}), or {@code null}
     * @return the ids in order, without angle brackets
     */
    static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header == null) {
            return ids;
        }
        Matcher m = ID.matcher(header);
        while (m.find()) {
            ids.add(m.group(1));
        }
        if (ids.isEmpty() && !header.isBlank() && !header.trim().contains(" ")) {
            // some clients omit the brackets
            ids.add(header.trim());
        }
        return ids;
    }

    /**
     * @param messageId   the mail's own Message-ID, without brackets
     * @param references  its {@code References} header, or {@code null}
     * @param inReplyTo   its {@code In-Reply-To} header, or {@code null}
     * @return the thread key: the first id the mail refers to, else its own id; {@code null} when the thread is a
     *         session the hub started without a thread
     */
    static String threadKey(String messageId, String references, String inReplyTo) {
        List<String> refs = ids(references);
        String root = !refs.isEmpty() ? refs.get(0) : ids(inReplyTo).stream().findFirst().orElse(messageId);
        if (root.startsWith(UNTHREADED)) {
            return null;
        }
        return fit(root);
    }

    /**
     * @param id a Message-ID without brackets
     * @return the id, or a digest of it when it is too long to be a key
     */
    static String fit(String id) {
        return id.length() <= MAX_ID ? id : "sha256:" + sha256(id.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param bytes content
     * @return its SHA-256 in hex
     */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * The Message-ID of a mail the hub sends: the same on every attempt to send the same message, so that a client
     * that got a copy of an attempt that seemed to fail sees a duplicate, not a second message.
     *
     * @param messageId the hub's message id
     * @param sessionId the hub's session id
     * @param threaded  whether the session has a thread key
     * @param from      the sender address
     * @param domain    the domain of the sender address
     * @return the Message-ID without brackets
     */
    static String outboundId(long messageId, long sessionId, boolean threaded, String from, String domain) {
        String hash = sha256((from + "\n" + sessionId + "\n" + messageId).getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
        return (threaded ? "lh.t." : UNTHREADED) + messageId + "." + hash + "@" + domain;
    }

    /**
     * @param threadKey the session's thread key, or {@code null}
     * @param latest    the id of the session's latest mail, or {@code null}
     * @return the {@code References} of a reply: the thread's root and the mail answered, or {@code null}
     */
    static String references(String threadKey, String latest) {
        Set<String> refs = new LinkedHashSet<>();
        if (isMessageId(threadKey)) {
            refs.add(threadKey);
        }
        if (isMessageId(latest)) {
            refs.add(latest);
        }
        if (refs.isEmpty()) {
            return null;
        }
        StringBuilder header = new StringBuilder();
        for (String id : refs) {
            header.append(header.length() == 0 ? "" : " ").append('<').append(id).append('>');
        }
        return header.toString();
    }

    /** @return whether an external id is a real Message-ID, not a digest the hub made */
    static boolean isMessageId(String id) {
        return id != null && id.contains("@") && !id.startsWith("sha256:");
    }

    /**
     * @param subject a subject, or {@code null}
     * @return the subject without any reply or forward prefixes
     */
    static String strip(String subject) {
        if (subject == null) {
            return "";
        }
        return PREFIXES.matcher(subject).replaceFirst("").trim();
    }

    /**
     * @param subject the conversation's subject, or {@code null}
     * @return the subject of a reply, with exactly one {@code Re:}
     */
    static String reply(String subject) {
        String bare = strip(subject);
        return bare.isEmpty() ? "Re:" : "Re: " + bare;
    }
}
