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
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Operators, supervisors, readers and admins (admins only)")
class UserController {

    private final UserService users;
    private final AccessService access;

    UserController(UserService users, AccessService access) {
        this.users = users;
        this.access = access;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a user")
    UserView create(@Valid @RequestBody UserRequest request) {
        access.requireAdmin();
        return users.create(request);
    }

    @GetMapping
    @Operation(summary = "List users")
    List<UserView> list() {
        access.requireAdmin();
        return users.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a user")
    UserView get(@PathVariable long id) {
        access.requireAdmin();
        return users.get(id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a user", description = "A null password keeps the current one.")
    UserView update(@PathVariable long id, @Valid @RequestBody UserRequest request) {
        access.requireAdmin();
        return users.update(id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Disable a user", description = "The user can no longer log in and their tokens are "
            + "revoked; their messages keep their name.")
    void delete(@PathVariable long id) {
        access.requireAdmin();
        users.disable(id);
    }
}
