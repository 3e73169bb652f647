package org.lineshub.hub.report;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.lineshub.hub.system.Jdbc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The parameters of every session of a line and period as CSV, written row by row as the database streams them:
 * an export of a busy line's year never sits in memory.
 */
@Component
class SessionExport {

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Rows the driver fetches at a time instead of reading the whole result first. */
    private static final int FETCH_SIZE = 500;

    private final JdbcClient jdbc;

    SessionExport(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        this.jdbc = JdbcClient.create(template);
    }

    /** Writes the file: a header row in the language, then one row per session of the period, oldest first. */
    void write(long lineId, ReportPeriod period, CsvLanguage lang, OutputStream target) {
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 1 << 16);
        Csv csv = new Csv(writer);
        String zone = period.zone().getId();
        csv.row(List.of(lang.text("id"), lang.text("line"), lang.text("channelType"), lang.text("account"),
                lang.text("client"), lang.text("operator"), lang.text("status"), lang.text("created", zone),
                lang.text("assigned", zone), lang.text("firstResponse", zone), lang.text("closed", zone),
                lang.text("inboundMessages"), lang.text("outboundMessages"), lang.text("queueSeconds"),
                lang.text("firstResponseSeconds"), lang.text("handlingSeconds")));
        ReportSql.bind(jdbc.sql("SELECT s.id, l.name, a.type, a.name, c.display_name, u.display_name, s.status,"
                        + " s.created_at, s.assigned_at, s.first_response_at, s.closed_at,"
                        + " (SELECT COUNT(*) FROM message m WHERE m.session_id = s.id AND m.direction = 'INBOUND'),"
                        + " (SELECT COUNT(*) FROM message m WHERE m.session_id = s.id AND m.direction = 'OUTBOUND'), "
                        + ReportSql.QUEUE_SECONDS + ", " + ReportSql.FIRST_RESPONSE_SECONDS + ", "
                        + ReportSql.HANDLING_SECONDS
                        + " FROM session s JOIN line l ON l.id = s.line_id"
                        + " JOIN channel_account a ON a.id = s.account_id JOIN client c ON c.id = s.client_id"
                        + " LEFT JOIN app_user u ON u.id = s.operator_id"
                        + " WHERE " + ReportSql.SESSIONS_OF_PERIOD + " ORDER BY s.created_at, s.id"), lineId, period)
                .query(rs -> {
                    List<Object> row = new ArrayList<>(16);
                    for (int i = 1; i <= 7; i++) {
                        row.add(i == 1 ? rs.getLong(i) : rs.getString(i));
                    }
                    for (int i = 8; i <= 11; i++) {
                        Instant at = Jdbc.instant(rs, i);
                        row.add(at == null ? null : LOCAL_TIME.format(at.atZone(period.zone())));
                    }
                    row.add(rs.getLong(12));
                    row.add(rs.getLong(13));
                    for (int i = 14; i <= 16; i++) {
                        row.add(OperatorReports.seconds(rs.getObject(i)));
                    }
                    csv.row(row);
                });
        csv.flush();
    }
}
