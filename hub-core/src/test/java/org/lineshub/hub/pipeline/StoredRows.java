package org.lineshub.hub.pipeline;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the fault tests read straight from the hub's database, to check exactly-once storing. */
final class StoredRows {

    private StoredRows() {
    }

    /** @return each inbound message text with how many times it is stored */
    static Map<String, Long> inboundTexts(Connection c) throws SQLException {
        Map<String, Long> texts = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT text, COUNT(*) FROM message WHERE direction = 'INBOUND' "
                     + "GROUP BY text")) {
            while (rs.next()) {
                texts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return texts;
    }

    /** @return the single number a query such as {@code SELECT COUNT(*) ...} answers */
    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
