package io.agentdeploy.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

public class MutationGuardTest {

    @Test
    public void writesAreNamedByTheirVerb() {
        assertThat(MutationGuard.mutatingAwsOperation("UpdateAgentRuntime")).isTrue();
        assertThat(MutationGuard.mutatingAwsOperation("CreateRepository")).isTrue();
        assertThat(MutationGuard.mutatingAwsOperation("PutRolePolicy")).isTrue();
        assertThat(MutationGuard.mutatingAwsOperation("TagResource")).isTrue();
        assertThat(MutationGuard.mutatingAwsOperation("UntagResource")).isTrue();
    }

    @Test
    public void readsAndLookalikesAreNotWrites() {
        assertThat(MutationGuard.mutatingAwsOperation("GetAgentRuntime")).isFalse();
        assertThat(MutationGuard.mutatingAwsOperation("ListTagsForResource")).isFalse();
        assertThat(MutationGuard.mutatingAwsOperation("InvokeAgentRuntime")).isFalse();
        assertThat(MutationGuard.mutatingAwsOperation("AssumeRole")).isFalse();
        assertThat(MutationGuard.mutatingAwsOperation("Settings")).isFalse();
        assertThat(MutationGuard.mutatingAwsOperation(null)).isFalse();
    }
}
