package org.lineshub.hub.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Line efficiency over a period: load and overall performance, as SQL aggregates over the stored timestamps. */
@Component
class LineReports {

    /**
     * The line's figures over the period.
     *
     * @param lineId                   the line
     * @param lineName                 its name
     * @param from                     the period's start
     * @param to                       the period's end (excluded)
     * @param zone                     the time zone of the hours
     * @param sessionsReceived         sessions created within the period (spam never counts)
     * @param sessionsClosed           of those, the closed ones
     * @param avgQueueSeconds          average time from creation to assignment of the assigned ones; {@code null} when
     *                                 none
     * @param p90QueueSeconds          the 90th percentile of those times (interpolated); {@code null} when none
     * @param avgFirstResponseSeconds  average time from creation to the first reply of the answered ones (not those an
     *                                 operator started); {@code null} when none
     * @param avgHandlingSeconds       average time from assignment (or creation) to closing of the closed ones;
     *                                 {@code null} when none
     * @param answeredWithinSlaShare   the share (0 to 1) of sessions with a first-response deadline answered in time;
     *                                 {@code null} when no session had one
     * @param byChannel                sessions received by channel type, most first
     * @param byHour                   sessions received by hour of the day in the report's zone, 24 entries
     */
    record LineReport(long lineId, String lineName, Instant from, Instant to, String zone, long sessionsReceived,
                      long sessionsClosed, Double avgQueueSeconds, Double p90QueueSeconds,
                      Double avgFirstResponseSeconds, Double avgHandlingSeconds, Double answeredWithinSlaShare,
                      List<ChannelCount> byChannel, List<HourCount> byHour) {
    }

    /**
     * @param channel  a channel type, e.g. telegram
     * @param sessions sessions received through it
     */
    record ChannelCount(String channel, long sessions) {
    }

    /**
     * @param hour     0 to 23, local time
     * @param sessions sessions received within that hour of any day of the period
     */
    record HourCount(int hour, long sessions) {
    }

    private final JdbcClient jdbc;

    LineReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    LineReport report(long lineId, String lineName, ReportPeriod period) {
        Object[] totals = new Object[6];
        ReportSql.bind(jdbc.sql("SELECT COUNT(*), SUM(s.status = 'CLOSED'), AVG(" + ReportSql.QUEUE_SECONDS + "), AVG("
                        + ReportSql.FIRST_RESPONSE_SECONDS + "), AVG(" + ReportSql.HANDLING_SECONDS + "), AVG("
                        + ReportSql.ANSWERED_WITHIN_SLA + ") FROM session s WHERE " + ReportSql.SESSIONS_OF_PERIOD),
                        lineId, period)
                .query(rs -> {
                    for (int i = 0; i < totals.length; i++) {
                        totals[i] = rs.getObject(i + 1);
                    }
                });
        Double[] p90 = new Double[1];
        ReportSql.bind(jdbc.sql("SELECT MAX(p.p90) FROM (SELECT PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY"
                        + " q.seconds) OVER () AS p90 FROM (SELECT " + ReportSql.QUEUE_SECONDS + " AS seconds"
                        + " FROM session s WHERE " + ReportSql.SESSIONS_OF_PERIOD
                        + " AND s.assigned_at IS NOT NULL) q) p"),
                        lineId, period)
                .query(rs -> {
                    p90[0] = OperatorReports.seconds(rs.getObject(1));
                });
        List<ChannelCount> byChannel = ReportSql.bind(jdbc.sql("SELECT a.type, COUNT(*) FROM session s"
                        + " JOIN channel_account a ON a.id = s.account_id WHERE " + ReportSql.SESSIONS_OF_PERIOD
                        + " GROUP BY a.type ORDER BY COUNT(*) DESC, a.type"), lineId, period)
                .query((rs, n) -> new ChannelCount(rs.getString(1), rs.getLong(2))).list();
        return new LineReport(lineId, lineName, period.from(), period.to(), period.zone().getId(), number(totals[0]),
                number(totals[1]), OperatorReports.seconds(totals[2]), p90[0],
                OperatorReports.seconds(totals[3]), OperatorReports.seconds(totals[4]), share(totals[5]), byChannel,
                byHour(lineId, period));
    }

    /** Sessions by local hour of creation; the zone's offsets over the period become a CASE on the UTC time. */
    private List<HourCount> byHour(long lineId, ReportPeriod period) {
        ReportPeriod.Offsets offsets = period.offsets();
        int last = offsets.changes().size();
        StringBuilder offset = new StringBuilder();
        if (last == 0) {
            offset.append(offsets.offsetsSeconds().get(0));
        } else {
            offset.append("CASE");
            for (int i = 0; i < last; i++) {
                offset.append(" WHEN s.created_at < :change").append(i).append(" THEN ")
                        .append(offsets.offsetsSeconds().get(i));
            }
            offset.append(" ELSE ").append(offsets.offsetsSeconds().get(last)).append(" END");
        }
        JdbcClient.StatementSpec sql = ReportSql.bind(jdbc.sql("SELECT HOUR(s.created_at + INTERVAL (" + offset
                + ") SECOND) AS h, COUNT(*) FROM session s WHERE " + ReportSql.SESSIONS_OF_PERIOD + " GROUP BY h"),
                lineId, period);
        for (int i = 0; i < offsets.changes().size(); i++) {
            sql = sql.param("change" + i, offsets.changes().get(i));
        }
        long[] counts = new long[24];
        sql.query(rs -> {
            counts[rs.getInt(1)] = rs.getLong(2);
        });
        List<HourCount> hours = new ArrayList<>(24);
        for (int h = 0; h < 24; h++) {
            hours.add(new HourCount(h, counts[h]));
        }
        return hours;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static Double share(Object value) {
        return value instanceof Number n ? Math.round(n.doubleValue() * 10000) / 10000.0 : null;
    }
}
