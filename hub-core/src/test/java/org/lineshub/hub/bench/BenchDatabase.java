package org.lineshub.hub.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The MariaDB server of a run, which the hub and the baseline share: the hub's embedded one (its port is chosen
 * before the hub starts it) or an external server. Each of them gets a database of its own on it, created empty.
 *
 * @param serverUrl {@code jdbc:mariadb://host:port/}
 * @param user      a user that may create databases
 * @param password  its password, or empty
 * @param embedded  whether this is the hub's embedded server
 */
record BenchDatabase(String serverUrl, String user, String password, boolean embedded) {

    /** The database the baseline service writes to. */
    static final String BASELINE = "lines_bench_baseline";

    static BenchDatabase external(BenchOptions options) {
        return new BenchDatabase(options.dbUrl(), options.dbUser(), options.dbPassword(), false);
    }

    static BenchDatabase embedded(int port) {
        return new BenchDatabase("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "", true);
    }

    /** @return the JDBC URL of a database on this server */
    String url(String database) {
        return serverUrl + database;
    }

    /** Drops a database if it exists and creates it empty. */
    void recreate(String database) {
        if (!database.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
            s.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + database + " on " + serverUrl + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return the server's version, e.g. {@code 11.4.5-MariaDB} */
    String version() {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT VERSION()")) {
            return r.next() ? r.getString(1) : "unknown";
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** @return where the server is, for the report */
    String describe() {
        return (embedded ? "the hub's embedded MariaDB at " : "external server ") + serverUrl.replace("jdbc:", "");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(serverUrl, user, password.isEmpty() ? null : password);
    }
}
