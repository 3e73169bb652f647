package org.lineshub.hub.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.lineshub.hub.system.ConflictException;
import org.lineshub.hub.system.Jdbc;
import org.lineshub.hub.system.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The delivery queue: one row per event and subscription, written in the transaction of the change that caused the
 * event. Like the outbox of replies, claims are fenced: each names its holder, and an outcome is recorded only by the
 * holder, so a sender whose claim lapsed changes nothing. Statuses: {@code PENDING}, {@code DELIVERED},
 * {@code FAILED}.
 */
@Repository
class WebhookDeliveries {

    /**
     * A delivery due now.
     *
     * @param id             the row
     * @param subscriptionId its subscription
     */
    record Due(long id, long subscriptionId) {
    }

    /**
     * What an attempt sends.
     *
     * @param deliveryId     the delivery id
     * @param subscriptionId the subscription
     * @param eventType      the event type
     * @param payload        the body
     * @param attempts       attempts before this one
     * @param queuedAt       when it was queued (or sent again); retries end {@code retry-for} after it
     */
    record Attempt(String deliveryId, long subscriptionId, String eventType, String payload, int attempts,
                   Instant queuedAt) {
    }

    /**
     * A page of a subscription's deliveries, newest first.
     *
     * @param deliveries the deliveries
     * @param next       the cursor of the next page, or {@code null} on the last
     */
    record Page(List<WebhookDeliveryView> deliveries, Long next) {
    }

    private static final int MAX_ERROR = 1000;
    private static final String VIEW_COLUMNS = "id, delivery_id, event_type, session_id, status, attempts,"
            + " next_attempt_at, last_status_code, last_error, created_at, last_attempt_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    WebhookDeliveries(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Queues a delivery, due at once; within the caller's transaction. */
    void enqueue(long subscriptionId, String deliveryId, String eventType, Long sessionId, String payload) {
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO webhook_delivery (subscription_id, delivery_id, event_type, session_id, payload,"
                        + " next_attempt_at, created_at, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(subscriptionId, deliveryId, eventType, sessionId, payload, Jdbc.utc(now), Jdbc.utc(now),
                        Jdbc.utc(now))
                .update();
    }

    /**
     * @return for each enabled subscription with a delivery due now, its oldest due one: not claimed, no earlier
     *         delivery of the same session to the same subscription still pending, and no delivery of the
     *         subscription being sent (at most one in flight per subscription, so a slow receiver holds one sender)
     */
    List<Due> findDue() {
        return jdbc.sql("SELECT MIN(d.id), d.subscription_id FROM webhook_delivery d"
                        + " JOIN webhook_subscription s ON s.id = d.subscription_id AND s.enabled"
                        + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now"
                        + " AND (d.claimed_until IS NULL OR d.claimed_until < :now)"
                        + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery e"
                        + " WHERE e.subscription_id = d.subscription_id AND e.session_id = d.session_id"
                        + " AND e.status = 'PENDING' AND e.id < d.id)"
                        + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery c"
                        + " WHERE c.subscription_id = d.subscription_id AND c.status = 'PENDING'"
                        + " AND c.claimed_until >= :now)"
                        + " GROUP BY d.subscription_id ORDER BY MIN(d.id)")
                .param("now", Jdbc.utc(clock.instant()))
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2))).list();
    }

    /** @return true when {@code owner} now holds the pending delivery for {@code lease} */
    boolean claim(long id, String owner, Duration lease) {
        Instant now = clock.instant();
        return jdbc.sql("UPDATE webhook_delivery SET claimed_until = ?, claimed_by = ? WHERE id = ?"
                        + " AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < ?)")
                .params(Jdbc.utc(now.plus(lease)), owner, id, Jdbc.utc(now)).update() == 1;
    }

    /** @return what to send for a claimed delivery, or empty when it is gone */
    Optional<Attempt> attempt(long id) {
        return jdbc.sql("SELECT delivery_id, subscription_id, event_type, payload, attempts, queued_at"
                        + " FROM webhook_delivery WHERE id = ?").param(id)
                .query((rs, n) -> new Attempt(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), Jdbc.instant(rs, 6)))
                .optional();
    }

    /** @return false when {@code owner} does not hold the pending delivery: nothing changed */
    boolean delivered(long id, String owner, int statusCode) {
        return finish(id, owner, "DELIVERED", statusCode, null, null);
    }

    /** @return false when {@code owner} does not hold the pending delivery: nothing changed */
    boolean retryLater(long id, String owner, Integer statusCode, String error, Instant next) {
        return finish(id, owner, "PENDING", statusCode, error, next);
    }

    /** @return false when {@code owner} does not hold the pending delivery: nothing changed */
    boolean failed(long id, String owner, Integer statusCode, String error) {
        return finish(id, owner, "FAILED", statusCode, error, null);
    }

    private boolean finish(long id, String owner, String status, Integer statusCode, String error, Instant next) {
        return jdbc.sql("UPDATE webhook_delivery SET status = ?, attempts = attempts + 1, last_status_code = ?,"
                        + " last_error = ?, last_attempt_at = ?, next_attempt_at = ?, claimed_until = NULL,"
                        + " claimed_by = NULL WHERE id = ? AND claimed_by = ? AND status = 'PENDING'")
                .params(status, statusCode, cut(error), Jdbc.utc(clock.instant()), Jdbc.utc(next), id, owner)
                .update() == 1;
    }

    /**
     * @param subscriptionId the subscription
     * @param before         only deliveries older than this cursor, or {@code null} for the newest
     * @param limit          the most to return
     */
    Page page(long subscriptionId, Long before, int limit) {
        List<Row> rows = jdbc.sql("SELECT " + VIEW_COLUMNS + " FROM webhook_delivery WHERE subscription_id = ?"
                        + " AND id < ? ORDER BY id DESC LIMIT ?")
                .params(subscriptionId, before == null ? Long.MAX_VALUE : before, limit + 1)
                .query(WebhookDeliveries::row).list();
        boolean more = rows.size() > limit;
        List<Row> shown = more ? rows.subList(0, limit) : rows;
        return new Page(shown.stream().map(Row::view).toList(), more ? shown.get(shown.size() - 1).id() : null);
    }

    /**
     * Sends a delivered or failed delivery again, with the same delivery id and body: pending, due now, attempts
     * counted anew and retried as long as a new one.
     *
     * @throws NotFoundException when the subscription has no such delivery
     * @throws ConflictException when it is still pending
     */
    WebhookDeliveryView redeliver(long subscriptionId, String deliveryId) {
        Instant now = clock.instant();
        int changed = jdbc.sql("UPDATE webhook_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = ?,"
                        + " queued_at = ?, claimed_until = NULL, claimed_by = NULL WHERE subscription_id = ?"
                        + " AND delivery_id = ? AND status <> 'PENDING'")
                .params(Jdbc.utc(now), Jdbc.utc(now), subscriptionId, deliveryId).update();
        Row row = jdbc.sql("SELECT " + VIEW_COLUMNS + " FROM webhook_delivery WHERE subscription_id = ?"
                        + " AND delivery_id = ?").params(subscriptionId, deliveryId)
                .query(WebhookDeliveries::row).optional()
                .orElseThrow(() -> new NotFoundException("webhook delivery", deliveryId));
        if (changed == 0) {
            throw new ConflictException("the delivery is still pending; it is tried again at "
                    + row.view().nextAttemptAt());
        }
        return row.view();
    }

    /** Deletes at most {@code limit} delivered and failed deliveries created before {@code before}. */
    int purge(Instant before, int limit) {
        return jdbc.sql("DELETE FROM webhook_delivery WHERE created_at < ? AND status <> 'PENDING' LIMIT ?")
                .params(Jdbc.utc(before), limit).update();
    }

    /** @return the number of deliveries waiting to be sent */
    long pendingCount() {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE status = 'PENDING'").query(Long.class).single();
    }

    private record Row(long id, WebhookDeliveryView view) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong(1), new WebhookDeliveryView(rs.getString(2), rs.getString(3),
                rs.getObject(4, Long.class), rs.getString(5), rs.getInt(6), Jdbc.instant(rs, 7),
                rs.getObject(8, Integer.class), rs.getString(9), Jdbc.instant(rs, 10), Jdbc.instant(rs, 11)));
    }

    private static String cut(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 3) + "...";
    }
}
