package org.lineshub.hub.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.lineshub.hub.system.InvalidRequestException;

/**
 * The inbox's sorts and their keyset paging. Each orders by one time column and then the id, the same direction for
 * both, so the key of a page's last session says exactly where the next page starts. A cursor is that key, opaque to
 * clients.
 */
enum SessionSort {

    /** Newest first. */
    CREATED("created", "s.created_at", false),
    /** Most recent message first. */
    LAST_ACTIVITY("lastActivity", "s.last_message_at", false),
    /** Longest running first. */
    DURATION("duration", "s.created_at", true),
    /** Longest waiting first; sessions nobody waits on last. */
    WAITING("waiting", "s.waiting_order", true);

    /** What the generated column {@code waiting_order} holds for sessions nobody waits on (see V5). */
    static final Instant NOT_WAITING = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final String param;
    private final String column;
    private final boolean ascending;

    SessionSort(String param, String column, boolean ascending) {
        this.param = param;
        this.column = column;
        this.ascending = ascending;
    }

    /**
     * @param param the {@code sort} parameter, or {@code null} for the default
     * @return the sort
     * @throws InvalidRequestException when there is no such sort
     */
    static SessionSort of(String param) {
        if (param == null) {
            return CREATED;
        }
        for (SessionSort sort : values()) {
            if (sort.param.equals(param)) {
                return sort;
            }
        }
        throw new InvalidRequestException("sort", "sort must be created, lastActivity, duration or waiting");
    }

    /** @return the ORDER BY clause */
    String orderBy() {
        String direction = ascending ? " ASC" : " DESC";
        return " ORDER BY " + column + direction + ", s.id" + direction;
    }

    /** @return the condition for sessions after the key {@code :afterTime}, {@code :afterId} */
    String after() {
        String op = ascending ? " > " : " < ";
        // an OR of ranges rather than a row comparison: MariaDB reads this one as ranges of the sort's index
        return "(" + column + op + ":afterTime OR (" + column + " = :afterTime AND s.id" + op + ":afterId))";
    }

    /** @return the cursor of the page that starts after this session */
    String cursor(SessionView last) {
        Instant time = switch (this) {
            case CREATED, DURATION -> last.createdAt();
            case LAST_ACTIVITY -> last.lastMessageAt();
            case WAITING -> last.waitingSince() == null ? NOT_WAITING : last.waitingSince();
        };
        long micros = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1000);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((param + ":" + micros + ":" + last.id())
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param cursor a cursor of this sort
     * @return its key
     * @throws InvalidRequestException when it is not a cursor of this sort
     */
    Key parse(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (parts.length == 3 && parts[0].equals(param)) {
                long micros = Long.parseLong(parts[1]);
                return new Key(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1000), Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the answer below (NumberFormatException is one too)
        }
        throw new InvalidRequestException("cursor", "cursor must come from the next link of a page with sort " + param);
    }

    /**
     * Where a page starts.
     *
     * @param time the sort's time of the session before it
     * @param id   that session's id
     */
    record Key(Instant time, long id) {
    }
}
