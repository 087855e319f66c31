package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

public class PluralsTest {

    @Test
    public void oneIsSingular() {
        assertThat(Plurals.count(1, "old replica")).isEqualTo("1 old replica");
    }

    @Test
    public void zeroAndManyArePlural() {
        assertThat(Plurals.count(0, "replica")).isEqualTo("0 replicas");
        assertThat(Plurals.count(2, "time")).isEqualTo("2 times");
    }
}
