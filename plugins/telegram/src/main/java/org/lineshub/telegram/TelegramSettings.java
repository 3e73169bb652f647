package org.lineshub.telegram;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;
import org.lineshub.plugin.api.SettingType;

/**
 * The settings of one Telegram account, typed. The settings are declared here, next to the code that reads them, so
 * the form, the defaults and the README table describe the same thing. {@link #toString()} never prints a secret.
 *
 * @param botToken           the bot token from @BotFather; a secret
 * @param mode               how updates arrive
 * @param apiBaseUrl         the Bot API server, without a trailing slash
 * @param pollTimeoutSeconds how long one getUpdates call waits for updates
 * @param webhookSecret      the {@code secret_token} to register with the webhook, or empty to generate one per start
 */
record TelegramSettings(String botToken, Mode mode, URI apiBaseUrl, int pollTimeoutSeconds,
                        Optional<String> webhookSecret) {

    static final String BOT_TOKEN = "botToken";
    static final String MODE = "mode";
    static final String API_BASE_URL = "apiBaseUrl";
    static final String POLL_TIMEOUT_SECONDS = "pollTimeoutSeconds";
    static final String WEBHOOK_SECRET = "webhookSecret";

    static final String DEFAULT_API_BASE_URL = "https://api.telegram.org";
    static final int DEFAULT_POLL_TIMEOUT_SECONDS = 25;
    /** Telegram accepts long-poll timeouts up to 50 s; longer ones only risk proxies cutting the connection. */
    static final int MAX_POLL_TIMEOUT_SECONDS = 50;

    /** A token is the bot's numeric id, a colon and the secret part (letters, digits, {@code _} and {@code -}). */
    private static final Pattern TOKEN = Pattern.compile("\\d+:[A-Za-z0-9_-]+");
    /** What Telegram allows in a webhook {@code secret_token}. */
    static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    /** How an account receives updates. */
    enum Mode {
        /** The plugin calls getUpdates in a loop; works without a public URL. */
        POLLING,
        /** Telegram posts updates to the hub's public webhook URL. */
        WEBHOOK;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The settings form, in order; {@link TelegramConnector#descriptor()} publishes it. */
    static final List<SettingField> FIELDS = List.of(
            SettingField.builder(BOT_TOKEN, SettingType.STRING).required().secret()
                    .description("The bot's token from @BotFather, like 123456789:AAH...")
                    .build(),
            SettingField.builder(MODE, SettingType.ENUM).options(Mode.POLLING.value(), Mode.WEBHOOK.value())
                    .defaultValue(Mode.POLLING.value())
                    .description("polling: the hub asks Telegram for updates (no public URL needed); webhook: Telegram "
                            + "posts updates to the hub, which needs hub.public-url")
                    .build(),
            SettingField.builder(API_BASE_URL, SettingType.URL).defaultValue(DEFAULT_API_BASE_URL)
                    .description("The Bot API server; change it for a local Bot API server or a test fake")
                    .build(),
            SettingField.builder(POLL_TIMEOUT_SECONDS, SettingType.INTEGER)
                    .defaultValue(String.valueOf(DEFAULT_POLL_TIMEOUT_SECONDS))
                    .description("How long one long poll waits for new messages, in seconds, 0 to "
                            + MAX_POLL_TIMEOUT_SECONDS)
                    .build(),
            SettingField.builder(WEBHOOK_SECRET, SettingType.STRING).secret()
                    .description("The secret Telegram sends with each webhook call (letters, digits, _ and -); "
                            + "empty: a random one is generated each time the account starts")
                    .build());

    /**
     * Checks what the schema cannot: the token's shape, the timeout's range, the secret's characters.
     *
     * @param settings the account's settings with defaults applied
     * @return the problems, naming settings but never their values
     */
    static List<SettingProblem> validate(ChannelSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        Optional<String> token = settings.find(BOT_TOKEN);
        if (token.isEmpty()) {
            problems.add(new SettingProblem(BOT_TOKEN, "the bot token is required"));
        } else if (!TOKEN.matcher(token.get()).matches()) {
            problems.add(new SettingProblem(BOT_TOKEN,
                    "does not look like a bot token: expected <bot id>:<secret>, as @BotFather shows it"));
        }
        String mode = settings.find(MODE).orElse(Mode.POLLING.value());
        if (parseMode(mode).isEmpty()) {
            problems.add(new SettingProblem(MODE, "must be polling or webhook"));
        }
        settings.find(API_BASE_URL).ifPresent(url -> {
            if (parseUrl(url).isEmpty()) {
                problems.add(new SettingProblem(API_BASE_URL, "must be an absolute http or https URL"));
            }
        });
        try {
            int timeout = settings.getInt(POLL_TIMEOUT_SECONDS, DEFAULT_POLL_TIMEOUT_SECONDS);
            if (timeout < 0 || timeout > MAX_POLL_TIMEOUT_SECONDS) {
                problems.add(new SettingProblem(POLL_TIMEOUT_SECONDS,
                        "must be between 0 and " + MAX_POLL_TIMEOUT_SECONDS + " seconds"));
            }
        } catch (NumberFormatException e) {
            problems.add(new SettingProblem(POLL_TIMEOUT_SECONDS, "must be a whole number of seconds"));
        }
        settings.find(WEBHOOK_SECRET).ifPresent(secret -> {
            if (!SECRET.matcher(secret).matches()) {
                problems.add(new SettingProblem(WEBHOOK_SECRET,
                        "may only contain letters, digits, _ and -, at most 256 characters"));
            }
        });
        return problems;
    }

    /**
     * Reads valid settings.
     *
     * @param settings the account's settings with defaults applied
     * @return the typed settings
     * @throws IllegalArgumentException naming the first problem {@link #validate} finds
     */
    static TelegramSettings from(ChannelSettings settings) {
        List<SettingProblem> problems = validate(settings);
        if (!problems.isEmpty()) {
            SettingProblem first = problems.get(0);
            throw new IllegalArgumentException("setting " + first.field() + " " + first.message());
        }
        String base = settings.find(API_BASE_URL).orElse(DEFAULT_API_BASE_URL);
        return new TelegramSettings(settings.require(BOT_TOKEN),
                parseMode(settings.find(MODE).orElse(Mode.POLLING.value())).orElseThrow(),
                parseUrl(base).orElseThrow(),
                settings.getInt(POLL_TIMEOUT_SECONDS, DEFAULT_POLL_TIMEOUT_SECONDS),
                settings.find(WEBHOOK_SECRET));
    }

    private static Optional<Mode> parseMode(String value) {
        for (Mode m : Mode.values()) {
            if (m.value().equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Parses the base URL and drops trailing slashes, so method URLs can be appended. */
    private static Optional<URI> parseUrl(String value) {
        try {
            String trimmed = value.strip().replaceAll("/+$", "");
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "TelegramSettings[mode=" + mode.value() + ", apiBaseUrl=" + apiBaseUrl + ", pollTimeoutSeconds="
                + pollTimeoutSeconds + "]";
    }
}
