package org.lineshub.hub.system;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Time conversions for plain JDBC. Every DATETIME column holds UTC (Hibernate writes them with
 * {@code hibernate.jdbc.time_zone=UTC}); JDBC code converts explicitly so it agrees whatever the JVM's zone is.
 */
public final class Jdbc {

    private Jdbc() {
    }

    /**
     * @param instant a point in time, or {@code null}
     * @return the UTC wall time to store, or {@code null}
     */
    public static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * @param rs     a result set
     * @param column a DATETIME column, 1-based
     * @return the point in time, or {@code null}
     * @throws SQLException when the column cannot be read
     */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
