package org.lineshub.webchat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;
import org.lineshub.plugin.api.SettingType;

/**
 * The settings of one web chat, typed. Declared here, next to the code that reads them, so the admin form, the
 * defaults and the README table describe the same thing. None of them is a secret: everything but the allowed
 * origins is shown to visitors.
 *
 * @param title       the panel's title, or empty for the frame's default in the visitor's language
 * @param greeting    the first bubble of a new conversation, or empty for the frame's default
 * @param askName     whether the frame asks for the visitor's name before the first message
 * @param askEmail    whether the frame asks for the visitor's email address before the first message
 * @param offlineForm whether a contact form replaces the live chat while no operator of the line is online
 * @param offlineText what the frame says while no operator is online, or empty for its default
 * @param origins     the origins that may embed the widget
 * @param color       the accent colour, {@code #rrggbb}
 * @param avatarUrl   the picture shown next to answers, or {@code null}
 * @param maxFileMb   the largest file a visitor may send, in MiB
 */
record WebchatSettings(String title, String greeting, Ask askName, Ask askEmail, boolean offlineForm,
                       String offlineText, WebchatOrigins origins, String color, URI avatarUrl, int maxFileMb) {

    static final String TITLE = "title";
    static final String GREETING = "greeting";
    static final String ASK_NAME = "askName";
    static final String ASK_EMAIL = "askEmail";
    static final String OFFLINE_FORM = "offlineForm";
    static final String OFFLINE_TEXT = "offlineText";
    static final String ALLOWED_ORIGINS = "allowedOrigins";
    static final String COLOR = "color";
    static final String AVATAR_URL = "avatarUrl";
    static final String MAX_FILE_MB = "maxFileMb";

    static final String DEFAULT_COLOR = "#2563eb";
    /**
     * The largest {@code maxFileMb}: the hub holds a whole upload in memory before the plugin sees it, so the body
     * limit of the channel ({@link WebchatConnector}) stays moderate.
     */
    static final int MAX_FILE_MB_LIMIT = 20;
    static final int MAX_TITLE = 100;
    static final int MAX_TEXT = 1000;

    private static final Pattern COLOR_PATTERN = Pattern.compile("#[0-9a-fA-F]{6}");

    /** Whether the frame asks for a piece of the visitor's contact details. */
    enum Ask {
        /** Asked, and the visitor may skip it. */
        OPTIONAL,
        /** Asked, and the visitor cannot write before giving it. */
        REQUIRED,
        /** Never asked (a value the host page passes in is still used). */
        HIDDEN;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Ask of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** The settings form, in order; {@link WebchatConnector#descriptor()} publishes it. */
    static final List<SettingField> FIELDS = List.of(
            SettingField.builder(TITLE, SettingType.STRING)
                    .description("The chat panel's title, at most " + MAX_TITLE + " characters; empty: \"Chat with "
                            + "us\" in the visitor's language").build(),
            SettingField.builder(GREETING, SettingType.TEXT)
                    .description("The first bubble a visitor sees before writing, at most " + MAX_TEXT
                            + " characters; empty: a short greeting in the visitor's language").build(),
            SettingField.builder(ASK_NAME, SettingType.ENUM).options(values()).defaultValue(Ask.OPTIONAL.value())
                    .description("Ask the visitor's name before the first message: optional (may be skipped), "
                            + "required, or hidden (never asked)").build(),
            SettingField.builder(ASK_EMAIL, SettingType.ENUM).options(values()).defaultValue(Ask.OPTIONAL.value())
                    .description("Ask the visitor's email address before the first message: optional, required or "
                            + "hidden").build(),
            SettingField.builder(OFFLINE_FORM, SettingType.BOOLEAN).defaultValue("false")
                    .description("While no operator of the line is online, show a contact form (name, email, "
                            + "message) instead of the live chat").build(),
            SettingField.builder(OFFLINE_TEXT, SettingType.TEXT)
                    .description("What the chat says while no operator is online, at most " + MAX_TEXT
                            + " characters; empty: a short note in the visitor's language").build(),
            SettingField.builder(ALLOWED_ORIGINS, SettingType.STRING)
                    .description("The websites that may embed the widget, as comma-separated origins such as "
                            + "https://shop.example or https://*.shop.example; empty: any website").build(),
            SettingField.builder(COLOR, SettingType.STRING).defaultValue(DEFAULT_COLOR)
                    .description("The accent colour of the launcher, the header and the visitor's messages, as "
                            + "#rrggbb").build(),
            SettingField.builder(AVATAR_URL, SettingType.URL)
                    .description("A picture shown next to answers and in the header (https, square, small)")
                    .build(),
            SettingField.builder(MAX_FILE_MB, SettingType.INTEGER).defaultValue("10")
                    .description("The largest file a visitor may send, 1 to " + MAX_FILE_MB_LIMIT + " MiB").build());

    private static String[] values() {
        Ask[] all = Ask.values();
        String[] out = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = all[i].value();
        }
        return out;
    }

    /**
     * Checks what the schema cannot: the enums' values, the colour, the origins, the lengths and the file limit.
     *
     * @param settings the account's settings with defaults applied
     * @return the problems, naming settings but never their values
     */
    static List<SettingProblem> validate(ChannelSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        length(settings, TITLE, MAX_TITLE, problems);
        length(settings, GREETING, MAX_TEXT, problems);
        length(settings, OFFLINE_TEXT, MAX_TEXT, problems);
        for (String name : List.of(ASK_NAME, ASK_EMAIL)) {
            settings.find(name).ifPresent(value -> {
                try {
                    Ask.of(value);
                } catch (IllegalArgumentException e) {
                    problems.add(new SettingProblem(name, "must be optional, required or hidden"));
                }
            });
        }
        settings.find(COLOR).ifPresent(value -> {
            if (!COLOR_PATTERN.matcher(value).matches()) {
                problems.add(new SettingProblem(COLOR, "must be a colour as #rrggbb, e.g. " + DEFAULT_COLOR));
            }
        });
        settings.find(ALLOWED_ORIGINS).ifPresent(value -> {
            try {
                WebchatOrigins.parse(value);
            } catch (IllegalArgumentException e) {
                problems.add(new SettingProblem(ALLOWED_ORIGINS, e.getMessage()));
            }
        });
        settings.find(AVATAR_URL).ifPresent(value -> {
            URI uri = avatar(value);
            if (uri == null) {
                problems.add(new SettingProblem(AVATAR_URL, "must be an absolute http or https URL"));
            }
        });
        try {
            int mb = settings.getInt(MAX_FILE_MB, 10);
            if (mb < 1 || mb > MAX_FILE_MB_LIMIT) {
                problems.add(new SettingProblem(MAX_FILE_MB, "must be between 1 and " + MAX_FILE_MB_LIMIT));
            }
        } catch (NumberFormatException e) {
            problems.add(new SettingProblem(MAX_FILE_MB, "must be a whole number"));
        }
        return problems;
    }

    private static void length(ChannelSettings settings, String name, int max, List<SettingProblem> problems) {
        settings.find(name).ifPresent(value -> {
            if (value.length() > max) {
                problems.add(new SettingProblem(name, "must be at most " + max + " characters"));
            }
        });
    }

    private static URI avatar(String value) {
        try {
            URI uri = URI.create(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * @param settings checked settings with defaults applied
     * @return the typed settings
     */
    static WebchatSettings from(ChannelSettings settings) {
        return new WebchatSettings(settings.find(TITLE).orElse("").trim(), settings.find(GREETING).orElse("").trim(),
                Ask.of(settings.find(ASK_NAME).orElse(Ask.OPTIONAL.value())),
                Ask.of(settings.find(ASK_EMAIL).orElse(Ask.OPTIONAL.value())), settings.getBoolean(OFFLINE_FORM),
                settings.find(OFFLINE_TEXT).orElse("").trim(),
                WebchatOrigins.parse(settings.find(ALLOWED_ORIGINS).orElse("")),
                settings.find(COLOR).orElse(DEFAULT_COLOR).toLowerCase(Locale.ROOT),
                settings.find(AVATAR_URL).map(WebchatSettings::avatar).orElse(null),
                settings.getInt(MAX_FILE_MB, 10));
    }

    /** @return the largest file a visitor may send, in bytes */
    long maxFileBytes() {
        return maxFileMb * 1024L * 1024L;
    }

    /** @return the origin of the avatar, for the frame's image sources, or {@code null} */
    String avatarOrigin() {
        if (avatarUrl == null) {
            return null;
        }
        int port = avatarUrl.getPort();
        return avatarUrl.getScheme().toLowerCase(Locale.ROOT) + "://" + avatarUrl.getHost().toLowerCase(Locale.ROOT)
                + (port < 0 ? "" : ":" + port);
    }

    @Override
    public String toString() {
        return "WebchatSettings[askName=" + askName.value() + ", askEmail=" + askEmail.value() + ", offlineForm="
                + offlineForm + ", origins=" + origins.size() + ", maxFileMb=" + maxFileMb + "]";
    }
}
