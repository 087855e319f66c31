package io.agentdeploy.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/** Writes and reads deployment records as JSON, with ISO-8601 times and durations. */
public final class JsonRecords {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonRecords() {
    }

    public static String toJson(DeploymentRecord record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Could not write the deployment record as JSON", e);
        }
    }

    public static DeploymentRecord fromJson(String json) {
        try {
            return MAPPER.readValue(json, DeploymentRecord.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Could not read a deployment record", e);
        }
    }
}
