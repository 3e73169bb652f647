package org.lineshub.vk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.lineshub.plugin.api.SenderProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of an account's clients. Events carry only a {@code from_id}, so names come from {@code users.get}, one
 * call for all new authors of a batch, and are kept in a bounded cache: the least recently used entries go first, and
 * an entry is asked for again after a while, so a changed name shows eventually. Thread-safe.
 *
 * <p>When {@code users.get} fails, the messages are stored anyway, with the names the cache still has (else without
 * a name): a client's message must not wait for a profile.
 */
final class VkUserNames {

    private static final Logger LOG = LoggerFactory.getLogger(VkUserNames.class);

    /** What is asked besides the names (users.get: {@code fields}): the short address, for the profile link. */
    static final String FIELDS = "screen_name";
    /** users.get takes up to 1000 ids per call. */
    private static final int MAX_IDS_PER_CALL = 1000;
    static final int DEFAULT_CAPACITY = 10_000;
    static final Duration DEFAULT_TTL = Duration.ofHours(12);

    private final VkApi api;
    private final long accountId;
    private final int capacity;
    private final Duration ttl;
    private final Clock clock;
    /** Access-ordered, so the eldest entry is the least recently used; guarded by itself. */
    private final LinkedHashMap<Long, Entry> cache;

    VkUserNames(VkApi api, long accountId) {
        this(api, accountId, DEFAULT_CAPACITY, DEFAULT_TTL, Clock.systemUTC());
    }

    VkUserNames(VkApi api, long accountId, int capacity, Duration ttl, Clock clock) {
        this.api = api;
        this.accountId = accountId;
        this.capacity = capacity;
        this.ttl = ttl;
        this.clock = clock;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                return size() > VkUserNames.this.capacity;
            }
        };
    }

    private record Entry(SenderProfile profile, Instant fetched) {
    }

    /**
     * The profiles of these users: from the cache, the others from one {@code users.get} call.
     *
     * @param userIds the users, positive ids
     * @return a profile for every id; one without a name when VK did not say
     * @throws InterruptedException when the thread is interrupted (the account stops)
     */
    Map<Long, SenderProfile> profiles(Collection<Long> userIds) throws InterruptedException {
        Map<Long, SenderProfile> result = new HashMap<>();
        Set<Long> missing = new LinkedHashSet<>();
        Instant now = clock.instant();
        synchronized (cache) {
            for (Long id : userIds) {
                Entry entry = cache.get(id);
                if (entry != null) {
                    result.put(id, entry.profile());
                }
                if (entry == null || entry.fetched().plus(ttl).isBefore(now)) {
                    missing.add(id);
                }
            }
        }
        List<Long> ask = new ArrayList<>(missing);
        for (int from = 0; from < ask.size(); from += MAX_IDS_PER_CALL) {
            List<Long> chunk = ask.subList(from, Math.min(ask.size(), from + MAX_IDS_PER_CALL));
            try {
                for (JsonNode user : api.usersGet(chunk, FIELDS)) {
                    JsonNode id = user.path("id");
                    if (id.canConvertToLong()) {
                        SenderProfile profile = profile(user);
                        result.put(id.asLong(), profile);
                        synchronized (cache) {
                            cache.put(id.asLong(), new Entry(profile, now));
                        }
                    }
                }
            } catch (VkApiException e) {
                LOG.warn("Account {}: the names of {} users are not known now: {}", accountId, chunk.size(),
                        e.getMessage());
            }
        }
        for (Long id : userIds) {
            result.computeIfAbsent(id, unknown -> SenderProfile.builder(Long.toString(unknown)).build());
        }
        return result;
    }

    /** A users.get user object: {@code id}, {@code first_name}, {@code last_name}, {@code screen_name}. */
    static SenderProfile profile(JsonNode user) {
        String screenName = text(user, "screen_name");
        return SenderProfile.builder(user.path("id").asText())
                .firstName(text(user, "first_name"))
                .lastName(text(user, "last_name"))
                .username(screenName)
                .profileUrl("https://vk.com/" + (screenName != null ? screenName : "id" + user.path("id").asText()))
                .build();
    }

    /** @return how many users are cached */
    int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
