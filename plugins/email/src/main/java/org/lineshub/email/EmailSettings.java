package org.lineshub.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;
import org.lineshub.plugin.api.SettingType;

/**
 * The settings of one mailbox, typed. Declared here, next to the code that reads them, so the admin form, the
 * defaults and the README table describe the same thing. {@link #toString()} never prints a secret.
 *
 * @param imap              where mail is read
 * @param smtp              where mail is sent
 * @param folder            the IMAP folder to read
 * @param pollSeconds       how often the folder is checked when the server offers no IDLE (or as a safety net)
 * @param idle              whether to wait for new mail with IMAP IDLE where the server offers it
 * @param afterStore        what happens to a mail once the hub stored it
 * @param moveTo            the folder stored mails are moved to, with {@link AfterStore#MOVE}
 * @param fromAddress       the address replies come from
 * @param fromName          the display name when the line shows neither an operator nor its own name
 * @param maxAttachmentSize the largest attachment accepted, in bytes
 */
record EmailSettings(Server imap, Server smtp, String folder, int pollSeconds, boolean idle, AfterStore afterStore,
                     String moveTo, String fromAddress, String fromName, long maxAttachmentSize) {

    static final String IMAP_HOST = "imapHost";
    static final String IMAP_PORT = "imapPort";
    static final String IMAP_SECURITY = "imapSecurity";
    static final String IMAP_USER = "imapUser";
    static final String IMAP_PASSWORD = "imapPassword";
    static final String IMAP_OAUTH_TOKEN = "imapOAuthToken";
    static final String FOLDER = "folder";
    static final String POLL_SECONDS = "pollIntervalSeconds";
    static final String IDLE = "useIdle";
    static final String AFTER_STORE = "afterStore";
    static final String MOVE_TO = "moveToFolder";
    static final String SMTP_HOST = "smtpHost";
    static final String SMTP_PORT = "smtpPort";
    static final String SMTP_SECURITY = "smtpSecurity";
    static final String SMTP_USER = "smtpUser";
    static final String SMTP_PASSWORD = "smtpPassword";
    static final String SMTP_OAUTH_TOKEN = "smtpOAuthToken";
    static final String FROM_ADDRESS = "fromAddress";
    static final String FROM_NAME = "fromName";
    static final String MAX_ATTACHMENT_MB = "maxAttachmentMb";

    private static final int MAX_POLL_SECONDS = 3600;

    /** How a connection is protected. */
    enum Security {
        /** Plain text; only for servers on a trusted network. */
        NONE,
        /** Plain connection upgraded with STARTTLS, which the server must offer. */
        STARTTLS,
        /** TLS from the first byte (IMAPS on 993, SMTPS on 465). */
        TLS;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What happens to a mail once the hub stored it. */
    enum AfterStore {
        /** Flagged as seen; only unseen mail is read. */
        FLAG_SEEN("flag-seen"),
        /** Moved to another folder; every mail in the folder is read. */
        MOVE("move");

        private final String value;

        AfterStore(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }
    }

    /**
     * One server of the mailbox.
     *
     * @param host       its host name
     * @param port       its port
     * @param security   how the connection is protected
     * @param user       the login
     * @param password   the password, or {@code null} with OAuth2
     * @param oauthToken an OAuth2 access token for XOAUTH2, or {@code null} with a password
     */
    record Server(String host, int port, Security security, String user, String password, String oauthToken) {

        /** @return the secret to log in with: the token when there is one, else the password */
        String secret() {
            return oauthToken != null ? oauthToken : password;
        }

        @Override
        public String toString() {
            return host + ":" + port + " (" + security.value() + (oauthToken != null ? ", XOAUTH2" : "") + ")";
        }
    }

    /** The settings form, in order; {@link EmailConnector#descriptor()} publishes it. */
    static final List<SettingField> FIELDS = List.of(
            SettingField.builder(IMAP_HOST, SettingType.STRING).required()
                    .description("The IMAP server, e.g. imap.gmail.com or outlook.office365.com").build(),
            SettingField.builder(IMAP_PORT, SettingType.INTEGER).defaultValue("993")
                    .description("The IMAP port: 993 with tls, 143 with starttls or none").build(),
            SettingField.builder(IMAP_SECURITY, SettingType.ENUM).options(values(Security.values()))
                    .defaultValue(Security.TLS.value())
                    .description("tls: TLS from the start (993); starttls: upgrade a plain connection (143); "
                            + "none: no encryption, only on a trusted network").build(),
            SettingField.builder(IMAP_USER, SettingType.STRING).required()
                    .description("The IMAP login, usually the mailbox address").build(),
            SettingField.builder(IMAP_PASSWORD, SettingType.STRING).secret()
                    .description("The IMAP password or app password; or leave it empty and give an OAuth2 token")
                    .build(),
            SettingField.builder(IMAP_OAUTH_TOKEN, SettingType.TEXT).secret()
                    .description("An OAuth2 access token for XOAUTH2 (Gmail, Microsoft 365) instead of a password")
                    .build(),
            SettingField.builder(FOLDER, SettingType.STRING).defaultValue("INBOX")
                    .description("The folder the hub reads").build(),
            SettingField.builder(POLL_SECONDS, SettingType.INTEGER).defaultValue("60")
                    .description("How often the folder is checked, in seconds (1 to " + MAX_POLL_SECONDS + "); with "
                            + "IMAP IDLE new mail arrives within seconds anyway").build(),
            SettingField.builder(IDLE, SettingType.BOOLEAN).defaultValue("true")
                    .description("Wait for new mail with IMAP IDLE where the server offers it").build(),
            SettingField.builder(AFTER_STORE, SettingType.ENUM).options(AfterStore.FLAG_SEEN.value(),
                            AfterStore.MOVE.value()).defaultValue(AfterStore.FLAG_SEEN.value())
                    .description("What happens to a mail once the hub stored it: flag-seen (only unseen mail is "
                            + "read) or move (to the folder below; every mail in the folder is read)").build(),
            SettingField.builder(MOVE_TO, SettingType.STRING).defaultValue("Lines")
                    .description("The folder stored mails are moved to with afterStore = move; created if missing")
                    .build(),
            SettingField.builder(SMTP_HOST, SettingType.STRING).required()
                    .description("The SMTP server, e.g. smtp.gmail.com or smtp.office365.com").build(),
            SettingField.builder(SMTP_PORT, SettingType.INTEGER).defaultValue("587")
                    .description("The SMTP port: 587 with starttls, 465 with tls").build(),
            SettingField.builder(SMTP_SECURITY, SettingType.ENUM).options(values(Security.values()))
                    .defaultValue(Security.STARTTLS.value())
                    .description("starttls (587), tls (465) or none (only on a trusted network)").build(),
            SettingField.builder(SMTP_USER, SettingType.STRING)
                    .description("The SMTP login; empty: the IMAP login").build(),
            SettingField.builder(SMTP_PASSWORD, SettingType.STRING).secret()
                    .description("The SMTP password; empty: the IMAP password").build(),
            SettingField.builder(SMTP_OAUTH_TOKEN, SettingType.TEXT).secret()
                    .description("An OAuth2 access token for SMTP; empty: the IMAP token").build(),
            SettingField.builder(FROM_ADDRESS, SettingType.STRING).required()
                    .description("The address replies come from, usually the mailbox address").build(),
            SettingField.builder(FROM_NAME, SettingType.STRING)
                    .description("The display name of replies when the line sets none (it shows the operator's or "
                            + "the line's name)").build(),
            SettingField.builder(MAX_ATTACHMENT_MB, SettingType.INTEGER).defaultValue("25")
                    .description("The largest attachment accepted, in MB; larger ones are refused with a note in "
                            + "the session").build());

    private static String[] values(Security[] values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].value();
        }
        return out;
    }

    /**
     * Checks what the schema cannot: ports, intervals, a way to log in, the sender address.
     *
     * @param settings the account's settings with defaults applied
     * @return the problems, naming settings but never their values
     */
    static List<SettingProblem> validate(ChannelSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        port(settings, IMAP_PORT, problems);
        port(settings, SMTP_PORT, problems);
        range(settings, POLL_SECONDS, 1, MAX_POLL_SECONDS, problems);
        range(settings, MAX_ATTACHMENT_MB, 1, 1024, problems);
        if (settings.find(IMAP_PASSWORD).isEmpty() && settings.find(IMAP_OAUTH_TOKEN).isEmpty()) {
            problems.add(new SettingProblem(IMAP_PASSWORD, "give the IMAP password or an OAuth2 token"));
        }
        settings.find(FROM_ADDRESS).ifPresent(address -> {
            if (parseAddress(address).isEmpty()) {
                problems.add(new SettingProblem(FROM_ADDRESS, "is not an email address"));
            }
        });
        if ("move".equals(settings.find(AFTER_STORE).orElse("")) && settings.find(MOVE_TO).isEmpty()) {
            problems.add(new SettingProblem(MOVE_TO, "is required when stored mails are moved"));
        }
        return problems;
    }

    private static void port(ChannelSettings settings, String name, List<SettingProblem> problems) {
        range(settings, name, 1, 65535, problems);
    }

    private static void range(ChannelSettings settings, String name, int min, int max, List<SettingProblem> problems) {
        try {
            int value = settings.getInt(name, min);
            if (value < min || value > max) {
                problems.add(new SettingProblem(name, "must be between " + min + " and " + max));
            }
        } catch (NumberFormatException e) {
            problems.add(new SettingProblem(name, "must be a whole number"));
        }
    }

    static Optional<InternetAddress> parseAddress(String address) {
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            return parsed.getAddress().contains("@") ? Optional.of(parsed) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    /**
     * @param settings checked settings with defaults applied
     * @return the typed settings
     */
    static EmailSettings from(ChannelSettings settings) {
        Server imap = new Server(settings.require(IMAP_HOST), settings.getInt(IMAP_PORT, 993),
                security(settings.find(IMAP_SECURITY).orElse("tls")), settings.require(IMAP_USER),
                settings.find(IMAP_PASSWORD).orElse(null), settings.find(IMAP_OAUTH_TOKEN).orElse(null));
        String smtpToken = settings.find(SMTP_OAUTH_TOKEN).orElse(null);
        String smtpPassword = settings.find(SMTP_PASSWORD).orElse(null);
        if (smtpToken == null && smtpPassword == null) {
            smtpToken = imap.oauthToken();
            smtpPassword = imap.password();
        }
        Server smtp = new Server(settings.require(SMTP_HOST), settings.getInt(SMTP_PORT, 587),
                security(settings.find(SMTP_SECURITY).orElse("starttls")),
                settings.find(SMTP_USER).orElse(imap.user()), smtpPassword, smtpToken);
        AfterStore after = "move".equals(settings.find(AFTER_STORE).orElse("")) ? AfterStore.MOVE
                : AfterStore.FLAG_SEEN;
        return new EmailSettings(imap, smtp, settings.find(FOLDER).orElse("INBOX"),
                settings.getInt(POLL_SECONDS, 60), !"false".equals(settings.find(IDLE).orElse("true")), after,
                settings.find(MOVE_TO).orElse("Lines"), settings.require(FROM_ADDRESS),
                settings.find(FROM_NAME).orElse(null), settings.getInt(MAX_ATTACHMENT_MB, 25) * 1024L * 1024L);
    }

    private static Security security(String value) {
        return Security.valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** @return the domain of the sender address, for the Message-IDs the hub makes */
    String domain() {
        int at = fromAddress.lastIndexOf('@');
        return at < 0 ? "lines.invalid" : fromAddress.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "EmailSettings[imap=" + imap + ", smtp=" + smtp + ", folder=" + folder + ", idle=" + idle
                + ", after=" + afterStore.value() + "]";
    }
}
