package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class EksAppliedTest {

    private static final EksApplied APPLIED = new EksApplied("default", "agent", 2, "repo@sha256:" + "1".repeat(64), 1L, 3,
            2, List.of("Deployment/agent"), List.of(), true, List.of(), Instant.parse("2026-03-01T10:15:30.250Z"));

    @Test
    public void mapKeepsApplyTime() {
        Map<String, Object> map = APPLIED.toMap();

        assertThat(map).containsEntry("appliedAtEpochMillis", Instant.parse("2026-03-01T10:15:30.250Z").toEpochMilli());
        assertThat(EksApplied.fromMap(map)).isEqualTo(APPLIED);
    }

    @Test
    public void mapWithoutApplyTimeGivesNull() {
        Map<String, Object> older = new java.util.HashMap<>(APPLIED.toMap());
        older.remove("appliedAtEpochMillis");

        assertThat(EksApplied.fromMap(older).appliedAt()).isNull();
    }
}
