package org.lineshub.hub;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's own settings ({@code hub.*}); every one has a default that runs out of the box.
 *
 * @param dataDir   where the hub keeps its state: the embedded database, stored files, the generated secret key
 * @param publicUrl the address clients' platforms reach the hub at (webhooks), e.g. {@code https://hub.example.com};
 *                  empty when the hub is not reachable from outside (polling channels still work)
 * @param secretKey base64 of a 256-bit key that encrypts channel secrets at rest; empty to use (and on first start
 *                  create) {@code <dataDir>/secret.key}. Set it when several nodes share one database.
 * @param db        the database
 * @param plugins   the plugin directory
 * @param routes    the directory of Camel YAML routes
 * @param admin     the first administrator
 * @param outbox    delivery of replies
 * @param security  login protection
 * @param routing   the timers of routing
 * @param web       the browser-facing side
 * @param webhooks  delivery of outgoing webhooks
 * @param intake    the group commit of inbound messages
 */
@ConfigurationProperties("hub")
public record HubProperties(@DefaultValue("./data") Path dataDir, URI publicUrl, String secretKey,
                            @DefaultValue Db db, @DefaultValue Plugins plugins, @DefaultValue Routes routes,
                            @DefaultValue Admin admin, @DefaultValue Outbox outbox,
                            @DefaultValue Security security, @DefaultValue Routing routing,
                            @DefaultValue Web web, @DefaultValue Webhooks webhooks,
                            @DefaultValue Intake intake) {

    /** Says whether a secret key is set, never the key. */
    @Override
    public String toString() {
        return "HubProperties[dataDir=" + dataDir + ", publicUrl=" + publicUrl + ", secretKey=" + masked(secretKey)
                + ", db=" + db + ", plugins=" + plugins + ", routes=" + routes + ", admin=" + admin + ", outbox="
                + outbox + ", security=" + security + ", routing=" + routing + ", web=" + web + ", webhooks=" + webhooks
                + "]";
    }

    private static String masked(String secret) {
        return secret == null || secret.isEmpty() ? "" : "(set)";
    }

    /**
     * @param url      JDBC URL of an external MariaDB; empty to start the embedded one under {@code <dataDir>/mariadb}
     * @param user     user of the external database
     * @param password  password of the external database
     * @param embeddedPort port of the embedded database; 0 picks a free one
     */
    public record Db(String url, String user, String password, @DefaultValue("0") int embeddedPort) {

        /** @return true when no external database is configured */
        public boolean embedded() {
            return url == null || url.isBlank();
        }

        /** Says whether a password is set, never the password. */
        @Override
        public String toString() {
            return "Db[url=" + url + ", user=" + user + ", password=" + masked(password) + ", embeddedPort="
                    + embeddedPort + "]";
        }
    }

    /**
     * @param dir          the plugin directory; jars copied here while the hub runs are loaded
     * @param scanInterval how often the directory is checked for new, changed and removed jars
     */
    public record Plugins(@DefaultValue("./data/plugins") Path dir, @DefaultValue("2s") Duration scanInterval) {
    }

    /**
     * @param dir          the directory of {@code *.yaml} Camel routes loaded at start and reloaded on change
     * @param scanInterval how often the directory is checked for changes
     */
    public record Routes(@DefaultValue("./routes") Path dir, @DefaultValue("2s") Duration scanInterval) {
    }

    /**
     * @param username the first administrator's user name, created on first start
     * @param password the first administrator's password; empty to generate one and print it once
     */
    public record Admin(@DefaultValue("admin") String username, String password) {

        /** Says whether a password is set, never the password. */
        @Override
        public String toString() {
            return "Admin[username=" + username + ", password=" + masked(password) + "]";
        }
    }

    /**
     * @param maxAttempts    how many times a reply is tried before it is marked failed
     * @param initialBackoff the wait after the first failed attempt; it doubles after each further one
     * @param maxBackoff     the longest wait between attempts
     * @param pollInterval   how often pending replies are looked for when nothing wakes the dispatcher
     * @param claimTimeout   how long a sender's claim on a reply lasts; renewed while the send runs, so another node
     *                       (or the restarted hub) takes a reply over only after its sender died
     * @param senders        how many replies are sent in parallel; at most half of them work on one account
     */
    public record Outbox(@DefaultValue("8") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
                         @DefaultValue("5m") Duration maxBackoff, @DefaultValue("1s") Duration pollInterval,
                         @DefaultValue("2m") Duration claimTimeout, @DefaultValue("16") int senders) {
    }

    /**
     * @param maxLoginFailures failed logins per user and client address before further attempts from it are refused
     * @param loginLockout     how long further attempts are refused
     */
    public record Security(@DefaultValue("5") int maxLoginFailures, @DefaultValue("15m") Duration loginLockout) {
    }

    /**
     * @param sweepInterval      how often every routed line's queue is looked at again, catching what events missed
     * @param offerCheckInterval how often sessions nobody answered within their line's offer timeout are looked for
     * @param autoCloseInterval  how often idle sessions of auto-closing lines are looked for
     */
    public record Routing(@DefaultValue("30s") Duration sweepInterval, @DefaultValue("5s") Duration offerCheckInterval,
                          @DefaultValue("60s") Duration autoCloseInterval) {
    }

    /**
     * @param allowedOrigins origins (patterns like {@code https://*.example.com}) of web pages that may open the
     *                       events WebSocket besides the hub's own
     */
    public record Web(java.util.List<String> allowedOrigins) {
    }

    /**
     * @param initialBackoff the wait after a delivery's first failed attempt; it doubles after each further one
     * @param maxBackoff     the longest wait between attempts
     * @param retryFor       how long a failing delivery is tried again before it is marked failed
     * @param connectTimeout the longest wait for a connection to a subscriber
     * @param timeout        the longest an attempt may take, connecting included; past it the attempt failed
     * @param senders        how many deliveries are sent in parallel (never more than one per subscription)
     * @param pollInterval   how often due deliveries are looked for when nothing wakes the sender
     * @param keepFor        how long delivered and failed deliveries are kept for the admins' list
     */
    public record Webhooks(@DefaultValue("10s") Duration initialBackoff, @DefaultValue("1h") Duration maxBackoff,
                           @DefaultValue("24h") Duration retryFor, @DefaultValue("5s") Duration connectTimeout,
                           @DefaultValue("10s") Duration timeout, @DefaultValue("4") int senders,
                           @DefaultValue("1s") Duration pollInterval, @DefaultValue("30d") Duration keepFor) {
    }

    /**
     * @param writers  how many group commits of inbound messages run at once; each takes one database connection.
     *                 Fewer lanes make bigger groups, so less work per message: on two cores with the database
     *                 beside the hub, two stored about a third more per second than four
     * @param maxGroup the most messages one group commit stores
     */
    public record Intake(@DefaultValue("2") int writers, @DefaultValue("500") int maxGroup) {

        public Intake {
            if (writers < 1 || maxGroup < 1) {
                throw new IllegalArgumentException("hub.intake.writers and hub.intake.max-group must be at least 1");
            }
        }
    }
}
