package org.lineshub.hub.channel;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.lineshub.hub.system.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Input from outside that could not be mapped or stored, kept with its reason instead of being lost. A second copy
 * of the same input (same account and external id) is kept once.
 */
@Repository
public class DeadLetterStore {

    /**
     * One parked input.
     *
     * @param id         the entry
     * @param accountId  the channel account it came to, or {@code null}
     * @param externalId the platform's id for it, or {@code null}
     * @param reason     why it was parked
     * @param payload    the input as received
     * @param createdAt  when it was parked
     */
    public record DeadLetter(long id, Long accountId, String externalId, String reason, String payload,
                             Instant createdAt) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final int MAX_PAYLOAD = 1_000_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Counter parked;

    DeadLetterStore(JdbcClient jdbc, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.parked = Counter.builder("hub.intake.parked")
                .description("Input parked in the dead-letter table: unmappable updates, malformed webhook bodies, "
                        + "messages that cannot be stored")
                .register(registry);
    }

    /**
     * @param accountId  the channel account, or {@code null}
     * @param externalId the platform's id for the input, or {@code null}
     * @param reason     why it is parked; no secrets, no personal data
     * @param payload    the input as received
     */
    public void park(Long accountId, String externalId, String reason, String payload) {
        String id = externalId == null || externalId.length() <= 191 ? externalId : externalId.substring(0, 191);
        String why = reason == null ? "unknown" : reason.length() <= 1000 ? reason : reason.substring(0, 1000);
        String body = payload == null || payload.length() <= MAX_PAYLOAD ? payload : payload.substring(0, MAX_PAYLOAD);
        int rows = jdbc.sql("INSERT IGNORE INTO dead_letter (account_id, external_id, reason, payload, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(accountId, id, why, body, Jdbc.utc(clock.instant())).update();
        if (rows == 1) {
            parked.increment();
            LOG.warn("Parked input of account {} in the dead-letter table: {}", accountId, why);
        }
    }

    /**
     * @param accountId only this account's entries, or all when {@code null}
     * @param limit     the most to return
     * @return the newest entries first
     */
    public List<DeadLetter> list(Long accountId, int limit) {
        String where = accountId == null ? "" : " WHERE account_id = :account";
        var spec = jdbc.sql("SELECT id, account_id, external_id, reason, payload, created_at FROM dead_letter" + where
                + " ORDER BY id DESC LIMIT :limit").param("limit", limit);
        if (accountId != null) {
            spec = spec.param("account", accountId);
        }
        return spec.query((rs, n) -> new DeadLetter(rs.getLong(1), (Long) rs.getObject(2, Long.class),
                rs.getString(3), rs.getString(4), rs.getString(5), Jdbc.instant(rs, 6))).list();
    }
}
