package org.lineshub.hub.user;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses HTTP Basic requests for a user name that is locked out after too many failed logins (429). */
class BasicLoginThrottleFilter extends OncePerRequestFilter {

    private final LoginAttempts attempts;
    private final ProblemResponses problems;

    BasicLoginThrottleFilter(LoginAttempts attempts, ProblemResponses problems) {
        this.attempts = attempts;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String username = username(header.substring(6).trim());
            Duration locked = username == null ? Duration.ZERO : attempts.lockedFor(username, request.getRemoteAddr());
            if (!locked.isZero()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, locked.toSeconds())));
                problems.write(response, HttpStatus.TOO_MANY_REQUESTS,
                        "Too many failed logins; try again in " + Math.max(1, locked.toSeconds()) + " seconds");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static String username(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
