package org.lineshub.whatsapp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;
import org.lineshub.plugin.api.SettingType;

/**
 * The settings of one WhatsApp account (one business phone number), typed. Declared here, next to the code that
 * reads them, so the form, the defaults and the README table describe the same thing. {@link #toString()} never
 * prints a secret.
 *
 * @param phoneNumberId    the business phone number's id in the Graph API (not the phone number itself)
 * @param accessToken      the token the Graph API calls carry; a secret
 * @param appSecret        the Meta app's secret, which signs the webhook calls; a secret
 * @param verifyToken      the token Meta's webhook verification request must carry; a secret
 * @param templateLanguage the language code of templates sent without one
 * @param apiBaseUrl       the Graph API server, without a trailing slash
 * @param apiVersion       the Graph API version, e.g. {@code v26.0}
 */
record WhatsAppSettings(String phoneNumberId, String accessToken, String appSecret, String verifyToken,
                        String templateLanguage, URI apiBaseUrl, String apiVersion) {

    static final String PHONE_NUMBER_ID = "phoneNumberId";
    static final String ACCESS_TOKEN = "accessToken";
    static final String APP_SECRET = "appSecret";
    static final String VERIFY_TOKEN = "verifyToken";
    static final String TEMPLATE_LANGUAGE = "templateLanguage";
    static final String API_BASE_URL = "apiBaseUrl";
    static final String API_VERSION = "apiVersion";

    static final String DEFAULT_API_BASE_URL = "https://graph.facebook.com";
    /**
     * The newest Graph API version (Graph API changelog: v26.0 released July 29, 2026); Meta keeps a version
     * available for about two years after its successor appears.
     */
    static final String DEFAULT_API_VERSION = "v26.0";
    static final String DEFAULT_TEMPLATE_LANGUAGE = "en_US";

    /** Graph API object ids are decimal numbers. */
    private static final Pattern NUMERIC_ID = Pattern.compile("\\d{1,40}");
    private static final Pattern VERSION = Pattern.compile("v\\d{1,3}\\.\\d{1,3}");
    /** Template language codes as Meta lists them: {@code en}, {@code en_US}, {@code pt_BR}, {@code zh_HK}... */
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Za-z0-9]{2,8})?");

    /** The settings form, in order; {@link WhatsAppConnector#descriptor()} publishes it. */
    static final List<SettingField> FIELDS = List.of(
            SettingField.builder(PHONE_NUMBER_ID, SettingType.STRING).required()
                    .description("The business phone number's ID from the app's WhatsApp > API Setup page (digits, "
                            + "not the phone number); names this account in the shared webhook")
                    .build(),
            SettingField.builder(ACCESS_TOKEN, SettingType.STRING).required().secret()
                    .description("A permanent System User access token with the whatsapp_business_messaging "
                            + "permission")
                    .build(),
            SettingField.builder(APP_SECRET, SettingType.STRING).required().secret()
                    .description("The Meta app's App Secret (App settings > Basic), which signs every webhook call")
                    .build(),
            SettingField.builder(VERIFY_TOKEN, SettingType.STRING).required().secret()
                    .description("The Verify token entered with the webhook URL in the app's WhatsApp > "
                            + "Configuration page")
                    .build(),
            SettingField.builder(TEMPLATE_LANGUAGE, SettingType.STRING).defaultValue(DEFAULT_TEMPLATE_LANGUAGE)
                    .description("The language code of a template an operator sends without one, e.g. en_US")
                    .build(),
            SettingField.builder(API_BASE_URL, SettingType.URL).defaultValue(DEFAULT_API_BASE_URL)
                    .description("The Graph API server; change it only for a proxy or a test fake")
                    .build(),
            SettingField.builder(API_VERSION, SettingType.STRING).defaultValue(DEFAULT_API_VERSION)
                    .description("The Graph API version the calls use, like v26.0")
                    .build());

    /**
     * Checks what the schema cannot: the shapes of the id, the version and the language.
     *
     * @param settings the account's settings with defaults applied
     * @return the problems, naming settings but never their values
     */
    static List<SettingProblem> validate(ChannelSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        Optional<String> phone = settings.find(PHONE_NUMBER_ID);
        if (phone.isEmpty()) {
            problems.add(new SettingProblem(PHONE_NUMBER_ID, "the phone number ID is required"));
        } else if (!NUMERIC_ID.matcher(phone.get()).matches()) {
            problems.add(new SettingProblem(PHONE_NUMBER_ID,
                    "must be the phone number ID (digits only) from WhatsApp > API Setup, not the phone number"));
        }
        for (String secret : List.of(ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN)) {
            Optional<String> value = settings.find(secret);
            if (value.isEmpty() || value.get().isBlank()) {
                problems.add(new SettingProblem(secret, "is required"));
            } else if (!value.get().equals(value.get().strip())) {
                problems.add(new SettingProblem(secret, "must not start or end with spaces"));
            }
        }
        if (!LANGUAGE.matcher(settings.find(TEMPLATE_LANGUAGE).orElse(DEFAULT_TEMPLATE_LANGUAGE)).matches()) {
            problems.add(new SettingProblem(TEMPLATE_LANGUAGE, "must be a language code like en or en_US"));
        }
        if (parseUrl(settings.find(API_BASE_URL).orElse(DEFAULT_API_BASE_URL)).isEmpty()) {
            problems.add(new SettingProblem(API_BASE_URL, "must be an absolute http or https URL"));
        }
        if (!VERSION.matcher(settings.find(API_VERSION).orElse(DEFAULT_API_VERSION)).matches()) {
            problems.add(new SettingProblem(API_VERSION, "must be a Graph API version like v26.0"));
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
    static WhatsAppSettings from(ChannelSettings settings) {
        List<SettingProblem> problems = validate(settings);
        if (!problems.isEmpty()) {
            SettingProblem first = problems.get(0);
            throw new IllegalArgumentException("setting " + first.field() + " " + first.message());
        }
        return new WhatsAppSettings(settings.require(PHONE_NUMBER_ID), settings.require(ACCESS_TOKEN),
                settings.require(APP_SECRET), settings.require(VERIFY_TOKEN),
                settings.find(TEMPLATE_LANGUAGE).orElse(DEFAULT_TEMPLATE_LANGUAGE),
                parseUrl(settings.find(API_BASE_URL).orElse(DEFAULT_API_BASE_URL)).orElseThrow(),
                settings.find(API_VERSION).orElse(DEFAULT_API_VERSION));
    }

    /** Parses the base URL and drops trailing slashes, so paths can be appended. */
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
        return "WhatsAppSettings[phoneNumberId=" + phoneNumberId + ", apiBaseUrl=" + apiBaseUrl + ", apiVersion="
                + apiVersion + "]";
    }
}
