package org.lineshub.hub.channel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lineshub.hub.system.SecretCipher;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.SettingField;
import org.springframework.stereotype.Component;

/**
 * Stores channel account settings as a JSON object, with the values of secret settings encrypted; and reads them
 * back. An encrypted value is recognised by its prefix, so settings stay readable while their plugin is not loaded.
 */
@Component
class SettingsCodec {

    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final SecretCipher cipher;

    SettingsCodec(ObjectMapper json, SecretCipher cipher) {
        this.json = json;
        this.cipher = cipher;
    }

    String seal(ChannelDescriptor descriptor, Map<String, String> values) {
        Map<String, String> stored = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            boolean secret = descriptor.setting(name).map(SettingField::secret).orElse(false);
            stored.put(name, secret ? cipher.encrypt(value) : value);
        });
        try {
            return json.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings cannot be written as JSON", e);
        }
    }

    /** @return every value, secrets decrypted */
    Map<String, String> open(String stored) {
        Map<String, String> values = read(stored);
        values.replaceAll((name, value) -> SecretCipher.isEncrypted(value) ? cipher.decrypt(value) : value);
        return values;
    }

    /** @return the values that are not secrets */
    Map<String, String> publicValues(String stored) {
        Map<String, String> values = read(stored);
        values.values().removeIf(SecretCipher::isEncrypted);
        return values;
    }

    /** @return the names of secret settings that have a value */
    List<String> secretNames(String stored) {
        List<String> names = new ArrayList<>();
        read(stored).forEach((name, value) -> {
            if (SecretCipher.isEncrypted(value)) {
                names.add(name);
            }
        });
        return names;
    }

    private Map<String, String> read(String stored) {
        try {
            return json.readValue(stored, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings are not a JSON object", e);
        }
    }
}
