package org.lineshub.vk;

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
 * The settings of one VK community account, typed. Declared here, next to the code that reads them, so the form, the
 * defaults and the README table describe the same thing. {@link #toString()} never prints a secret.
 *
 * @param accessToken      the community access token; a secret
 * @param groupId          the community's id, positive
 * @param mode             how events arrive
 * @param confirmationCode the string the Callback API's {@code confirmation} request must be answered with, or empty
 * @param secret           the Callback API's secret key, sent in every event, or empty
 * @param apiBaseUrl       the API host, without a trailing slash
 * @param apiVersion       the API version ({@code v}) of every call
 * @param pollWaitSeconds  the long poll's {@code wait}
 */
record VkSettings(String accessToken, long groupId, Mode mode, Optional<String> confirmationCode,
                  Optional<String> secret, URI apiBaseUrl, String apiVersion, int pollWaitSeconds) {

    static final String ACCESS_TOKEN = "accessToken";
    static final String GROUP_ID = "groupId";
    static final String MODE = "mode";
    static final String CONFIRMATION_CODE = "confirmationCode";
    static final String SECRET = "secret";
    static final String API_BASE_URL = "apiBaseUrl";
    static final String API_VERSION = "apiVersion";
    static final String POLL_WAIT_SECONDS = "pollWaitSeconds";

    static final String DEFAULT_API_BASE_URL = "https://api.vk.com";
    static final String DEFAULT_API_VERSION = "5.199";
    /** What dev.vk.com recommends: "some proxy servers cut connections after 30 seconds, we recommend wait=25". */
    static final int DEFAULT_POLL_WAIT_SECONDS = 25;
    /** Bots Long Poll API: "the maximum value is 90". */
    static final int MAX_POLL_WAIT_SECONDS = 90;
    /** The Callback API's secret key: up to 50 characters (groups.addCallbackServer, {@code secret_key}). */
    static final int MAX_SECRET_LENGTH = 50;

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");

    /** How an account receives events. */
    enum Mode {
        /** The plugin long-polls the Bots Long Poll API; works without a public URL. */
        LONGPOLL,
        /** VK posts events to the account's webhook address (the Callback API), which needs a public URL. */
        CALLBACK;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The settings form, in order; {@link VkConnector#descriptor()} publishes it. */
    static final List<SettingField> FIELDS = List.of(
            SettingField.builder(ACCESS_TOKEN, SettingType.STRING).required().secret()
                    .description("The community access token (Manage community, Working with API, Access tokens) "
                            + "with the messages, photos and docs rights, and community management for long poll")
                    .build(),
            SettingField.builder(GROUP_ID, SettingType.INTEGER).required()
                    .description("The community's numeric id, e.g. 123456 for vk.com/club123456")
                    .build(),
            SettingField.builder(MODE, SettingType.ENUM).options(Mode.LONGPOLL.value(), Mode.CALLBACK.value())
                    .defaultValue(Mode.LONGPOLL.value())
                    .description("longpoll: the hub asks VK for events (no public URL needed); callback: VK posts "
                            + "events to the account's webhook address, which needs hub.public-url")
                    .build(),
            SettingField.builder(CONFIRMATION_CODE, SettingType.STRING)
                    .description("The string the Callback API's confirmation request must return, as the community's "
                            + "Callback API settings show it; required in callback mode")
                    .build(),
            SettingField.builder(SECRET, SettingType.STRING).secret()
                    .description("The Callback API's secret key (up to 50 characters), as entered in the community's "
                            + "Callback API settings; required in callback mode")
                    .build(),
            SettingField.builder(API_BASE_URL, SettingType.URL).defaultValue(DEFAULT_API_BASE_URL)
                    .description("The VK API host; change it only for a proxy or a test fake")
                    .build(),
            SettingField.builder(API_VERSION, SettingType.STRING).defaultValue(DEFAULT_API_VERSION)
                    .description("The VK API version of every call, like 5.199; set the same version for the "
                            + "community's Long Poll or Callback API events")
                    .build(),
            SettingField.builder(POLL_WAIT_SECONDS, SettingType.INTEGER)
                    .defaultValue(String.valueOf(DEFAULT_POLL_WAIT_SECONDS))
                    .description("How long one long poll waits for new events, in seconds, 1 to "
                            + MAX_POLL_WAIT_SECONDS)
                    .build());

    /**
     * Checks what the schema cannot: the group id's sign, the settings callback mode needs, the version's shape, the
     * wait's range.
     *
     * @param settings the account's settings with defaults applied
     * @return the problems, naming settings but never their values
     */
    static List<SettingProblem> validate(ChannelSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        if (settings.find(ACCESS_TOKEN).filter(t -> !t.isBlank()).isEmpty()) {
            problems.add(new SettingProblem(ACCESS_TOKEN, "the community access token is required"));
        }
        try {
            if (settings.find(GROUP_ID).isEmpty() || Long.parseLong(settings.require(GROUP_ID).strip()) <= 0) {
                problems.add(new SettingProblem(GROUP_ID, "must be the community's positive numeric id"));
            }
        } catch (NumberFormatException e) {
            problems.add(new SettingProblem(GROUP_ID, "must be the community's positive numeric id"));
        }
        Optional<Mode> mode = parseMode(settings.find(MODE).orElse(Mode.LONGPOLL.value()));
        if (mode.isEmpty()) {
            problems.add(new SettingProblem(MODE, "must be longpoll or callback"));
        } else if (mode.get() == Mode.CALLBACK) {
            if (settings.find(CONFIRMATION_CODE).filter(c -> !c.isBlank()).isEmpty()) {
                problems.add(new SettingProblem(CONFIRMATION_CODE, "is required in callback mode"));
            }
            if (settings.find(SECRET).filter(s -> !s.isBlank()).isEmpty()) {
                // without it anyone who learns the webhook address could post messages in the community's name
                problems.add(new SettingProblem(SECRET, "is required in callback mode"));
            }
        }
        settings.find(SECRET).ifPresent(secret -> {
            if (secret.length() > MAX_SECRET_LENGTH) {
                problems.add(new SettingProblem(SECRET, "may have at most " + MAX_SECRET_LENGTH + " characters"));
            }
        });
        settings.find(API_BASE_URL).ifPresent(url -> {
            if (parseUrl(url).isEmpty()) {
                problems.add(new SettingProblem(API_BASE_URL, "must be an absolute http or https URL"));
            }
        });
        settings.find(API_VERSION).ifPresent(version -> {
            if (!VERSION.matcher(version.strip()).matches()) {
                problems.add(new SettingProblem(API_VERSION, "must be a VK API version like " + DEFAULT_API_VERSION));
            }
        });
        try {
            int wait = settings.getInt(POLL_WAIT_SECONDS, DEFAULT_POLL_WAIT_SECONDS);
            if (wait < 1 || wait > MAX_POLL_WAIT_SECONDS) {
                problems.add(new SettingProblem(POLL_WAIT_SECONDS,
                        "must be between 1 and " + MAX_POLL_WAIT_SECONDS + " seconds"));
            }
        } catch (NumberFormatException e) {
            problems.add(new SettingProblem(POLL_WAIT_SECONDS, "must be a whole number of seconds"));
        }
        return problems;
    }

    /**
     * Reads valid settings.
     *
     * @param settings the account's settings with defaults applied
     * @return the typed settings
     * @throws IllegalArgumentException naming the first problem {@link #validate} finds
     */
    static VkSettings from(ChannelSettings settings) {
        List<SettingProblem> problems = validate(settings);
        if (!problems.isEmpty()) {
            SettingProblem first = problems.get(0);
            throw new IllegalArgumentException("setting " + first.field() + " " + first.message());
        }
        return new VkSettings(settings.require(ACCESS_TOKEN).strip(),
                Long.parseLong(settings.require(GROUP_ID).strip()),
                parseMode(settings.find(MODE).orElse(Mode.LONGPOLL.value())).orElseThrow(),
                settings.find(CONFIRMATION_CODE).map(String::strip).filter(s -> !s.isEmpty()),
                settings.find(SECRET).filter(s -> !s.isEmpty()),
                parseUrl(settings.find(API_BASE_URL).orElse(DEFAULT_API_BASE_URL)).orElseThrow(),
                settings.find(API_VERSION).map(String::strip).orElse(DEFAULT_API_VERSION),
                settings.getInt(POLL_WAIT_SECONDS, DEFAULT_POLL_WAIT_SECONDS));
    }

    private static Optional<Mode> parseMode(String value) {
        for (Mode m : Mode.values()) {
            if (m.value().equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Parses the base URL and drops trailing slashes, so method paths can be appended. */
    private static Optional<URI> parseUrl(String value) {
        try {
            URI uri = new URI(value.strip().replaceAll("/+$", ""));
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
        return "VkSettings[groupId=" + groupId + ", mode=" + mode.value() + ", apiBaseUrl=" + apiBaseUrl
                + ", apiVersion=" + apiVersion + ", pollWaitSeconds=" + pollWaitSeconds + "]";
    }
}
