package org.lineshub.hub.user;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.system.ForbiddenException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "API tokens", description = "Bearer tokens for integrations; stored hashed, shown once")
class TokenController {

    /**
     * @param name      what the token is for
     * @param userId    whose token it is; only admins may name another user; default: the caller
     * @param expiresAt when it stops working, or {@code null} for never
     */
    record TokenRequest(@NotBlank @Size(max = 200) String name, Long userId, Instant expiresAt) {
    }

    private final ApiTokenService tokens;
    private final AccessService access;

    TokenController(ApiTokenService tokens, AccessService access) {
        this.tokens = tokens;
        this.access = access;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an API token", description = "The answer holds the token; it is never shown again.")
    ApiTokenService.CreatedToken create(@Valid @RequestBody TokenRequest request) {
        UserAccess me = access.current();
        long owner = request.userId() == null ? me.userId() : request.userId();
        if (owner != me.userId() && !me.admin()) {
            throw new ForbiddenException("Only admins may create tokens for other users");
        }
        return tokens.create(owner, request.name().trim(), request.expiresAt());
    }

    @GetMapping
    @Operation(summary = "List API tokens", description = "Your own; admins may list anyone's with userId, or all.")
    List<ApiTokenService.TokenView> list(@RequestParam(required = false) Long userId,
                                         @RequestParam(defaultValue = "false") boolean all) {
        UserAccess me = access.current();
        if ((all || (userId != null && userId != me.userId())) && !me.admin()) {
            throw new ForbiddenException("Only admins may list other users' tokens");
        }
        return tokens.list(all ? null : userId == null ? me.userId() : userId);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke an API token")
    void revoke(@PathVariable long id) {
        UserAccess me = access.current();
        tokens.revoke(id, me.userId(), me.admin());
    }
}
