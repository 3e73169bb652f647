package org.lineshub.hub.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.line.Line;
import org.lineshub.hub.line.LineRepository;
import org.lineshub.hub.system.ForbiddenException;
import org.lineshub.hub.system.NotFoundException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/reports")
@Tag(name = "Reports", description = "Operator and line efficiency over a period, and the export of sessions")
class ReportController {

    private static final String PERIOD = " The period: from and to are days (2025-03-01; both included, their midnights"
            + " in zone) or instants (2025-03-01T09:00:00Z; to excluded), at most 366 days; zone is an IANA time zone"
            + " (Europe/Moscow; UTC by default). Counted are the line's sessions created within the period; spam"
            + " never counts. Admins see every line, supervisors their lines; 403 otherwise, 404 for an unknown line.";
    private static final String CSV = " As CSV (UTF-8 with a byte order mark, comma separated, a header row in lang:"
            + " en or ru) with Accept: text/csv or format=csv.";
    private static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final AccessService access;
    private final LineRepository lines;
    private final OperatorReports operatorReports;
    private final LineReports lineReports;
    private final SessionExport sessionExport;

    ReportController(AccessService access, LineRepository lines, OperatorReports operatorReports,
                     LineReports lineReports, SessionExport sessionExport) {
        this.access = access;
        this.lines = lines;
        this.operatorReports = operatorReports;
        this.lineReports = lineReports;
        this.sessionExport = sessionExport;
    }

    /**
     * Operator efficiency on a line.
     *
     * @param lineId     the line
     * @param lineName   its name
     * @param from       the period's start
     * @param to         the period's end (excluded)
     * @param zone       the report's time zone
     * @param operators  a row per operator of the line and per other user who worked on its sessions of the period
     */
    record OperatorReport(long lineId, String lineName, Instant from, Instant to, String zone,
                          List<OperatorReports.OperatorRow> operators) {
    }

    @GetMapping(value = "/operators", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Operator efficiency", description = "Per operator of the line (and anyone else who worked"
            + " on its sessions of the period): sessions handled (held now, or when closed) and closed; average and"
            + " 90th percentile (interpolated) first response time over the sessions they answered first (sessions an"
            + " operator started are left out); average handling time from assignment (or creation) to closing;"
            + " replies sent on the line within the period; SLA breaches; seconds online and away within the period,"
            + " from the history of their status changes. Times in seconds; null when there is nothing to average."
            + PERIOD + CSV)
    OperatorReport operators(@RequestParam long lineId, @RequestParam String from, @RequestParam String to,
                             @RequestParam(required = false) String zone) {
        Line line = line(lineId);
        ReportPeriod period = ReportPeriod.parse(from, to, zone);
        return new OperatorReport(lineId, line.getName(), period.from(), period.to(), period.zone().getId(),
                operatorReports.rows(lineId, period));
    }

    @GetMapping(value = "/operators", produces = "text/csv")
    @Operation(summary = "Operator efficiency as CSV", description = "The operator report as CSV." + PERIOD + CSV)
    ResponseEntity<byte[]> operatorsCsv(@RequestParam long lineId, @RequestParam String from,
                                        @RequestParam String to, @RequestParam(required = false) String zone,
                                        @Parameter(description = "en or ru") @RequestParam(required = false)
                                        String lang) {
        CsvLanguage language = CsvLanguage.of(lang);
        OperatorReport report = operators(lineId, from, to, zone);
        byte[] body = csv(csv -> {
            csv.row(List.of(language.text("operator"), language.text("sessionsHandled"),
                    language.text("sessionsClosed"), language.text("avgFirstResponseSeconds"),
                    language.text("p90FirstResponseSeconds"), language.text("avgHandlingSeconds"),
                    language.text("messagesSent"), language.text("slaBreaches"), language.text("onlineSeconds"),
                    language.text("awaySeconds")));
            for (OperatorReports.OperatorRow r : report.operators()) {
                csv.row(nullable(r.name(), r.sessionsHandled(), r.sessionsClosed(), r.avgFirstResponseSeconds(),
                        r.p90FirstResponseSeconds(), r.avgHandlingSeconds(), r.messagesSent(), r.slaBreaches(),
                        r.onlineSeconds(), r.awaySeconds()));
            }
        });
        return download("operators", report.lineId(), from, to, body);
    }

    @GetMapping(value = "/operators", params = "format=csv")
    @Operation(summary = "Operator efficiency as CSV (format=csv)", description = "As with Accept: text/csv, for a"
            + " plain download link." + PERIOD + CSV)
    ResponseEntity<byte[]> operatorsCsvDownload(@RequestParam long lineId, @RequestParam String from,
                                                @RequestParam String to, @RequestParam(required = false) String zone,
                                                @RequestParam(required = false) String lang) {
        return operatorsCsv(lineId, from, to, zone, lang);
    }

    @GetMapping(value = "/lines", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Line efficiency", description = "The line's load and performance: sessions received and"
            + " closed; sessions received by channel type; average and 90th percentile (interpolated) wait in the"
            + " queue, from creation to assignment (a session keeps its latest assignment only, so a transferred"
            + " session counts until its transfer); average first response and handling times; the share answered"
            + " within the SLA (null while no session had a first-response deadline); sessions received by hour of"
            + " the day in zone (24 entries)." + PERIOD + CSV)
    LineReports.LineReport line(@RequestParam long lineId, @RequestParam String from, @RequestParam String to,
                                @RequestParam(required = false) String zone) {
        Line line = line(lineId);
        return lineReports.report(lineId, line.getName(), ReportPeriod.parse(from, to, zone));
    }

    @GetMapping(value = "/lines", produces = "text/csv")
    @Operation(summary = "Line efficiency as CSV", description = "The line report as CSV, one figure a row: the"
            + " totals, then sessions per channel, then sessions per hour." + PERIOD + CSV)
    ResponseEntity<byte[]> lineCsv(@RequestParam long lineId, @RequestParam String from, @RequestParam String to,
                                   @RequestParam(required = false) String zone,
                                   @Parameter(description = "en or ru") @RequestParam(required = false) String lang) {
        CsvLanguage language = CsvLanguage.of(lang);
        LineReports.LineReport report = line(lineId, from, to, zone);
        byte[] body = csv(csv -> {
            csv.row(List.of(language.text("figure"), language.text("value")));
            csv.row(nullable(language.text("sessionsReceived"), report.sessionsReceived()));
            csv.row(nullable(language.text("sessionsClosed"), report.sessionsClosed()));
            csv.row(nullable(language.text("avgQueueSeconds"), report.avgQueueSeconds()));
            csv.row(nullable(language.text("p90QueueSeconds"), report.p90QueueSeconds()));
            csv.row(nullable(language.text("avgFirstResponseSeconds"), report.avgFirstResponseSeconds()));
            csv.row(nullable(language.text("avgHandlingSeconds"), report.avgHandlingSeconds()));
            csv.row(nullable(language.text("answeredWithinSlaShare"), report.answeredWithinSlaShare()));
            for (LineReports.ChannelCount c : report.byChannel()) {
                csv.row(nullable(language.text("channel", c.channel()), c.sessions()));
            }
            for (LineReports.HourCount h : report.byHour()) {
                csv.row(nullable(language.text("hour", String.format("%02d:00", h.hour())), h.sessions()));
            }
        });
        return download("efficiency", lineId, from, to, body);
    }

    @GetMapping(value = "/lines", params = "format=csv")
    @Operation(summary = "Line efficiency as CSV (format=csv)", description = "As with Accept: text/csv, for a plain"
            + " download link." + PERIOD + CSV)
    ResponseEntity<byte[]> lineCsvDownload(@RequestParam long lineId, @RequestParam String from,
                                           @RequestParam String to, @RequestParam(required = false) String zone,
                                           @RequestParam(required = false) String lang) {
        return lineCsv(lineId, from, to, zone, lang);
    }

    @GetMapping("/sessions.csv")
    @Operation(summary = "Export the sessions of a line", description = "One CSV row per session of the period,"
            + " oldest first, streamed: id, line, channel type, channel account, client, operator, status; when it"
            + " was created, assigned, first answered and closed (local times in zone); client messages and replies;"
            + " seconds waited in the queue, to the first response, and handled. UTF-8 with a byte order mark, comma"
            + " separated, a header row in lang (en or ru)." + PERIOD)
    void sessions(@RequestParam long lineId, @RequestParam String from, @RequestParam String to,
                  @RequestParam(required = false) String zone,
                  @Parameter(description = "en or ru") @RequestParam(required = false) String lang,
                  HttpServletResponse response) throws IOException {
        CsvLanguage language = CsvLanguage.of(lang);
        line(lineId);
        ReportPeriod period = ReportPeriod.parse(from, to, zone);
        response.setContentType(TEXT_CSV.toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition("sessions", lineId, from, to));
        sessionExport.write(lineId, period, language, response.getOutputStream());
    }

    /** @return the line, when the caller may see its reports */
    private Line line(long lineId) {
        if (!access.current().canSupervise(lineId)) {
            throw new ForbiddenException("Only admins and supervisors of the line see its reports");
        }
        return lines.findById(lineId).orElseThrow(() -> new NotFoundException("line", lineId));
    }

    private static byte[] csv(Consumer<Csv> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Csv csv = new Csv(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
        rows.accept(csv);
        csv.flush();
        return bytes.toByteArray();
    }

    private static ResponseEntity<byte[]> download(String what, long lineId, String from, String to, byte[] body) {
        return ResponseEntity.ok().contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition(what, lineId, from, to)).body(body);
    }

    /** The file name tells what the file holds: operators-line-7-2025-03-01-2025-03-31.csv. */
    private static String disposition(String what, long lineId, String from, String to) {
        String name = what + "-line-" + lineId + "-" + safe(from) + "-" + safe(to) + ".csv";
        return ContentDisposition.attachment().filename(name).build().toString();
    }

    private static String safe(String value) {
        return value.replaceAll("[^0-9A-Za-z-]", "");
    }

    /** List.of refuses nulls, which are empty fields here. */
    private static List<Object> nullable(Object... cells) {
        List<Object> list = new ArrayList<>(cells.length);
        Collections.addAll(list, cells);
        return list;
    }
}
