package org.lineshub.hub.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * What storing a message costs at the least: a minimal Telegram webhook receiver written by hand, to measure the hub
 * against on the same machine, database server and load. The JDK's HTTP server with a fixed pool of request threads,
 * HikariCP, and per message one transaction: check the secret token, parse the update, upsert the chat's session
 * ({@code INSERT ... ON DUPLICATE KEY UPDATE} on a unique (account, chat)), insert the message (unique external id:
 * a delivery of a stored message again answers 200 and stores nothing), commit, answer 200. A deadlock between
 * concurrent messages of one chat is retried, as any service would. Nothing else: no routing, no events, no
 * plugins, no clients or contacts, no audit; its own database ({@value BenchDatabase#BASELINE}) on the hub's
 * server.
 */
final class BaselineService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ACCOUNT = 1;
    private static final int ATTEMPTS = 5;

    private static final String UPSERT_SESSION = "INSERT INTO session (account_id, chat, client_name, messages, "
            + "created_at, last_message_at) VALUES (?, ?, ?, 1, ?, ?) ON DUPLICATE KEY UPDATE "
            + "id = LAST_INSERT_ID(id), messages = messages + 1, client_name = VALUES(client_name), "
            + "last_message_at = GREATEST(last_message_at, VALUES(last_message_at))";
    private static final String INSERT_MESSAGE = "INSERT INTO message (session_id, account_id, external_id, text, "
            + "sent_at, created_at) VALUES (?, ?, ?, ?, ?, ?)";

    private final HttpServer server;
    private final ExecutorService executor;
    private final HikariDataSource pool;
    private final byte[] secret;

    /**
     * Creates the schema in an empty database and starts listening on a free port of 127.0.0.1.
     *
     * @param database the server, shared with the hub
     * @param threads  request threads
     * @param poolSize database connections
     * @param secret   the secret token requests must carry
     */
    BaselineService(BenchDatabase database, int threads, int poolSize, String secret) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
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
            this.executor = Executors.newFixedThreadPool(threads, new LoadDriver.Named("baseline-"));
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            server.createContext("/telegram", this::handle);
            server.setExecutor(executor);
            server.start();
        } catch (IOException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** @return the webhook's URL */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/telegram");
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

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String token = exchange.getRequestHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token");
            if (token == null || !MessageDigest.isEqual(secret, token.getBytes(StandardCharsets.UTF_8))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode message;
            try {
                message = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("message");
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            if (!message.path("chat").path("id").canConvertToLong() || !message.path("message_id").canConvertToLong()) {
                // not a message: acknowledged and ignored, as Telegram expects
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            String chat = message.path("chat").path("id").asText();
            int status;
            try {
                store(chat, chat + ":" + message.path("message_id").asText(),
                        message.path("from").path("first_name").asText(null), message.path("text").asText(null),
                        Instant.ofEpochSecond(message.path("date").asLong()));
                status = 200;
            } catch (SQLException e) {
                status = 503;
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private void store(String chat, String externalId, String name, String text, Instant sentAt)
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
        server.stop(0);
        executor.shutdownNow();
        pool.close();
    }
}
