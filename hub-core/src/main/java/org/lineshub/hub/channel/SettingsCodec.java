package org.lineshub.hub.channel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.hub.system.SecretCipher;
import org.lineshub.plugin.api.ChannelDescriptor;
import org.lineshub.plugin.api.SettingField;
import org.springframework.stereotype.Component;

/**
 * Stores channel account settings as a JSON object, with the values of secret settings encrypted; and reads them
 * back. An encrypted value is recognised by its prefix, so settings stay readable while their plugin is not loaded.
 * Each encrypted value is bound to its account and setting ({@link #context}): copied into another account's row
 * or under another setting's name, it does not decrypt.
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

    /**
     * @param descriptor the channel's descriptor, which says which settings are secret
     * @param accountId  the account the values belong to
     * @param values     the values by name; {@code null} values are left out
     * @return the JSON to store
     */
    String seal(ChannelDescriptor descriptor, long accountId, Map<String, String> values) {
        Map<String, String> stored = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            boolean secret = descriptor.setting(name).map(SettingField::secret).orElse(false);
            stored.put(name, secret ? cipher.encrypt(value, context(accountId, name)) : value);
        });
        return write(stored);
    }

    /** @return every value, secrets decrypted */
    Map<String, String> open(long accountId, String stored) {
        Map<String, String> values = read(stored);
        values.replaceAll((name, value) -> SecretCipher.isEncrypted(value)
                ? cipher.decrypt(value, context(accountId, name)) : value);
        return values;
    }

    /**
     * Reads the stored values an update keeps, refusing with the setting's name when a stored secret cannot be
     * decrypted (the key changed, or the value was copied from elsewhere), so the admin knows to give it again.
     *
     * @param accountId the account
     * @param stored    its stored settings
     * @param replaced  names of the settings the update gives anew; they are not decrypted
     * @return the kept values, secrets decrypted
     */
    Map<String, String> openKept(long accountId, String stored, Iterable<String> replaced) {
        Map<String, String> values = read(stored);
        replaced.forEach(values::remove);
        values.replaceAll((name, value) -> {
            if (!SecretCipher.isEncrypted(value)) {
                return value;
            }
            try {
                return cipher.decrypt(value, context(accountId, name));
            } catch (IllegalStateException e) {
                throw new InvalidRequestException("settings." + name, "the stored value of " + name
                        + " cannot be decrypted; give it again");
            }
        });
        return values;
    }

    /**
     * Encrypts again, bound to the account and setting, the secrets that were stored before values were bound;
     * everything else stays as stored.
     *
     * @return the settings to store, the same as {@code stored} when nothing needed it
     */
    String upgrade(long accountId, String stored) {
        Map<String, String> values = read(stored);
        if (values.values().stream().noneMatch(SecretCipher::isLegacy)) {
            return stored;
        }
        values.replaceAll((name, value) -> {
            if (!SecretCipher.isLegacy(value)) {
                return value;
            }
            try {
                return cipher.encrypt(cipher.decrypt(value, context(accountId, name)), context(accountId, name));
            } catch (IllegalStateException e) {
                // left as it is: starting the account reports it, and the admin gives the setting again
                return value;
            }
        });
        return write(values);
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

    /** @return what an encrypted value of this account and setting is bound to */
    static String context(long accountId, String setting) {
        return "channel-account/" + accountId + "/" + setting;
    }

    private String write(Map<String, String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings cannot be written as JSON", e);
        }
    }

    private Map<String, String> read(String stored) {
        try {
            return json.readValue(stored, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings are not a JSON object", e);
        }
    }
}
