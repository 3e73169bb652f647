package org.lineshub.hub.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.Jdbc;
import org.lineshub.hub.system.NotFoundException;
import org.lineshub.hub.system.SecretCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Webhook subscriptions: their administration, and the list of enabled ones the queue matches every event against.
 * Secrets are stored encrypted, bound to their subscription ({@code webhook-subscription/<id>/secret}).
 */
@Service
class WebhookSubscriptions {

    /**
     * An enabled subscription, as the queue matches events against it.
     *
     * @param id     the subscription
     * @param events the event types it wants
     * @param lineId its line, or {@code null} for all
     */
    record Target(long id, Set<String> events, Long lineId) {

        boolean wants(String type, Set<Long> lineIds) {
            return events.contains(type) && (lineId == null || lineIds.contains(lineId));
        }
    }

    /**
     * Where and how a delivery is sent.
     *
     * @param url    the subscriber's URL
     * @param secret the signing secret, decrypted
     */
    record Endpoint(URI url, String secret) {

        /** Never prints the secret. */
        @Override
        public String toString() {
            return "Endpoint[url=" + url + "]";
        }
    }

    /**
     * How long the enabled subscriptions are kept in memory. A change on this node takes effect at once; one made on
     * another node after at most this long.
     */
    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final String COLUMNS = "id, url, event_types, secret IS NOT NULL, enabled, line_id, created_at,"
            + " updated_at";

    private record Cached(List<Target> targets, long loadedAt, long generation) {
    }

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final Clock clock;
    private volatile Cached cached;
    /** Counts committed changes, so that a list read while one committed is not kept as current. */
    private final AtomicLong generation = new AtomicLong();

    WebhookSubscriptions(JdbcClient jdbc, SecretCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** @return every subscription, oldest first */
    @Transactional(readOnly = true)
    List<WebhookSubscriptionView> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscription ORDER BY id").query(this::view).list();
    }

    /** @throws NotFoundException when there is no such subscription */
    @Transactional(readOnly = true)
    WebhookSubscriptionView get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("webhook subscription", id));
    }

    private Optional<WebhookSubscriptionView> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscription WHERE id = ?").param(id).query(this::view)
                .optional();
    }

    @Transactional
    WebhookSubscriptionView create(WebhookSubscriptionRequest request) {
        String url = checkedUrl(request.url());
        String events = checkedEvents(request.events());
        checkLine(request.lineId());
        if (request.secret() == null || request.secret().isBlank()) {
            throw new InvalidRequestException("secret", "a secret is required: receivers check each request's "
                    + "signature with it");
        }
        Instant now = clock.instant();
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO webhook_subscription (url, event_types, enabled, line_id, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(url, events, request.enabled() == null || request.enabled(), request.lineId(),
                        Jdbc.utc(now), Jdbc.utc(now))
                .update(key, "id");
        long id = key.getKey().longValue();
        storeSecret(id, request.secret());
        changed();
        return get(id);
    }

    @Transactional
    WebhookSubscriptionView update(long id, WebhookSubscriptionRequest request) {
        get(id);
        String url = checkedUrl(request.url());
        String events = checkedEvents(request.events());
        checkLine(request.lineId());
        jdbc.sql("UPDATE webhook_subscription SET url = ?, event_types = ?, enabled = ?, line_id = ?, updated_at = ?"
                        + " WHERE id = ?")
                .params(url, events, request.enabled() == null || request.enabled(), request.lineId(),
                        Jdbc.utc(clock.instant()), id)
                .update();
        if (request.secret() != null) {
            if (request.secret().isBlank()) {
                throw new InvalidRequestException("secret", "the secret must not be blank; omit it to keep the "
                        + "stored one");
            }
            storeSecret(id, request.secret());
        }
        changed();
        return get(id);
    }

    /** Deletes a subscription with its deliveries, pending ones included. */
    @Transactional
    void delete(long id) {
        if (jdbc.sql("DELETE FROM webhook_subscription WHERE id = ?").param(id).update() == 0) {
            throw new NotFoundException("webhook subscription", id);
        }
        changed();
    }

    /**
     * @return the enabled subscriptions, read again at most {@link #REFRESH} after the last time; the queue calls it
     *         for every event, within the event's transaction
     */
    List<Target> enabled() {
        Cached current = cached;
        long changes = generation.get();
        if (current == null || current.generation() != changes
                || System.nanoTime() - current.loadedAt() > REFRESH.toNanos()) {
            long now = System.nanoTime();
            current = new Cached(jdbc.sql("SELECT id, event_types, line_id FROM webhook_subscription WHERE enabled")
                    .query((rs, n) -> new Target(rs.getLong(1), Set.copyOf(events(rs.getString(2))),
                            rs.getObject(3, Long.class)))
                    .list(), now, changes);
            cached = current;
        }
        return current.targets();
    }

    /**
     * @param id a subscription
     * @return where to send its deliveries, or empty when it was deleted
     * @throws IllegalStateException when its secret cannot be decrypted (the hub's key changed)
     */
    Optional<Endpoint> endpoint(long id) {
        return jdbc.sql("SELECT url, secret FROM webhook_subscription WHERE id = ?").param(id)
                .query((rs, n) -> new Endpoint(URI.create(rs.getString(1)),
                        cipher.decrypt(rs.getString(2), context(id))))
                .optional();
    }

    private void storeSecret(long id, String secret) {
        jdbc.sql("UPDATE webhook_subscription SET secret = ? WHERE id = ?")
                .params(cipher.encrypt(secret, context(id)), id).update();
    }

    /** Makes the next event read the subscriptions again, once this change committed. */
    private void changed() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    generation.incrementAndGet();
                }
            });
        } else {
            generation.incrementAndGet();
        }
    }

    private static String context(long id) {
        return "webhook-subscription/" + id + "/secret";
    }

    private static String checkedUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("url", "not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidRequestException("url", "the URL must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new InvalidRequestException("url", "the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidRequestException("url", "the URL must not contain credentials; receivers check the "
                    + "X-Hub-Signature-256 header instead");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidRequestException("url", "the URL must not have a fragment (#...)");
        }
        return uri.toString();
    }

    private static String checkedEvents(Set<String> events) {
        for (String type : events) {
            if (type == null || !WebhookEvents.TYPES.contains(type)) {
                throw new InvalidRequestException("events", "unknown event type " + type + "; known types: "
                        + String.join(", ", WebhookEvents.TYPES));
            }
        }
        return String.join(",", WebhookEvents.TYPES.stream().filter(events::contains).toList());
    }

    private void checkLine(Long lineId) {
        if (lineId != null && jdbc.sql("SELECT COUNT(*) FROM line WHERE id = ?").param(lineId)
                .query(Long.class).single() == 0) {
            throw new InvalidRequestException("lineId", "line " + lineId + " does not exist");
        }
    }

    private static List<String> events(String stored) {
        return Arrays.stream(stored.split(",")).filter(s -> !s.isBlank()).toList();
    }

    private WebhookSubscriptionView view(ResultSet rs, int row) throws SQLException {
        return new WebhookSubscriptionView(rs.getLong(1), rs.getString(2), events(rs.getString(3)), rs.getBoolean(4),
                rs.getBoolean(5), rs.getObject(6, Long.class), Jdbc.instant(rs, 7), Jdbc.instant(rs, 8));
    }
}
