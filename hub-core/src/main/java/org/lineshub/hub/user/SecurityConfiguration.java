package org.lineshub.hub.user;

import org.lineshub.hub.system.SecurityHeaders;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. Webhooks, health probes, the OpenAPI document and login are open; everything else needs a
 * user: a browser session (cookie, with a CSRF token in the {@code X-XSRF-TOKEN} header for changes), HTTP Basic, or
 * a bearer API token. Requests carrying an {@code Authorization} header are not cookie-authenticated, so CSRF does
 * not apply to them. Passwords are hashed with BCrypt.
 * <p>
 * Every answer carries a Content-Security-Policy that lets pages run only the hub's own script files: no inline
 * script, no {@code eval}, no plugins, no framing. Swagger UI's stylesheet sets inline styles and data: images, so
 * its pages also allow those (never scripts). Files of messages set their own, stricter policy.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String SWAGGER_UI_POLICY = "default-src 'self'; script-src 'self'; object-src 'none'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static final RequestMatcher SWAGGER_UI = request -> {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/swagger-ui.html") || path.startsWith("/swagger-ui/");
    };

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AuthenticationManager authenticationManager(HubUserDetailsService users, PasswordEncoder encoder,
                                                ApplicationEventPublisher events) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(provider);
        manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
        return manager;
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    /**
     * No observation (trace span and timer) per security filter and authorization: a webhook delivery passed a
     * dozen of them, which cost more CPU than the filters themselves. Requests keep their own observation
     * ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Webhooks: open to the platforms (the plugin checks their signature), so no authorization step at all; no
     * session, no CSRF, no login, so each request passes only the filters it needs: the security headers. Platforms'
     * deliveries (POST) do not come this way: the webhook fast path answers them before any of this, with the same
     * headers.
     */
    @Bean
    @Order(1)
    SecurityFilterChain webhooks(HttpSecurity http) throws Exception {
        return http.securityMatcher("/webhooks/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(AbstractHttpConfigurer::disable)
                .exceptionHandling(AbstractHttpConfigurer::disable)
                .servletApi(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .securityContext(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .headers(h -> {
                    h.defaultsDisabled();
                    SecurityHeaders.webhookWriters().forEach(h::addHeaderWriter);
                })
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager manager, ApiTokenService tokens,
                            LoginAttempts attempts, ProblemResponses problems,
                            SecurityContextRepository contexts) throws Exception {
        http.authenticationManager(manager)
                .securityContext(c -> c.securityContextRepository(contexts))
                .headers(h -> h
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(SWAGGER_UI,
                                new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(SWAGGER_UI),
                                new ContentSecurityPolicyHeaderWriter(SecurityHeaders.CONTENT_SECURITY_POLICY))))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(r -> r.getHeader(HttpHeaders.AUTHORIZATION) != null))
                .authorizeHttpRequests(a -> a
                        // the web UI's files: the page asks for a login itself
                        .requestMatchers("/", "/index.html", "/favicon.svg", "/favicon.ico", "/ui/**", "/vendor/**",
                                "/webjars/**", "/widget.js", "/demo", "/demo/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                                "/api/v1/auth/login", "/api/v1/auth/csrf", "/api/v1/auth/session", "/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(b -> b.authenticationEntryPoint((request, response, e) ->
                        problems.write(response, HttpStatus.UNAUTHORIZED, "Log in, or send a valid API token")))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) ->
                                problems.write(response, HttpStatus.UNAUTHORIZED, "Log in, or send a valid API token"))
                        .accessDeniedHandler((request, response, ex) ->
                                problems.write(response, HttpStatus.FORBIDDEN,
                                        "Forbidden: missing or invalid CSRF token, or not allowed")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(l -> l.logoutUrl("/api/v1/auth/logout")
                        .logoutSuccessHandler((request, response, auth) -> response.setStatus(204)))
                .addFilterBefore(new ApiTokenFilter(tokens, problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new BasicLoginThrottleFilter(attempts, problems), BasicAuthenticationFilter.class);
        return http.build();
    }
}
