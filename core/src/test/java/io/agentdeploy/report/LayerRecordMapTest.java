package io.agentdeploy.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class LayerRecordMapTest {

    @Test
    public void recordSurvivesMapRoundTrip() {
        LayerRecord record = new LayerRecord(Layer.AGENTCORE, "agent_a", "arn:runtime", LayerStatus.ROLLED_BACK,
                Instant.ofEpochMilli(1_700_000_000_123L), Duration.ofMillis(4_500), "summary",
                Map.of("endpoints", List.of(Map.of("name", "DEFAULT"))), List.of("Restored version 2."), "failed");

        LayerRecord copy = LayerRecord.fromMap(record.toMap());

        assertThat(copy).isEqualTo(record);
    }

    @Test
    public void mapHoldsOnlyPlainCollections() {
        LayerRecord record = new LayerRecord(Layer.ECR, "agent_a", "repo", LayerStatus.SUCCEEDED, null, null, null,
                Map.of("tags", List.of("1")), List.of("note"), null);

        Map<String, Object> map = record.toMap();

        assertThat(map.get("notes")).isInstanceOf(ArrayList.class);
        assertThat(map.get("details")).isInstanceOf(LinkedHashMap.class);
        assertThat(((Map<?, ?>) map.get("details")).get("tags")).isInstanceOf(ArrayList.class);
        assertThat(map.get("startedAtEpochMillis")).isNull();
    }

    @Test
    public void fromMapAcceptsAnyNumberType() {
        Map<String, Object> map = new LayerRecord(Layer.EKS, "agent_a", "ns/a", LayerStatus.SUCCEEDED,
                Instant.ofEpochMilli(5), Duration.ofMillis(7), null, Map.of(), List.of(), null).toMap();
        map.put("startedAtEpochMillis", 5);
        map.put("durationMillis", 7.0);

        LayerRecord copy = LayerRecord.fromMap(map);

        assertThat(copy.startedAt()).isEqualTo(Instant.ofEpochMilli(5));
        assertThat(copy.duration()).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    public void fromMapRejectsOtherMaps() {
        assertThatThrownBy(() -> LayerRecord.fromMap(Map.of("layer", 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Not a layer record's map: ");
    }

    @Test
    public void plainValuesCopyImmutableCollections() {
        Object copy = PlainValues.copy(Map.of("list", List.of(1, (short) 2), "set", java.util.Set.of("a")));

        assertThat(copy).isInstanceOf(LinkedHashMap.class);
        assertThat(((Map<?, ?>) copy).get("list")).isEqualTo(new ArrayList<>(List.of(1, 2L)));
        assertThat(((Map<?, ?>) copy).get("set")).isInstanceOf(ArrayList.class);
    }
}
