package org.lineshub.hub.blacklist;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.lineshub.hub.system.Jdbc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * The {@code blacklist_rule} and {@code blacklist_version} tables. Runs in the caller's transaction; every write also
 * increments the version row, so hub nodes that cache the rules notice the change.
 */
@Component
class BlacklistStore {

    private static final String COLUMNS = "SELECT r.id, r.kind, r.channel_type, r.account_id, r.match_value,"
            + " r.comment, r.expires_at, r.created_by, u.display_name, r.created_at"
            + " FROM blacklist_rule r LEFT JOIN app_user u ON u.id = r.created_by";

    private final JdbcClient jdbc;

    BlacklistStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return every rule, newest first, expired ones included */
    List<BlockRule> all() {
        return jdbc.sql(COLUMNS + " ORDER BY r.id DESC").query(BlacklistStore::row).list();
    }

    /** @return the rules that have not expired at this time */
    List<BlockRule> activeAt(Instant now) {
        return jdbc.sql(COLUMNS + " WHERE r.expires_at IS NULL OR r.expires_at > :now")
                .param("now", Jdbc.utc(now)).query(BlacklistStore::row).list();
    }

    BlockRule find(long id) {
        return jdbc.sql(COLUMNS + " WHERE r.id = :id").param("id", id).query(BlacklistStore::row).optional()
                .orElse(null);
    }

    /** @return the new rule's id */
    long insert(RuleKind kind, String channelType, Long accountId, String value, String comment, Instant expiresAt,
                Long createdBy, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO blacklist_rule (kind, channel_type, account_id, match_value, comment, expires_at,"
                        + " created_by, created_at) VALUES (:kind, :type, :account, :value, :comment, :expires, :by, :now)")
                .param("kind", kind.name()).param("type", channelType).param("account", accountId)
                .param("value", value).param("comment", comment)
                .param("expires", expiresAt == null ? null : Jdbc.utc(expiresAt)).param("by", createdBy)
                .param("now", Jdbc.utc(now))
                .update(key, "id");
        changed();
        return key.getKey().longValue();
    }

    /** @return whether the rule existed */
    boolean delete(long id) {
        boolean deleted = jdbc.sql("DELETE FROM blacklist_rule WHERE id = :id").param("id", id).update() > 0;
        if (deleted) {
            changed();
        }
        return deleted;
    }

    /**
     * Deletes the rules that name this sender: identity rules of its user id (on its account or all accounts of the
     * type), and rules of exactly its address or phone. Domain rules stay: they are about many senders.
     *
     * @return how many were deleted
     */
    int deleteNaming(String channelType, long accountId, String externalUserId, String email, String phone) {
        int deleted = jdbc.sql("DELETE FROM blacklist_rule WHERE (kind = 'IDENTITY' AND channel_type = :type"
                        + " AND match_value = :user AND (account_id IS NULL OR account_id = :account))"
                        + " OR (kind = 'EMAIL' AND match_value = :email) OR (kind = 'PHONE' AND match_value = :phone)")
                .param("type", channelType).param("user", externalUserId).param("account", accountId)
                .param("email", email == null ? "" : email).param("phone", phone == null ? "" : phone)
                .update();
        if (deleted > 0) {
            changed();
        }
        return deleted;
    }

    /** @return the version of the rules: it changes with every committed change */
    long version() {
        return jdbc.sql("SELECT version FROM blacklist_version WHERE id = 1").query(Long.class).single();
    }

    private void changed() {
        jdbc.sql("UPDATE blacklist_version SET version = version + 1 WHERE id = 1").update();
    }

    private static BlockRule row(ResultSet rs, int n) throws SQLException {
        return new BlockRule(rs.getLong(1), RuleKind.valueOf(rs.getString(2)), rs.getString(3),
                rs.getObject(4, Long.class), rs.getString(5), rs.getString(6), Jdbc.instant(rs, 7),
                rs.getObject(8, Long.class), rs.getString(9), Jdbc.instant(rs, 10));
    }
}
