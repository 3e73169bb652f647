package org.lineshub.hub.web;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.lineshub.hub.system.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an API request whose {@code Content-Type} is a wildcard ({@code *}{@code /*}, {@code text/*}) with 415.
 * Such a type names no format, and Spring MVC fails on it with an {@link IllegalArgumentException} when it reads the
 * body, which would be answered as a 500 (spring-projects/spring-framework#27957). Runs after the security filters,
 * so a caller without credentials still learns nothing but 401. Webhooks are left alone: their plugins read the raw
 * body whatever the platform calls it.
 */
@Component
class WildcardContentTypeFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    WildcardContentTypeFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!wildcard(request.getContentType())) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                Problems.type(HttpStatus.UNSUPPORTED_MEDIA_TYPE), "Content-Type must name the body's format, "
                        + "e.g. application/json, not a wildcard", null));
    }

    /** @return whether the type parses and has a wildcard type or subtype; a type that does not parse is MVC's */
    static boolean wildcard(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
