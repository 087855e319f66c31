package io.agentdeploy.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class KeyValuesTest {

    @Test
    public void entriesKeepOrderAndValueAsWritten() {
        assertThat(KeyValues.parse("buildArgs", List.of(" B =2", "A=x=y", "C=")))
                .containsExactly(java.util.Map.entry("B", "2"), java.util.Map.entry("A", "x=y"),
                        java.util.Map.entry("C", ""));
    }

    @Test
    public void nullMeansNoEntries() {
        assertThat(KeyValues.parse("labels", null)).isEmpty();
    }

    @Test
    public void entryWithoutNameIsRejectedWithoutItsValue() {
        assertThatThrownBy(() -> KeyValues.parse("environment", List.of("=s3cr3t")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid environment: each entry is written NAME=VALUE, with a name before the first '='."
                        + " Write one NAME=VALUE entry per list element.")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    public void entryWithoutSeparatorIsRejected() {
        assertThatThrownBy(() -> KeyValues.parse("set", Arrays.asList("replicaCount")))
                .as("no '='").isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> KeyValues.parse("set", Arrays.asList((String) null)))
                .as("null entry").isInstanceOf(InvalidInputException.class);
    }
}
