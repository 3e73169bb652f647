package org.lineshub.hub.user;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.lineshub.hub.access.AccessService;
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
@RequestMapping("/api/v1/groups")
@Tag(name = "Groups", description = "Groups of users that lines give roles to (admins only)")
class GroupController {

    private final GroupService groups;
    private final AccessService access;

    GroupController(GroupService groups, AccessService access) {
        this.groups = groups;
        this.access = access;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a group")
    GroupView create(@Valid @RequestBody GroupRequest request) {
        access.requireAdmin();
        return groups.create(request);
    }

    @GetMapping
    @Operation(summary = "List groups")
    List<GroupView> list() {
        access.requireAdmin();
        return groups.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a group")
    GroupView get(@PathVariable long id) {
        access.requireAdmin();
        return groups.get(id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a group", description = "memberIds replaces the members.")
    GroupView update(@PathVariable long id, @Valid @RequestBody GroupRequest request) {
        access.requireAdmin();
        return groups.update(id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a group", description = "Its members lose the roles the group gave them.")
    void delete(@PathVariable long id) {
        access.requireAdmin();
        groups.delete(id);
    }
}
