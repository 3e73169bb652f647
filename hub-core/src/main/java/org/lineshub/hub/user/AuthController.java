package org.lineshub.hub.user;

import java.time.Duration;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.lineshub.hub.system.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Login", description = "Browser login with a session cookie; API clients use Basic or bearer tokens")
class AuthController {

    record LoginRequest(@NotBlank String username, @NotBlank String password) {
        @Override
        public String toString() {
            return "LoginRequest[" + username + "]";
        }
    }

    private final AuthenticationManager authentication;
    private final SecurityContextRepository contexts;
    private final LoginAttempts attempts;
    private final UserService users;

    AuthController(AuthenticationManager authentication, SecurityContextRepository contexts, LoginAttempts attempts,
                   UserService users) {
        this.authentication = authentication;
        this.contexts = contexts;
        this.attempts = attempts;
        this.users = users;
    }

    @GetMapping("/csrf")
    @Operation(summary = "Get a CSRF token", description = "Also set as the XSRF-TOKEN cookie; send it back in the "
            + "X-XSRF-TOKEN header with every change made through a browser session.")
    Map<String, String> csrf(CsrfToken token) {
        return Map.of("headerName", token.getHeaderName(), "token", token.getToken());
    }

    @GetMapping("/session")
    @Operation(summary = "Tell whether the caller is logged in", description = "Always 200, so that a page can ask "
            + "before it shows the login form without an error: {\"authenticated\": true|false}.")
    Map<String, Boolean> session(Authentication authentication) {
        boolean in = authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof HubPrincipal;
        return Map.of("authenticated", in);
    }

    @PostMapping("/login")
    @Operation(summary = "Log in", description = "Starts a browser session (cookie). The user name is trimmed and "
            + "compared in lower case. Too many failures for one user from one address get 429 for a while.")
    ResponseEntity<Object> login(@Valid @RequestBody LoginRequest login, HttpServletRequest request,
                                 HttpServletResponse response) {
        Duration locked = attempts.lockedFor(login.username(), request.getRemoteAddr());
        if (!locked.isZero()) {
            long seconds = Math.max(1, locked.toSeconds());
            return problem(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins; try again in " + seconds
                    + " seconds", Long.toString(seconds));
        }
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(
                login.username(), login.password());
        attempt.setDetails(new WebAuthenticationDetailsSource().buildDetails(request));
        Authentication result;
        try {
            result = authentication.authenticate(attempt);
        } catch (AuthenticationException e) {
            return problem(HttpStatus.UNAUTHORIZED, "Wrong user name or password, or the user is disabled", null);
        }
        if (request.getSession(false) != null) {
            // a new session id after login, so a session id planted before login is worthless
            request.changeSessionId();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(result);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        return ResponseEntity.ok(users.get(((HubPrincipal) result.getPrincipal()).id()));
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail, String retryAfter) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return builder.body(Problems.of(status, Problems.type(status), detail, null));
    }
}
