package org.lineshub.hub.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.Fixtures.User;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Operator and line efficiency and the session export, against fixtures whose figures are worked out by hand:
 * sessions, replies and status changes are stored with known timestamps, then the reports must give exactly those
 * figures. The period is the day 2025-03-10 in Moscow (UTC+3 all year): 2025-03-09T21:00Z to 2025-03-10T21:00Z.
 */
class ReportsIT extends HubIT {

    private static final String DAY = "from=2025-03-10&to=2025-03-10&zone=Europe/Moscow";

    private final Fixtures fixtures = fixtures();

    @Autowired
    private JdbcClient jdbc;

    /** A line with the sessions of the class comment, and who works there. */
    private record Scene(long line, long account, User anna, User boris, User sofia, User oleg, long s1, long s2,
                         long s3, long s6, long s7) {
    }

    @Test
    void operatorFiguresAreTheHandComputedOnes() {
        Scene scene = scene();

        JsonNode report = scene.sofia().api().get("/api/v1/reports/operators?lineId=" + scene.line() + "&" + DAY)
                .ok();

        assertThat(report.get("from").asText()).isEqualTo("2025-03-09T21:00:00Z");
        assertThat(report.get("to").asText()).isEqualTo("2025-03-10T21:00:00Z");
        JsonNode anna = row(report, scene.anna().id());
        assertThat(anna.get("sessionsHandled").asLong()).as("S1 and S2; not the spam one, nor S5 of the day before")
                .isEqualTo(2);
        assertThat(anna.get("sessionsClosed").asLong()).isEqualTo(2);
        assertThat(anna.get("avgFirstResponseSeconds").asDouble()).as("60, 180 and 40 (S3, which Boris holds now)")
                .isCloseTo(93.333, within(0.001));
        assertThat(anna.get("p90FirstResponseSeconds").asDouble()).as("60 + 0.8 * (180 - 60)")
                .isCloseTo(156.0, within(0.001));
        assertThat(anna.get("avgHandlingSeconds").asDouble()).as("(630 + 1890) / 2").isEqualTo(1260.0);
        assertThat(anna.get("messagesSent").asLong())
                .as("replies in S1, S2, S3 and S5 within the period; not the spam one, the comment, the late one")
                .isEqualTo(4);
        assertThat(anna.get("slaBreaches").asLong()).as("S2").isEqualTo(1);
        assertThat(anna.get("onlineSeconds").asLong()).as("21:00 to 12:00, 20:00 to 21:00").isEqualTo(57_600);
        assertThat(anna.get("awaySeconds").asLong()).as("12:00 to 12:30").isEqualTo(1_800);
        JsonNode boris = row(report, scene.boris().id());
        assertThat(boris.get("sessionsHandled").asLong()).as("S3 and S6").isEqualTo(2);
        assertThat(boris.get("sessionsClosed").asLong()).isEqualTo(1);
        assertThat(boris.has("avgFirstResponseSeconds")).as("he answered first only where he started")
                .isFalse();
        assertThat(boris.get("avgHandlingSeconds").asDouble()).isEqualTo(1200.0);
        assertThat(boris.get("messagesSent").asLong()).isEqualTo(2);
        assertThat(boris.get("slaBreaches").asLong()).isZero();
        assertThat(boris.get("onlineSeconds").asLong()).as("09:00 to the period's end").isEqualTo(43_200);
        assertThat(report.get("operators")).as("the line's two operators; the supervisor is none").hasSize(2);
    }

    @Test
    void lineFiguresAreTheHandComputedOnes() {
        Scene scene = scene();

        JsonNode report = admin().get("/api/v1/reports/lines?lineId=" + scene.line() + "&" + DAY).ok();

        assertThat(report.get("sessionsReceived").asLong()).as("S1, S2, S3, S6, S7").isEqualTo(5);
        assertThat(report.get("sessionsClosed").asLong()).isEqualTo(3);
        assertThat(report.get("avgQueueSeconds").asDouble()).as("(30 + 90 + 300 + 0) / 4").isEqualTo(105.0);
        assertThat(report.get("p90QueueSeconds").asDouble()).as("90 + 0.7 * (300 - 90)")
                .isCloseTo(237.0, within(0.001));
        assertThat(report.get("avgFirstResponseSeconds").asDouble()).isCloseTo(93.333, within(0.001));
        assertThat(report.get("avgHandlingSeconds").asDouble()).as("(630 + 1890 + 1200) / 3").isEqualTo(1240.0);
        assertThat(report.get("answeredWithinSlaShare").asDouble()).as("S1 and S3 of S1, S2, S3, S7")
                .isEqualTo(0.5);
        assertThat(report.get("byChannel").toString())
                .isEqualTo("[{\"channel\":\"loopback\",\"sessions\":4},{\"channel\":\"vk\",\"sessions\":1}]");
        long[] hours = new long[24];
        report.get("byHour").forEach(h -> hours[h.get("hour").asInt()] = h.get("sessions").asLong());
        long[] expected = new long[24];
        for (int h : new int[] {9, 10, 11, 13, 23}) {
            expected[h] = 1;
        }
        assertThat(hours).as("Moscow hours of S1, S2, S3, S6, S7").containsExactly(expected);
    }

    @Test
    void hoursFollowTheZoneAcrossADaylightSavingChange() {
        long line = fixtures.line("Reports DST", Map.of());
        Fixtures.Account account = fixtures.loopback(line);
        long client = client("Dora");
        // Berlin moved from UTC+1 to UTC+2 at 2025-03-30T01:00Z
        session(line, account.id(), client, "QUEUED", null, "2025-03-29T23:30:00Z", null, null, null);
        session(line, account.id(), client, "CLOSED", null, "2025-03-30T00:30:00Z", null, null, "2025-03-30T01:00:00Z");
        session(line, account.id(), client, "CLOSED", null, "2025-03-30T08:15:00Z", null, null, "2025-03-30T09:00:00Z");

        JsonNode report = admin().get("/api/v1/reports/lines?lineId=" + line
                + "&from=2025-03-30&to=2025-03-30&zone=Europe/Berlin").ok();

        assertThat(report.get("from").asText()).isEqualTo("2025-03-29T23:00:00Z");
        assertThat(report.get("byHour").get(0).get("sessions").asLong()).as("00:30 CET").isEqualTo(1);
        assertThat(report.get("byHour").get(1).get("sessions").asLong()).as("01:30 CET").isEqualTo(1);
        assertThat(report.get("byHour").get(10).get("sessions").asLong()).as("10:15 CEST").isEqualTo(1);
        assertThat(report.has("answeredWithinSlaShare")).as("no session had a deadline").isFalse();
    }

    @Test
    void csvFilesCarryAByteOrderMarkAHeaderInTheLanguageAndQuotedFields() throws Exception {
        Scene scene = scene();
        HubClient sofia = scene.sofia().api();

        byte[] operators = sofia.download("/api/v1/reports/operators?lineId=" + scene.line() + "&" + DAY
                + "&format=csv&lang=ru");

        assertThat(Arrays.copyOf(operators, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        List<String> lines = lines(operators);
        assertThat(lines.get(0)).isEqualTo("Оператор,Обработано сессий,Закрыто сессий,"
                + "\"Среднее время первого ответа, с\",\"90-й перцентиль первого ответа, с\","
                + "\"Среднее время обработки, с\",Отправлено сообщений,Нарушения SLA,\"Время в сети, с\","
                + "\"Время «отошёл», с\"");
        assertThat(lines).contains("Anna,2,2,93.333,156,1260,4,1,57600,1800", "Boris,2,1,,,1200,2,0,43200,0");

        HttpResponse<String> line = get(sofia, "/api/v1/reports/lines?lineId=" + scene.line() + "&" + DAY,
                "text/csv");
        assertThat(line.statusCode()).isEqualTo(200);
        assertThat(line.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(line.headers().firstValue("Content-Disposition").orElse(""))
                .contains("attachment", "efficiency-line-" + scene.line() + "-2025-03-10-2025-03-10.csv");
        assertThat(line.body().lines().toList()).startsWith("\uFEFFFigure,Value", "Sessions received,5")
                .contains("\"Average wait in queue, s\",105", "Channel: loopback,4", "Channel: vk,1",
                        "Hour 09:00,1", "Hour 08:00,0", "Share answered within SLA,0.5");

        List<String> sessions = lines(sofia.download("/api/v1/reports/sessions.csv?lineId=" + scene.line() + "&"
                + DAY));
        assertThat(sessions).hasSize(6);
        assertThat(sessions.get(0)).startsWith("Session,Line,Channel,Channel account,Client,Operator,Status,"
                + "Created (Europe/Moscow),");
        String lineName = jdbc.sql("SELECT name FROM line WHERE id = ?").param(scene.line()).query(String.class)
                .single();
        String accountName = jdbc.sql("SELECT name FROM channel_account WHERE id = ?").param(scene.account())
                .query(String.class).single();
        assertThat(sessions.get(1)).isEqualTo(scene.s1() + "," + lineName + ",loopback," + accountName
                + ",\"Ivanov, \"\"Vanya\"\"\",Anna,CLOSED,2025-03-10 09:00:00,2025-03-10 09:00:30,2025-03-10 09:01:00,"
                + "2025-03-10 09:11:00,1,2,30,60,630");
        assertThat(sessions.get(5)).as("S7: queued, a client whose name reads like a formula")
                .startsWith(scene.s7() + ",").contains(",'=1+2,,QUEUED,2025-03-10 23:30:00,,,,0,0,,,");
    }

    @Test
    void onlyAdminsAndTheLinesSupervisorsSeeReportsAndBadValuesAreRefused() {
        Scene scene = scene();
        String query = "?lineId=" + scene.line() + "&" + DAY;

        for (String report : List.of("operators", "lines", "sessions.csv")) {
            assertThat(scene.oleg().api().get("/api/v1/reports/" + report + query).status()).as(report)
                    .isEqualTo(403);
            assertThat(scene.anna().api().get("/api/v1/reports/" + report + query).status())
                    .as("an operator of the line, " + report).isEqualTo(403);
            assertThat(scene.sofia().api().get("/api/v1/reports/" + report + query).status()).isEqualTo(200);
            assertThat(admin().get("/api/v1/reports/" + report + query).status()).isEqualTo(200);
        }
        assertThat(admin().get("/api/v1/reports/lines?lineId=999999999&" + DAY).status()).isEqualTo(404);
        assertThat(admin().get("/api/v1/reports/lines?lineId=" + scene.line() + "&from=2025-03-10").status())
                .isEqualTo(400);
        HubClient.Response backwards = admin().get("/api/v1/reports/operators?lineId=" + scene.line()
                + "&from=2025-03-10&to=2025-03-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.raw()).contains("to must be after from");
        assertThat(admin().get("/api/v1/reports/lines?lineId=" + scene.line() + "&from=2024-01-01&to=2025-03-01")
                .status()).as("longer than 366 days").isEqualTo(400);
        assertThat(admin().get("/api/v1/reports/lines?lineId=" + scene.line() + "&from=10.03.2025&to=2025-03-10")
                .status()).isEqualTo(400);
        assertThat(admin().get("/api/v1/reports/lines" + query.replace("Europe/Moscow", "Mars/Olympus")).status())
                .isEqualTo(400);
        assertThat(admin().get("/api/v1/reports/lines" + query + "&format=csv&lang=de").status()).isEqualTo(400);
        assertThat(admin().get("/api/v1/reports/operators?lineId=" + scene.line()
                + "&from=2025-03-10T06:00:00Z&to=2025-03-10T07:00:00Z").ok().get("operators")).hasSize(2);
    }

    @Test
    void statusChangesAreRecordedForTheReports() {
        User petr = fixtures.user("Petr");
        fixtures.staffedLine("Reports status", Map.of(), List.of(petr), List.of());

        Fixtures.status(petr, "ONLINE");
        Fixtures.status(petr, "AWAY");
        Fixtures.status(petr, "AWAY");

        assertThat(jdbc.sql("SELECT status FROM operator_status_change WHERE user_id = ? ORDER BY changed_at, id")
                .param(petr.id()).query(String.class).list()).as("a status set again is no change")
                .containsExactly("ONLINE", "AWAY");
    }

    /**
     * Builds the hand-computed fixture (UTC times; Moscow is three hours ahead):
     * <ul>
     * <li>S1 created 06:00:00, assigned to Anna 06:00:30, answered by her 06:01:00, closed 06:11:00; due 06:05</li>
     * <li>S2 created 07:00:00, assigned to Anna 07:01:30, answered by her 07:03:00, closed 07:33:00; due 07:02,
     * breached</li>
     * <li>S3 created 08:00:00, answered by Anna 08:00:40, transferred to Boris 08:05:00, open; due 08:05</li>
     * <li>S4 spam with Anna's reply: never counted</li>
     * <li>S5 created the day before, 20:59:59, Anna's reply at 21:00:05: only the reply counts</li>
     * <li>S6 started by Boris at 10:00:00 (first reply at once), closed 10:20:00</li>
     * <li>S7 on a VK account, created 20:30:00, queued, due 20:35, breached</li>
     * </ul>
     * Anna goes online the day before at 20:00, away at 12:00, offline at 12:30, online at 20:00; Boris online at
     * 09:00 until after the period.
     */
    private Scene scene() {
        User anna = fixtures.user("Anna");
        User boris = fixtures.user("Boris");
        User sofia = fixtures.user("Sofia");
        User oleg = fixtures.user("Oleg");
        long line = fixtures.staffedLine("Reports", Map.of(), List.of(anna, boris), List.of(sofia));
        fixtures.staffedLine("Reports other", Map.of(), List.of(oleg), List.of(oleg));
        long account = fixtures.loopback(line).id();
        long vk = jdbc.sql("INSERT INTO channel_account (webhook_key, type, name, line_id, settings, enabled,"
                        + " deleted_at, created_at, updated_at) VALUES (?, 'vk', ?, ?, '{}', FALSE, UTC_TIMESTAMP(6),"
                        + " UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)) RETURNING id")
                .params("reports-" + Fixtures.unique(), "vk " + Fixtures.unique(), line).query(Long.class).single();
        long ivanov = client("Ivanov, \"Vanya\"");
        long formula = client("=1+2");

        long s1 = session(line, account, ivanov, "CLOSED", anna.id(), "2025-03-10T06:00:00Z", "2025-03-10T06:00:30Z",
                "2025-03-10T06:01:00Z", "2025-03-10T06:11:00Z");
        sla(s1, "2025-03-10T06:05:00Z", null);
        message(s1, "INBOUND", null, "2025-03-10T06:00:00Z");
        message(s1, "OUTBOUND", anna.id(), "2025-03-10T06:01:00Z");
        message(s1, "INTERNAL", anna.id(), "2025-03-10T06:02:00Z");
        message(s1, "SYSTEM", null, "2025-03-10T06:11:00Z");
        message(s1, "OUTBOUND", anna.id(), "2025-03-10T21:00:00Z");
        long s2 = session(line, account, ivanov, "CLOSED", anna.id(), "2025-03-10T07:00:00Z", "2025-03-10T07:01:30Z",
                "2025-03-10T07:03:00Z", "2025-03-10T07:33:00Z");
        sla(s2, "2025-03-10T07:02:00Z", "2025-03-10T07:02:00Z");
        message(s2, "OUTBOUND", anna.id(), "2025-03-10T07:03:00Z");
        long s3 = session(line, account, ivanov, "ASSIGNED", boris.id(), "2025-03-10T08:00:00Z",
                "2025-03-10T08:05:00Z", "2025-03-10T08:00:40Z", null);
        sla(s3, "2025-03-10T08:05:00Z", null);
        message(s3, "OUTBOUND", anna.id(), "2025-03-10T08:00:40Z");
        message(s3, "OUTBOUND", boris.id(), "2025-03-10T08:06:00Z");
        long s4 = session(line, account, ivanov, "SPAM", anna.id(), "2025-03-10T09:00:00Z", "2025-03-10T09:00:10Z",
                "2025-03-10T09:00:20Z", null);
        message(s4, "OUTBOUND", anna.id(), "2025-03-10T09:00:20Z");
        long s5 = session(line, account, ivanov, "CLOSED", anna.id(), "2025-03-09T20:59:59Z", "2025-03-09T21:00:00Z",
                "2025-03-09T21:00:05Z", "2025-03-09T21:10:00Z");
        message(s5, "OUTBOUND", anna.id(), "2025-03-09T21:00:05Z");
        long s6 = session(line, account, formula, "CLOSED", boris.id(), "2025-03-10T10:00:00Z",
                "2025-03-10T10:00:00Z", "2025-03-10T10:00:00Z", "2025-03-10T10:20:00Z");
        message(s6, "OUTBOUND", boris.id(), "2025-03-10T10:00:00Z");
        long s7 = session(line, vk, formula, "QUEUED", null, "2025-03-10T20:30:00Z", null, null, null);
        sla(s7, "2025-03-10T20:35:00Z", "2025-03-10T20:35:00Z");

        status(anna, "ONLINE", "2025-03-09T20:00:00Z");
        status(anna, "AWAY", "2025-03-10T12:00:00Z");
        status(anna, "OFFLINE", "2025-03-10T12:30:00Z");
        status(anna, "ONLINE", "2025-03-10T20:00:00Z");
        status(boris, "ONLINE", "2025-03-10T09:00:00Z");
        status(boris, "OFFLINE", "2025-03-11T02:00:00Z");
        return new Scene(line, account, anna, boris, sofia, oleg, s1, s2, s3, s6, s7);
    }

    private long client(String name) {
        return jdbc.sql("INSERT INTO client (display_name, created_at, updated_at)"
                        + " VALUES (?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)) RETURNING id")
                .param(name).query(Long.class).single();
    }

    private long session(long line, long account, long client, String status, Long operator, String created,
                         String assigned, String firstResponse, String closed) {
        return jdbc.sql("INSERT INTO session (line_id, client_id, account_id, external_chat_id, status, operator_id,"
                        + " created_at, assigned_at, first_response_at, closed_at, last_message_at)"
                        + " VALUES (:line, :client, :account, :chat, :status, :operator, :created, :assigned,"
                        + " :firstResponse, :closed, :created) RETURNING id")
                .param("line", line).param("client", client).param("account", account)
                .param("chat", "chat-" + Fixtures.unique()).param("status", status).param("operator", operator)
                .param("created", utc(created)).param("assigned", utc(assigned))
                .param("firstResponse", utc(firstResponse)).param("closed", utc(closed))
                .query(Long.class).single();
    }

    private void sla(long session, String due, String breached) {
        jdbc.sql("UPDATE session SET first_response_due_at = ?, first_response_breached_at = ? WHERE id = ?")
                .params(utc(due), utc(breached), session).update();
    }

    private void message(long session, String direction, Long author, String at) {
        jdbc.sql("INSERT INTO message (session_id, direction, author_user_id, text, sort_time, created_at)"
                        + " VALUES (?, ?, ?, 'text', ?, ?)")
                .params(session, direction, author, utc(at), utc(at)).update();
    }

    private void status(User user, String status, String at) {
        jdbc.sql("INSERT INTO operator_status_change (user_id, status, changed_at) VALUES (?, ?, ?)")
                .params(user.id(), status, utc(at)).update();
    }

    private static LocalDateTime utc(String instant) {
        return instant == null ? null : LocalDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
    }

    private static JsonNode row(JsonNode report, long userId) {
        for (JsonNode r : report.get("operators")) {
            if (r.get("userId").asLong() == userId) {
                return r;
            }
        }
        throw new AssertionError("no row for " + userId + " in " + report);
    }

    /** @return the lines of a CSV file, without the byte order mark */
    private static List<String> lines(byte[] csv) {
        String text = new String(csv, StandardCharsets.UTF_8);
        return (text.startsWith("\uFEFF") ? text.substring(1) : text).lines().toList();
    }

    private static HttpResponse<String> get(HubClient client, String path, String accept)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", accept)
                .header("Authorization", client.authorization()).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
