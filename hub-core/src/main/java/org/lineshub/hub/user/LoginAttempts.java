package org.lineshub.hub.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.lineshub.hub.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Limits password guessing: after {@code hub.security.max-login-failures} failed logins for one user name from one
 * address, further attempts are refused for {@code hub.security.login-lockout}, whether they come through the
 * login form or HTTP Basic. A successful login clears the count.
 */
@Component
class LoginAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(LoginAttempts.class);
    private static final int MAX_TRACKED = 100_000;

    private record Failures(int count, Instant lockedUntil, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final HubProperties.Security config;
    private final Clock clock;

    LoginAttempts(HubProperties properties, Clock clock) {
        this.config = properties.security();
        this.clock = clock;
    }

    /**
     * @return how long attempts for this user name from this address are still refused, or {@link Duration#ZERO}
     */
    Duration lockedFor(String username, String address) {
        Failures f = failures.get(key(username, address));
        if (f == null || f.lockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), f.lockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            failures.values().removeIf(f -> f.last().isBefore(now.minus(config.loginLockout())));
        }
        Failures f = failures.compute(key(username, address), (k, old) -> {
            int count = old == null || old.last().isBefore(now.minus(config.loginLockout())) ? 1 : old.count() + 1;
            Instant locked = count >= config.maxLoginFailures() ? now.plus(config.loginLockout()) : null;
            return new Failures(count, locked, now);
        });
        if (f.lockedUntil() != null && f.count() == config.maxLoginFailures()) {
            LOG.warn("Logins for one user name from {} refused for {} after {} failures", address,
                    config.loginLockout(), f.count());
        }
    }

    void succeeded(String username, String address) {
        failures.remove(key(username, address));
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        failed(event.getAuthentication().getName(), address(event.getAuthentication().getDetails()));
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        succeeded(event.getAuthentication().getName(), address(event.getAuthentication().getDetails()));
    }

    private static String address(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "unknown";
    }

    private static String key(String username, String address) {
        return (username == null ? "" : username.toLowerCase()) + "|" + address;
    }
}
