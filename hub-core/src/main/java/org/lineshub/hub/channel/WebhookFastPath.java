package org.lineshub.hub.channel;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.lineshub.hub.system.SecurityHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Answers platforms' deliveries ({@code POST /webhooks/<key>[/...]} and {@code POST /webhooks/shared/<type>})
 * straight from the servlet container, before the request observation, the security filter chain and Spring MVC.
 * Those are built for the REST API: for a webhook, whose only work is the plugin's and the store's, they took about
 * as much CPU as storing the message. The answers are the same as through {@link WebhookController}, with the
 * same security headers ({@link SecurityHeaders}); each is timed in {@code hub_webhook_requests_seconds} (tags
 * {@code path}: account or shared, and {@code status}) in place of {@code http_server_requests}.
 * <p>
 * Every other request on the webhook paths goes on to Spring MVC: other methods (a verification handshake, a web
 * chat's pages and its live socket), and paths with anything but letters, digits, {@code - _ .} and single slashes
 * (encoded characters, path parameters, dot segments), which only the servlet container and MVC take apart
 * correctly.
 */
final class WebhookFastPath implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookFastPath.class);

    static final String PREFIX = "/webhooks/";
    private static final String SHARED = "shared/";

    private final WebhookReceiver receiver;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Map<Integer, Timer> accountTimers = new ConcurrentHashMap<>();
    private final Map<Integer, Timer> sharedTimers = new ConcurrentHashMap<>();

    WebhookFastPath(WebhookReceiver receiver, ObjectMapper json, MeterRegistry registry) {
        this.receiver = receiver;
        this.json = json;
        this.registry = registry;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || !"POST".equals(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        String uri = request.getRequestURI();
        int start = request.getContextPath().length() + PREFIX.length();
        if (!uri.startsWith(PREFIX, start - PREFIX.length()) || !plain(uri, start)) {
            chain.doFilter(req, res);
            return;
        }
        String rest = uri.substring(start);
        boolean shared = rest.startsWith(SHARED) && rest.indexOf('/', SHARED.length()) < 0;
        long began = System.nanoTime();
        ResponseEntity<Object> answer;
        try {
            if (shared) {
                answer = receiver.receiveShared(rest.substring(SHARED.length()), request);
            } else {
                int slash = rest.indexOf('/');
                answer = receiver.receive(slash < 0 ? rest : rest.substring(0, slash), request);
            }
        } catch (RuntimeException e) {
            // the receiver answers the plugin's failures itself; this is the hub's own (the database, say)
            // (the path's key is the account's unguessable address: not logged)
            LOG.warn("{} could not be handled: {}", shared ? "Shared webhook of " + rest.substring(SHARED.length())
                    : "A webhook delivery", e.toString());
            answer = WebhookReceiver.retryLater("The update could not be handled now; deliver it again");
        }
        write(answer, request, response);
        int status = answer.getStatusCode().value();
        (shared ? sharedTimers : accountTimers).computeIfAbsent(status, s -> Timer.builder("hub.webhook.requests")
                        .description("Platforms' webhook deliveries, from receipt to answer")
                        .tag("path", shared ? "shared" : "account").tag("status", Integer.toString(s))
                        .register(registry))
                .record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
    }

    private void write(ResponseEntity<Object> answer, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        SecurityHeaders.writeWebhookHeaders(request, response);
        Object body = answer.getBody();
        if (body instanceof byte[] bytes) {
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        } else if (body != null) {
            if (body instanceof ProblemDetail problem && problem.getInstance() == null) {
                // as Spring MVC answers a problem: it names the path it is about
                problem.setInstance(URI.create(request.getRequestURI()));
            }
            json.writeValue(response.getOutputStream(), body);
        }
    }

    /**
     * @return whether the path from {@code start} on is a non-empty run of letters, digits, {@code - _ .} and single
     *         slashes, with no segment starting with a dot: exactly what the servlet container would map it as
     */
    static boolean plain(String uri, int start) {
        if (start >= uri.length()) {
            return false;
        }
        char previous = '/';
        for (int i = start; i < uri.length(); i++) {
            char c = uri.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || (c == '.' && previous != '/') || (c == '/' && previous != '/');
            if (!ok) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /** Registers the fast path on the webhook paths, ahead of every other filter. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<WebhookFastPath> webhookFastPath(WebhookReceiver receiver, ObjectMapper json,
                                                                MeterRegistry registry) {
            FilterRegistrationBean<WebhookFastPath> bean =
                    new FilterRegistrationBean<>(new WebhookFastPath(receiver, json, registry));
            bean.addUrlPatterns(PREFIX + "*");
            bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
            bean.setName("webhookFastPath");
            return bean;
        }
    }
}
