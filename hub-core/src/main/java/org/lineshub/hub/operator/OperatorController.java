package org.lineshub.hub.operator;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.system.InvalidRequestException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/operators")
@Tag(name = "Supervision", description = "Operators' status and load, for supervisors")
class OperatorController {

    private final OperatorPanel panel;
    private final AccessService access;

    OperatorController(OperatorPanel panel, AccessService access) {
        this.panel = panel;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "Operators of the lines I supervise", description = "Each operator of the lines once (of "
            + "lineId only, when given): status, sessions they hold there, when they last replied to a client and the "
            + "seconds since, and their average first response today: over the sessions whose first reply they gave "
            + "since midnight, the time from the session's start to that reply (sessions an operator started are left "
            + "out). Today is the day in zone (an IANA time zone such as Europe/Moscow; UTC by default). 403 for "
            + "users who supervise no line (or not lineId). Active sessions of those lines: GET /api/v1/sessions?"
            + "view=active&lineId=&channel=&sort=duration|lastActivity|created.")
    List<OperatorPanel.OperatorRow> operators(@RequestParam(required = false) Long lineId,
                                              @RequestParam(required = false) String zone) {
        return panel.operators(access.current(), lineId, zone(zone));
    }

    private static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidRequestException("zone", "zone must be a time zone such as Europe/Moscow or UTC");
        }
    }
}
