package org.lineshub.hub.sla;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a line's {@link SlaSettings} as JSON in one column. A mapper of its own, not the web's: the stored form
 * must not change when the API's JSON settings do.
 */
@Converter
public class SlaSettingsConverter implements AttributeConverter<SlaSettings, String> {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Override
    public String convertToDatabaseColumn(SlaSettings settings) {
        return write(settings);
    }

    @Override
    public SlaSettings convertToEntityAttribute(String stored) {
        return read(stored);
    }

    static String write(SlaSettings settings) {
        if (settings == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("SLA settings cannot be written as JSON", e);
        }
    }

    static SlaSettings read(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(stored, SlaSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored SLA settings are not readable", e);
        }
    }
}
