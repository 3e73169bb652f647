package org.lineshub.hub.line;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.access.LineRole;
import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.system.ForbiddenException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/lines")
@Tag(name = "Lines", description = "Queues of conversations with their groups, routing and limits")
class LineController {

    private final LineService lines;
    private final AccessService access;
    private final LineMembers members;

    LineController(LineService lines, AccessService access, LineMembers members) {
        this.lines = lines;
        this.access = access;
        this.members = members;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a line (admins)", description = "Its SLA (`sla`) sets deadlines for the first "
            + "answer and for closing each session, counted around the clock or in working hours (weekly intervals "
            + "in an IANA time zone, without holidays). 400 names the field that is not usable.")
    LineView create(@Valid @RequestBody LineRequest request) {
        return lines.create(request, access.requireAdmin());
    }

    @GetMapping
    @Operation(summary = "List lines", description = "Admins see every line, others the lines they have a role on; "
            + "each with its number of unassigned sessions.")
    List<LineView> list() {
        return lines.list(access.current());
    }

    @GetMapping("/directory")
    @Operation(summary = "List every line's id and name", description = "For choosing where to transfer a session.")
    List<Map<String, Object>> directory() {
        access.current();
        return lines.directory();
    }

    @GetMapping("/{id}/operators")
    @Operation(summary = "List a line's operators with their status", description = "For choosing whom to "
            + "transfer a session to: any user with a role on some line (or an admin) may list the operators of any "
            + "line, as a session may be transferred to an operator of another line. 404 for an unknown line.")
    List<LineMembers.Member> operators(@PathVariable long id) {
        UserAccess me = access.current();
        if (!me.admin() && me.lineRoles().values().stream().allMatch(java.util.Set::isEmpty)) {
            throw new ForbiddenException("You have no role on any line");
        }
        lines.find(id);
        return members.withRole(id, LineRole.OPERATOR);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a line")
    LineView get(@PathVariable long id) {
        UserAccess me = access.current();
        if (!me.admin() && me.roles(id).isEmpty()) {
            throw new ForbiddenException("You have no role on this line");
        }
        return lines.get(id, me);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a line (admins)", description = "Omitted settings keep their value; a group list "
            + "that is sent replaces that role's groups, an `sla` that is sent replaces the SLA (one without "
            + "deadlines removes it). A changed SLA applies to sessions that start or move to the line afterwards.")
    LineView update(@PathVariable long id, @Valid @RequestBody LineRequest request) {
        return lines.update(id, request, access.requireAdmin());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a line (admins)", description = "Only a line without channel accounts or sessions.")
    void delete(@PathVariable long id) {
        access.requireAdmin();
        lines.delete(id);
    }
}
