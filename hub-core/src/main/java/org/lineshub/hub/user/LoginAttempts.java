package org.lineshub.hub.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.lineshub.hub.HubProperties;
import org.lineshub.hub.system.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Limits password guessing: after {@code hub.security.max-login-failures} failed logins for one user from one client
 * address, further attempts from that address are refused for {@code hub.security.login-lockout}, whether they come
 * through the login form or HTTP Basic. A successful login clears the count.
 * <p>
 * Failures count against the user the name finds, however it was spelled ({@code admin}, {@code "admin "},
 * {@code ADMIN} and {@code ádmin} are one counter), or against the normalised name when no user has it. Counters
 * are rows of {@code login_failure}, so they hold across restarts and for every node on the database. They are per
 * address, so a lockout from one address leaves the user free to log in from others; behind a reverse proxy that
 * needs {@code server.forward-headers-strategy}, or every client has the proxy's address.
 */
@Component
class LoginAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(LoginAttempts.class);
    private static final int MAX_SUBJECT = 150;
    private static final int MAX_ADDRESS = 64;
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final UserRepository users;
    private final HubProperties.Security config;
    private final Clock clock;
    private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

    LoginAttempts(JdbcClient jdbc, UserRepository users, HubProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.config = properties.security();
        this.clock = clock;
    }

    /**
     * @param username a user name as typed
     * @param address  the client's address
     * @return how long attempts for this user from this address are still refused, or {@link Duration#ZERO}
     */
    Duration lockedFor(String username, String address) {
        Instant until = jdbc.sql("SELECT locked_until FROM login_failure WHERE subject = ? AND address = ?")
                .params(subject(username), address(address))
                .query((rs, n) -> Jdbc.instant(rs, 1)).optional().orElse(null);
        if (until == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), until);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Counts a failed login. Failures older than the lockout are forgotten, so the count starts again after it.
     *
     * @param username a user name as typed
     * @param address  the client's address
     */
    void failed(String username, String address) {
        Instant now = clock.instant();
        purgeStale(now);
        String subject = subject(username);
        String from = address(address);
        Instant forgetBefore = now.minus(config.loginLockout());
        Instant lockUntil = now.plus(config.loginLockout());
        int max = config.maxLoginFailures();
        // one atomic statement, so concurrent failures on several nodes all count; each assignment reads the row's
        // values from before the statement (locked_until is computed before failures and last_failure_at change)
        jdbc.sql("INSERT INTO login_failure (subject, address, failures, locked_until, last_failure_at)"
                        + " VALUES (:subject, :address, 1, :firstLock, :now)"
                        + " ON DUPLICATE KEY UPDATE"
                        + " locked_until = IF(IF(last_failure_at < :forget, 1, failures + 1) >= :max,"
                        + " :lockUntil, NULL),"
                        + " failures = IF(last_failure_at < :forget, 1, failures + 1),"
                        + " last_failure_at = :now")
                .param("subject", subject).param("address", from)
                .param("firstLock", max <= 1 ? Jdbc.utc(lockUntil) : null)
                .param("now", Jdbc.utc(now)).param("forget", Jdbc.utc(forgetBefore)).param("max", max)
                .param("lockUntil", Jdbc.utc(lockUntil))
                .update();
        Integer failures = jdbc.sql("SELECT failures FROM login_failure WHERE subject = ? AND address = ?")
                .params(subject, from).query(Integer.class).optional().orElse(0);
        if (failures == max) {
            LOG.warn("Logins for one user name from {} refused for {} after {} failures", from,
                    config.loginLockout(), failures);
        }
    }

    /**
     * Clears the count of a user at an address after a successful login.
     *
     * @param userId  the user who logged in
     * @param address the client's address
     */
    void succeeded(long userId, String address) {
        jdbc.sql("DELETE FROM login_failure WHERE subject = ? AND address = ?")
                .params(userSubject(userId), address(address)).update();
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        failed(event.getAuthentication().getName(), addressOf(event.getAuthentication().getDetails()));
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof HubPrincipal principal) {
            succeeded(principal.id(), addressOf(event.getAuthentication().getDetails()));
        }
    }

    /** Forgets counters whose failures are older than the lockout, at most once a minute per node. */
    private void purgeStale(Instant now) {
        Instant due = nextPurge.get();
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_INTERVAL))) {
            return;
        }
        Instant before = now.minus(config.loginLockout());
        jdbc.sql("DELETE FROM login_failure WHERE last_failure_at < ? AND (locked_until IS NULL OR locked_until < ?)")
                .params(Jdbc.utc(before), Jdbc.utc(now)).update();
    }

    /** @return whom failures with this name count against: the user the database finds, or the name itself */
    private String subject(String username) {
        String name = UserNames.normalize(username == null ? "" : username);
        return users.findIdByUsername(name).map(LoginAttempts::userSubject)
                .orElseGet(() -> truncate("name:" + name, MAX_SUBJECT));
    }

    private static String userSubject(long userId) {
        return "user:" + userId;
    }

    private static String addressOf(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
    }

    private static String address(String address) {
        return address == null ? "unknown" : truncate(address, MAX_ADDRESS);
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
