package org.lineshub.viber;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;
import org.lineshub.plugin.api.SettingType;

/**
 * The settings of one Viber account, typed. Declared here, next to the code that reads them, so the form, the
 * defaults and the README table describe the same thing. {@link #toString()} never prints the token.
 *
 * @param authToken       the bot's authentication token (the "app key"); a secret
 * @param senderName      the name every message shows as its sender, or empty to show the operator's or the line's
 * @param senderAvatarUrl the picture every message shows as its sender's, or empty for the bot's own
 * @param welcomeMessage  the text answering a user who opens the chat, or empty for none
 * @param apiBaseUrl      the REST API, without a trailing slash
 */
record ViberSettings(String authToken, Optional<String> senderName, Optional<URI> senderAvatarUrl,
                     Optional<String> welcomeMessage, URI apiBaseUrl) {

    static final String AUTH_TOKEN = "authToken";
    static final String SENDER_NAME = "senderName";
    static final String SENDER_AVATAR_URL = "senderAvatarUrl";
    static final String WELCOME_MESSAGE = "welcomeMessage";
    static final String API_BASE_URL = "apiBaseUrl";

    static final String DEFAULT_API_BASE_URL = "https://chatapi.viber.com/pa";
    /** REST Bot API, send_message: "sender.name ... Max 28 characters". */
    static final int MAX_SENDER_NAME = 28;
    /** REST Bot API, text message: "Max length 7,000 characters"; a welcome message is a text message. */
    static final int MAX_TEXT = 7000;

    /** The settings form, in order; {@link ViberConnector#descriptor()} publishes it. */
    static final List<SettingField> FIELDS = List.of(
            SettingField.builder(AUTH_TOKEN, SettingType.STRING).required().secret()
                    .description("The bot's authentication token (app key) from the Viber Admin Panel or the bot's "
                            + "Edit info screen")
                    .build(),
            SettingField.builder(SENDER_NAME, SettingType.STRING)
                    .description("The sender name every message shows, at most 28 characters; empty: the operator's "
                            + "name when the line shows operators, else the line's name")
                    .build(),
            SettingField.builder(SENDER_AVATAR_URL, SettingType.STRING)
                    .description("An https address of the sender picture every message shows (at most 100 KB, "
                            + "720x720 recommended); empty: the bot's own picture")
                    .build(),
            SettingField.builder(WELCOME_MESSAGE, SettingType.TEXT)
                    .description("A text Viber shows a user who opens the chat with the bot, before they write; "
                            + "empty: none")
                    .build(),
            SettingField.builder(API_BASE_URL, SettingType.URL).defaultValue(DEFAULT_API_BASE_URL)
                    .description("The Viber REST Bot API; change it only for a proxy or a test fake")
                    .build());

    /**
     * Checks what the schema cannot: the token's presence, the name's length, the picture's address.
     *
     * @param settings the account's settings with defaults applied
     * @return the problems, naming settings but never their values
     */
    static List<SettingProblem> validate(ChannelSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        if (settings.find(AUTH_TOKEN).filter(t -> !t.isBlank()).isEmpty()) {
            problems.add(new SettingProblem(AUTH_TOKEN, "the bot's authentication token is required"));
        }
        settings.find(SENDER_NAME).ifPresent(name -> {
            if (name.isBlank()) {
                problems.add(new SettingProblem(SENDER_NAME, "must not be blank"));
            } else if (name.codePointCount(0, name.length()) > MAX_SENDER_NAME) {
                problems.add(new SettingProblem(SENDER_NAME, "Viber allows at most " + MAX_SENDER_NAME
                        + " characters"));
            }
        });
        settings.find(SENDER_AVATAR_URL).ifPresent(url -> {
            if (parseUrl(url).isEmpty()) {
                problems.add(new SettingProblem(SENDER_AVATAR_URL, "must be an absolute http or https URL"));
            }
        });
        settings.find(WELCOME_MESSAGE).ifPresent(text -> {
            if (text.length() > MAX_TEXT) {
                problems.add(new SettingProblem(WELCOME_MESSAGE, "Viber allows at most " + MAX_TEXT
                        + " characters"));
            }
        });
        settings.find(API_BASE_URL).ifPresent(url -> {
            if (parseUrl(url).isEmpty()) {
                problems.add(new SettingProblem(API_BASE_URL, "must be an absolute http or https URL"));
            }
        });
        return problems;
    }

    /**
     * Reads valid settings.
     *
     * @param settings the account's settings with defaults applied
     * @return the typed settings
     * @throws IllegalStateException naming the first problem's setting when the settings are not valid
     */
    static ViberSettings from(ChannelSettings settings) {
        List<SettingProblem> problems = validate(settings);
        if (!problems.isEmpty()) {
            SettingProblem first = problems.get(0);
            throw new IllegalStateException("setting " + first.field() + " " + first.message());
        }
        return new ViberSettings(settings.require(AUTH_TOKEN).strip(),
                settings.find(SENDER_NAME).map(String::strip),
                settings.find(SENDER_AVATAR_URL).flatMap(ViberSettings::parseUrl),
                settings.find(WELCOME_MESSAGE).filter(t -> !t.isBlank()),
                parseUrl(settings.find(API_BASE_URL).orElse(DEFAULT_API_BASE_URL)).orElseThrow());
    }

    private static Optional<URI> parseUrl(String value) {
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // not a URL: reported as the setting's problem
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ViberSettings[apiBaseUrl=" + apiBaseUrl + ", senderName=" + senderName.isPresent()
                + ", senderAvatar=" + senderAvatarUrl.isPresent() + ", welcomeMessage=" + welcomeMessage.isPresent()
                + "]";
    }
}
