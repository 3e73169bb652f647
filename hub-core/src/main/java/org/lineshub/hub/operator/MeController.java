package org.lineshub.hub.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.line.LineRepository;
import org.lineshub.hub.user.OperatorStatus;
import org.lineshub.hub.user.UserService;
import org.lineshub.hub.user.UserView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The logged-in user: who they are, their lines and roles, their status")
class MeController {

    record Me(UserView user, List<LineRoles> lines) {
    }

    record LineRoles(long lineId, String name, List<String> roles) {
    }

    record StatusRequest(@NotNull OperatorStatus status) {
    }

    private final AccessService access;
    private final UserService users;
    private final LineRepository lines;
    private final OperatorService operators;

    MeController(AccessService access, UserService users, LineRepository lines, OperatorService operators) {
        this.access = access;
        this.users = users;
        this.lines = lines;
        this.operators = operators;
    }

    @GetMapping
    @Operation(summary = "Who am I", description = "The user, and their roles on each line.")
    Me me() {
        UserAccess me = access.current();
        List<LineRoles> roles = new ArrayList<>();
        for (Map.Entry<Long, java.util.Set<org.lineshub.hub.access.LineRole>> e : me.lineRoles().entrySet()) {
            lines.findById(e.getKey()).ifPresent(l -> roles.add(new LineRoles(l.getId(), l.getName(),
                    e.getValue().stream().map(Enum::name).sorted().toList())));
        }
        roles.sort(java.util.Comparator.comparing(LineRoles::lineId));
        return new Me(users.get(me.userId()), roles);
    }

    @PutMapping("/status")
    @Operation(summary = "Change my status", description = "ONLINE, AWAY or OFFLINE. Going offline is refused (409) "
            + "while you hold open sessions of a line that does not allow it.")
    UserView status(@Valid @RequestBody StatusRequest request) {
        UserAccess me = access.current();
        operators.setStatus(me, request.status());
        return users.get(me.userId());
    }
}
