package org.lineshub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lineshub.hub.HubProperties;
import org.lineshub.hub.system.SecretCipher;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.SettingField;
import org.lineshub.plugin.api.SettingType;

class SettingsCodecTest {

    private static final ChannelDescriptor CHANNEL = ChannelDescriptor.builder("example")
            .settings(List.of(SettingField.builder("apiUrl", SettingType.URL).build(),
                    SettingField.builder("token", SettingType.STRING).secret().build(),
                    SettingField.builder("signingKey", SettingType.STRING).secret().build()))
            .build();

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void secretsAreEncryptedAndReadBackForTheirAccount(@TempDir Path dir) throws Exception {
        SettingsCodec codec = codec(dir);

        String stored = codec.seal(CHANNEL, 7, Map.of("apiUrl", "https://api.example.org", "token", "t0ken-7"));

        assertThat(stored).contains("https://api.example.org").doesNotContain("t0ken-7");
        assertThat(values(stored).get("token")).startsWith("enc:v2:");
        assertThat(codec.open(7, stored)).containsEntry("token", "t0ken-7")
                .containsEntry("apiUrl", "https://api.example.org");
        assertThat(codec.secretNames(stored)).containsExactly("token");
        assertThat(codec.publicValues(stored)).containsOnlyKeys("apiUrl");
    }

    @Test
    void aSecretCopiedToAnotherAccountOrSettingDoesNotDecrypt(@TempDir Path dir) throws Exception {
        SettingsCodec codec = codec(dir);
        String stored = codec.seal(CHANNEL, 7, Map.of("token", "t0ken-7", "signingKey", "key-7"));
        Map<String, String> values = values(stored);

        assertThatThrownBy(() -> codec.open(8, stored)).as("another account")
                .hasMessageContaining("cannot be decrypted");
        Map<String, String> swapped = new LinkedHashMap<>();
        swapped.put("token", values.get("signingKey"));
        swapped.put("signingKey", values.get("token"));
        assertThatThrownBy(() -> codec.open(7, json.writeValueAsString(swapped))).as("another setting")
                .hasMessageContaining("cannot be decrypted");
    }

    private SettingsCodec codec(Path dir) {
        return new SettingsCodec(json, new SecretCipher(new HubProperties(dir, null, null, null, null, null, null,
                null, null, null, null, null, null)));
    }

    private Map<String, String> values(String stored) throws Exception {
        return json.readValue(stored, new TypeReference<LinkedHashMap<String, String>>() {
        });
    }
}
