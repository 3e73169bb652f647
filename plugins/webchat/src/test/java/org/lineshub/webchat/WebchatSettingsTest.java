package org.lineshub.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.ChannelSettings;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingProblem;

/** The settings: their defaults, what validation refuses, and the allowed origins. */
class WebchatSettingsTest {

    private static ChannelSettings withDefaults(Map<String, String> given) {
        Map<String, String> all = new HashMap<>();
        for (SettingField f : WebchatSettings.FIELDS) {
            if (f.defaultValue() != null) {
                all.put(f.name(), f.defaultValue());
            }
        }
        all.putAll(given);
        return new ChannelSettings(all);
    }

    @Test
    void theDefaultsAreValidAndDescribed() {
        assertThat(WebchatSettings.validate(withDefaults(Map.of()))).isEmpty();
        assertThat(WebchatSettings.FIELDS).allSatisfy(f -> {
            assertThat(f.description()).as(f.name()).isNotBlank();
            assertThat(f.secret()).as(f.name()).isFalse();
        });
        WebchatSettings settings = WebchatSettings.from(withDefaults(Map.of()));
        assertThat(settings.askName()).isEqualTo(WebchatSettings.Ask.OPTIONAL);
        assertThat(settings.color()).isEqualTo("#2563eb");
        assertThat(settings.maxFileBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(settings.origins().frameAncestors()).isEqualTo("*");
        assertThat(settings.offlineForm()).isFalse();
    }

    @Test
    void namesEverySettingThatIsWrong() {
        Map<String, String> bad = new HashMap<>();
        bad.put("askName", "sometimes");
        bad.put("askEmail", "REQUIRED!");
        bad.put("color", "blue");
        bad.put("allowedOrigins", "https://shop.example/path");
        bad.put("maxFileMb", "100");
        bad.put("title", "t".repeat(101));
        bad.put("greeting", "g".repeat(1001));
        bad.put("avatarUrl", "ftp://x.example/a.png");

        assertThat(WebchatSettings.validate(withDefaults(bad))).extracting(SettingProblem::field)
                .containsExactlyInAnyOrder("askName", "askEmail", "color", "allowedOrigins", "maxFileMb", "title",
                        "greeting", "avatarUrl");
        assertThat(WebchatSettings.validate(withDefaults(Map.of("maxFileMb", "0")))).extracting(SettingProblem::field)
                .containsExactly("maxFileMb");
        assertThat(WebchatSettings.validate(withDefaults(Map.of("maxFileMb", "ten"))))
                .extracting(SettingProblem::message).containsExactly("must be a whole number");
    }

    @Test
    void readsTheSettingsItValidated() {
        WebchatSettings s = WebchatSettings.from(withDefaults(Map.of("askName", "required", "askEmail", "hidden",
                "color", "#AABBCC", "allowedOrigins", "https://shop.example, http://localhost:3000",
                "avatarUrl", "https://cdn.example:8443/face.png", "maxFileMb", "5", "offlineForm", "true")));

        assertThat(s.askName()).isEqualTo(WebchatSettings.Ask.REQUIRED);
        assertThat(s.askEmail()).isEqualTo(WebchatSettings.Ask.HIDDEN);
        assertThat(s.color()).isEqualTo("#aabbcc");
        assertThat(s.origins().frameAncestors()).isEqualTo("'self' https://shop.example http://localhost:3000");
        assertThat(s.avatarOrigin()).isEqualTo("https://cdn.example:8443");
        assertThat(s.maxFileBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(s.offlineForm()).isTrue();
        assertThat(s.toString()).doesNotContain("shop.example");
    }

    @Test
    void matchesOriginsAsBrowsersSendThem() {
        WebchatOrigins origins = WebchatOrigins.parse("https://shop.example, https://*.brand.example, "
                + "http://localhost:3000, HTTPS://Upper.Example:443/");

        assertThat(allows(origins, "https://shop.example")).isTrue();
        assertThat(allows(origins, "https://shop.example:443")).isTrue();
        assertThat(allows(origins, "https://eu.brand.example")).isTrue();
        assertThat(allows(origins, "https://a.b.brand.example")).isTrue();
        assertThat(allows(origins, "http://localhost:3000")).isTrue();
        assertThat(allows(origins, "https://upper.example")).isTrue();
        assertThat(allows(origins, "https://brand.example")).isFalse();
        assertThat(allows(origins, "https://evilbrand.example")).isFalse();
        assertThat(allows(origins, "http://shop.example")).isFalse();
        assertThat(allows(origins, "https://shop.example:8443")).isFalse();
        assertThat(allows(origins, "http://localhost:3001")).isFalse();
        assertThat(WebchatOrigins.Origin.of("null")).isEmpty();
        for (String wrong : new String[] {"shop.example", "ftp://shop.example", "https://shop.example/chat",
                "https://shop.example:99999", "https://", "*"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebchatOrigins.parse(wrong)).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static boolean allows(WebchatOrigins origins, String origin) {
        return origins.allows(WebchatOrigins.Origin.of(origin).orElseThrow());
    }
}
