package org.lineshub.hub.operator;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.lineshub.hub.access.AccessService;
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
    @Operation(summary = "Operators of the lines I supervise", description = "Status, open sessions, time since "
            + "last reply, average first response time today (UTC). Active sessions: GET /api/v1/sessions?view=active"
            + "&lineId=&channel=&sort=duration|lastActivity|created.")
    List<OperatorPanel.OperatorRow> operators(@RequestParam(required = false) Long lineId) {
        return panel.operators(access.current(), lineId);
    }
}
