package org.lineshub.hub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The baselines' storage, the least that storing a message takes: HikariCP and per message one transaction that
 * upserts the chat's session ({@code INSERT ... ON DUPLICATE KEY UPDATE} on a unique (account, chat)) and inserts the
 * message (unique external id), then commits. No routing, no events, no clients or contacts, no audit; its own
 * database ({@value BenchDatabase#BASELINE}) on the hub's server, created empty.
 */
final class BaselineStore implements AutoCloseable {

    private static final long ACCOUNT = 1;
    private static final int ATTEMPTS = 5;

    private static final String UPSERT_SESSION = "INSERT INTO session (account_id, chat, client_name, messages, "
            + "created_at, last_message_at) VALUES (?, ?, ?, 1, ?, ?) ON DUPLICATE KEY UPDATE "
            + "id = LAST_INSERT_ID(id), messages = messages + 1, client_name = VALUES(client_name), "
            + "last_message_at = GREATEST(last_message_at, VALUES(last_message_at))";
    private static final String INSERT_MESSAGE = "INSERT INTO message (session_id, account_id, external_id, text, "
            + "sent_at, created_at) VALUES (?, ?, ?, ?, ?, ?)";

    private final HikariDataSource pool;

    /**
     * @param database the server, shared with the hub
     * @param poolSize database connections
     */
    BaselineStore(BenchDatabase database, int poolSize) {
        database.recreate(BenchDatabase.BASELINE);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url(BenchDatabase.BASELINE));
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setAutoCommit(false);
        config.setPoolName("baseline");
        this.pool = new HikariDataSource(config);
        try {
            createSchema();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private void createSchema() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE session (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                    + "account_id BIGINT NOT NULL, chat VARCHAR(128) NOT NULL, client_name VARCHAR(255), "
                    + "messages INT NOT NULL, created_at DATETIME(6) NOT NULL, last_message_at DATETIME(6) NOT NULL, "
                    + "UNIQUE KEY uk_session_chat (account_id, chat)) ENGINE=InnoDB");
            s.execute("CREATE TABLE message (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                    + "session_id BIGINT NOT NULL, account_id BIGINT NOT NULL, external_id VARCHAR(128) NOT NULL, "
                    + "text TEXT, sent_at DATETIME(6), created_at DATETIME(6) NOT NULL, "
                    + "UNIQUE KEY uk_message_external (account_id, external_id), "
                    + "CONSTRAINT fk_message_session FOREIGN KEY (session_id) REFERENCES session (id)) ENGINE=InnoDB");
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the baseline's tables: " + e.getMessage(), e);
        }
    }

    /**
     * Stores one message in a transaction of its own: upserts the chat's session, inserts the message, commits. A
     * message whose external id is stored already is dropped; a deadlock is retried.
     */
    void store(String chat, String externalId, String name, String text, Instant sentAt)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                try {
                    Timestamp now = Timestamp.from(Instant.now());
                    long session;
                    try (PreparedStatement upsert = c.prepareStatement(UPSERT_SESSION,
                            Statement.RETURN_GENERATED_KEYS)) {
                        upsert.setLong(1, ACCOUNT);
                        upsert.setString(2, chat);
                        upsert.setString(3, name);
                        upsert.setTimestamp(4, now);
                        upsert.setTimestamp(5, now);
                        upsert.executeUpdate();
                        try (ResultSet keys = upsert.getGeneratedKeys()) {
                            session = keys.next() ? keys.getLong(1) : sessionOf(c, chat);
                        }
                    }
                    try (PreparedStatement insert = c.prepareStatement(INSERT_MESSAGE)) {
                        insert.setLong(1, session);
                        insert.setLong(2, ACCOUNT);
                        insert.setString(3, externalId);
                        insert.setString(4, text);
                        insert.setTimestamp(5, Timestamp.from(sentAt));
                        insert.setTimestamp(6, now);
                        insert.executeUpdate();
                    }
                    c.commit();
                    return;
                } catch (SQLIntegrityConstraintViolationException e) {
                    // delivered again: stored already
                    c.rollback();
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    if (!(e instanceof SQLTransactionRollbackException) || attempt == ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
    }

    private static long sessionOf(Connection c, String chat) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM session WHERE account_id = ? AND chat = ?")) {
            s.setLong(1, ACCOUNT);
            s.setString(2, chat);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("the session of chat " + chat + " vanished");
                }
                return r.getLong(1);
            }
        }
    }

    /** Hands every stored message's text to a consumer, for the exactly-once check. */
    void texts(Consumer<String> consumer) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT text FROM message WHERE account_id = " + ACCOUNT)) {
            while (r.next()) {
                consumer.accept(r.getString(1));
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the baseline's messages: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
