package io.agentdeploy.agentcore;

import static io.agentdeploy.agentcore.AgentCoreFixture.IMAGE_V1;
import static io.agentdeploy.agentcore.AgentCoreFixture.IMAGE_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerStatus;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.agentcore.AgentCoreControlDouble;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.AwsResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** Endpoints, blue/green, smoke tests and rollback of {@link AgentCoreDeployService} against the doubles. */
public class AgentCoreRolloutIT {

    private static final String CONTROL = AgentCoreControlDouble.SERVICE;

    @Rule
    public final AgentCoreFixture fixture = new AgentCoreFixture();

    private AgentCoreDeployService service;
    private volatile String brokenImage = "";

    /** Replies like an agent: {"status": "ok"} from every version except a "broken" one. */
    @Before
    public void agentReplies() {
        service = fixture.service;
        fixture.data.invocationHandler((target, session, request) -> AwsResponse.of(200, "application/json",
                "{\"status\":\"" + (target.containerUri().equals(brokenImage) ? "error" : "ok") + "\",\"version\":\""
                        + target.version() + "\",\"qualifier\":\"" + target.endpointName() + "\"}"));
    }

    @Test
    public void blueGreenMovesStagingThenProduction() {
        service.deploy(blueGreen(IMAGE_V1).build());
        fixture.callLog.clear();

        AgentCoreDeployResult result = service.deploy(blueGreen(IMAGE_V2).build());

        assertThat(result.runtimeVersion()).isEqualTo("2");
        assertThat(result.endpoints()).containsExactly(
                new EndpointChange("staging", result.runtimeArn() + "/runtime-endpoint/staging", "1", "2", true),
                new EndpointChange("live", result.runtimeArn() + "/runtime-endpoint/live", "1", "2", true));
        assertThat(result.smokeTest()).isEqualTo(new SmokeTestResult("staging", "2", 200,
                result.smokeTest().durationMillis()));
        assertThat(fixture.callLog.mutatingCalls()).extracting(CallLog.Call::operation)
                .containsExactly("UpdateAgentRuntime", "UpdateAgentRuntimeEndpoint", "UpdateAgentRuntimeEndpoint");
        assertThat(fixture.listener.messages(ProgressLevel.LIFECYCLE)).containsSubsequence(
                "Moving endpoint staging of AgentCore runtime 'agentic_chat' from version 1 to 2.",
                "Smoke-testing endpoint staging of AgentCore runtime 'agentic_chat' (version 2).",
                "Moving endpoint live of AgentCore runtime 'agentic_chat' from version 1 to 2.");
    }

    @Test
    public void firstBlueGreenCreatesBothEndpoints() {
        AgentCoreDeployResult result = service.deploy(blueGreen(IMAGE_V1).build());

        assertThat(result.endpoints()).extracting(EndpointChange::name, EndpointChange::previousVersion,
                EndpointChange::version).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("staging", null, "1"),
                        org.assertj.core.groups.Tuple.tuple("live", null, "1"));
        assertThat(fixture.callLog.mutatingCalls()).extracting(CallLog.Call::operation).containsExactly(
                "CreateAgentRuntime", "CreateAgentRuntimeEndpoint", "CreateAgentRuntimeEndpoint");
    }

    @Test
    public void rerunWithStagingChangesNothing() {
        service.deploy(blueGreen(IMAGE_V1).build());
        fixture.callLog.clear();

        AgentCoreDeployResult rerun = service.deploy(blueGreen(IMAGE_V1).build());

        assertThat(rerun.changed()).isFalse();
        assertThat(rerun.endpoints()).allSatisfy(endpoint -> assertThat(endpoint.changed()).isFalse());
        assertThat(fixture.callLog.mutatingCalls()).isEmpty();
    }

    @Test
    public void failedSmokeTestRollsBackStaging() {
        service.deploy(blueGreen(IMAGE_V1).build());
        brokenImage = IMAGE_V2;

        assertThatThrownBy(() -> service.deploy(blueGreen(IMAGE_V2).build()))
                .isInstanceOfSatisfying(AgentCoreException.class, failure -> {
                    String id = failure.runtimeId();
                    assertThat(failure.getMessage()).isEqualTo("Smoke test of AgentCore runtime 'agentic_chat' (" + id
                            + ") version 2 through endpoint staging failed in us-east-1: the field 'status' is"
                            + " 'error', not 'ok'. The reply began: '{\"status\":\"error\",\"version\":\"2\","
                            + "\"qualifier\":\"staging\"}'. Rolled back; see the notes.");
                    assertThat(failure.notes()).containsExactly(
                            "Rolled back endpoint staging from version 2 to version 1.",
                            "Endpoint live still serves version 1; nothing to restore.");
                    assertThat(failure.summary()).isEqualTo("runtime " + id + " version 2 SMOKE_TEST_FAILED, rolled"
                            + " back to version 1");
                    assertThat(failure.rolledBack()).isTrue();
                    assertThat(failure.status()).isEqualTo("SMOKE_TEST_FAILED");
                    assertThat(fixture.liveVersion(id, "staging")).isEqualTo("1");
                    assertThat(fixture.liveVersion(id, "live")).isEqualTo("1");
                });
        assertThat(fixture.listener.messages(ProgressLevel.WARNING))
                .contains("Rolled back endpoint staging from version 2 to version 1.");
    }

    @Test
    public void failedSmokeTestOnDefaultRedeploysPreviousConfiguration() {
        AgentCoreDeployResult first = service.deploy(smokeTested(IMAGE_V1).build());
        brokenImage = IMAGE_V2;

        assertThatThrownBy(() -> service.deploy(smokeTested(IMAGE_V2).build()))
                .isInstanceOfSatisfying(AgentCoreException.class, failure -> {
                    assertThat(failure.rolledBack()).isTrue();
                    assertThat(failure.notes()).containsExactly("Rolled back endpoint DEFAULT from version 2 to the"
                            + " configuration of version 1, deployed as version 3 because DEFAULT always serves the"
                            + " newest version.");
                });
        assertThat(fixture.liveVersion(first.runtimeId(), "DEFAULT")).isEqualTo("3");
        assertThat(fixture.latestImage(first.runtimeId())).isEqualTo(IMAGE_V1);
    }

    @Test
    public void updateFailedLeavesDefaultOnPreviousVersion() {
        AgentCoreDeployResult first = service.deploy(fixture.request(IMAGE_V1).build());
        fixture.control.failNextUpdate("Container exited with code 1 before answering /ping.");

        assertThatThrownBy(() -> service.deploy(fixture.request(IMAGE_V2).build()))
                .isInstanceOfSatisfying(AgentCoreException.class, failure -> {
                    assertThat(failure.getMessage()).isEqualTo("AgentCore runtime 'agentic_chat' (" + first.runtimeId()
                            + ") version 2 ended in UPDATE_FAILED in us-east-1: Container exited with code 1 before"
                            + " answering /ping. Fix the cause (often the image or the execution role's permissions)"
                            + " and deploy again. Rolled back; see the notes.");
                    assertThat(failure.notes()).containsExactly("Endpoint DEFAULT still serves version 1, because the"
                            + " new version never became READY; nothing to restore.");
                    assertThat(failure.rolledBack()).isTrue();
                });
        assertThat(fixture.callLog.calls(CONTROL, "UpdateAgentRuntime")).hasSize(1);
        assertThat(fixture.liveVersion(first.runtimeId(), "DEFAULT")).isEqualTo("1");
    }

    @Test
    public void updateFailedKeepsProductionEndpoint() {
        service.deploy(fixture.request(IMAGE_V1).endpointName("live").build());
        fixture.control.failNextUpdate("Container exited with code 1 before answering /ping.");

        assertThatThrownBy(() -> service.deploy(fixture.request(IMAGE_V2).endpointName("live").build()))
                .isInstanceOfSatisfying(AgentCoreException.class, failure -> {
                    assertThat(failure.notes()).containsExactly(
                            "Endpoint live still serves version 1; nothing to restore.");
                    assertThat(fixture.liveVersion(failure.runtimeId(), "live")).isEqualTo("1");
                });
        assertThat(fixture.callLog.calls(CONTROL, "UpdateAgentRuntimeEndpoint")).isEmpty();
    }

    @Test
    public void rollbackOffLeavesEndpoints() {
        AgentCoreDeployResult first = service.deploy(smokeTested(IMAGE_V1).build());
        brokenImage = IMAGE_V2;

        assertThatThrownBy(() -> service.deploy(smokeTested(IMAGE_V2).rollback(false).build()))
                .isInstanceOfSatisfying(AgentCoreException.class, failure -> {
                    assertThat(failure.rolledBack()).isFalse();
                    assertThat(failure.getMessage()).endsWith("'. Nothing was rolled back; see the notes.");
                    assertThat(failure.notes()).containsExactly("Rollback is off: AgentCore runtime 'agentic_chat' and"
                            + " its endpoints are left as they are (before this deployment: version 1, endpoint DEFAULT"
                            + " on version 1).");
                    assertThat(failure.summary()).isEqualTo("runtime " + failure.runtimeId() + " version 2"
                            + " SMOKE_TEST_FAILED, not rolled back (rollback is off)");
                });
        assertThat(fixture.liveVersion(first.runtimeId(), "DEFAULT")).isEqualTo("2");
        assertThat(fixture.callLog.calls(CONTROL, "UpdateAgentRuntime")).hasSize(1);
    }

    @Test
    public void failedRestoreOfDefaultIsIncompleteRollback() {
        service.deploy(fixture.request(IMAGE_V1).stagingEndpoint("staging").build());
        brokenImage = IMAGE_V2;
        AgentCoreDeployRequest request = smokeTested(IMAGE_V2).stagingEndpoint("staging").build();
        AgentCoreBegun begun = service.begin(request);
        // Every attempt of the rollback's UpdateAgentRuntime fails, the SDK's retries included.
        fixture.faults.inject(CONTROL, "UpdateAgentRuntime", Faults.Kind.SERVER_ERROR, 5);

        assertThatThrownBy(() -> service.complete(request, begun))
                .isInstanceOfSatisfying(AgentCoreException.class, failure -> {
                    assertThat(failure.rolledBack()).isFalse();
                    assertThat(failure.getMessage()).endsWith("'. The rollback is incomplete; the notes say what was"
                            + " and was not restored.");
                    assertThat(failure.notes()).hasSize(2);
                    assertThat(failure.notes().get(0)).isEqualTo("Rolled back endpoint staging from version 2 to"
                            + " version 1.");
                    assertThat(failure.notes().get(1)).startsWith("Endpoint DEFAULT could not be restored to the"
                            + " configuration of version 1: AgentCore UpdateAgentRuntime for runtime 'agentic_chat' ("
                            + begun.runtimeId() + ") failed in us-east-1: InternalServerException (HTTP 500)");
                    assertThat(failure.summary()).isEqualTo("runtime " + begun.runtimeId() + " version 2"
                            + " SMOKE_TEST_FAILED, rollback incomplete");

                    LayerRecord record = LayerRecord.failed(Layer.AGENTCORE, "agentic_chat", null, Instant.EPOCH,
                            Duration.ZERO, failure);
                    assertThat(record.status()).isEqualTo(LayerStatus.FAILED);
                    assertThat(record.summary()).isEqualTo(failure.summary());
                    assertThat(record.error()).as("each rollback note once, in the notes")
                            .doesNotContain("Rolled back endpoint staging");
                });
        assertThat(fixture.liveVersion(begun.runtimeId(), "staging")).isEqualTo("1");
        assertThat(fixture.liveVersion(begun.runtimeId(), "DEFAULT")).isEqualTo("2");
    }

    @Test
    public void failedEndpointMoveRollsBackStaging() {
        service.deploy(fixture.request(IMAGE_V1).stagingEndpoint("staging").build());
        fixture.faults.inject(CONTROL, "CreateAgentRuntimeEndpoint", Faults.Kind.SERVER_ERROR, 5);

        assertThatThrownBy(() -> service.deploy(fixture.request(IMAGE_V2).stagingEndpoint("staging")
                .endpointName("live").build()))
                .isInstanceOfSatisfying(AgentCoreException.class, failure -> {
                    assertThat(failure.getMessage()).contains("AgentCore CreateAgentRuntimeEndpoint for runtime"
                            + " 'agentic_chat'").contains("InternalServerException (HTTP 500)");
                    assertThat(failure.notes()).containsExactly(
                            "Rolled back endpoint staging from version 2 to version 1.",
                            "Endpoint live did not exist before this deployment and was not created.");
                    assertThat(fixture.liveVersion(failure.runtimeId(), "staging")).isEqualTo("1");
                });
    }

    @Test
    public void runtimeClientErrorFailsSmokeTest() {
        service.deploy(smokeTested(IMAGE_V1).build());
        fixture.data.invocationHandler((target, session, request) -> {
            throw new AwsError(424, "RuntimeClientError", "Runtime initialization time exceeded.");
        });

        assertThatThrownBy(() -> service.deploy(smokeTested(IMAGE_V2).rollback(false).build()))
                .isInstanceOfSatisfying(AgentCoreException.class, failure -> assertThat(failure.getMessage())
                        .contains("version 2 through endpoint DEFAULT failed in us-east-1: InvokeAgentRuntime failed"
                                + " with RuntimeClientError (HTTP 424): Runtime initialization time exceeded. The"
                                + " agent's container failed; see its logs in CloudWatch (/aws/bedrock-agentcore/"
                                + "runtimes/" + failure.runtimeId() + "-DEFAULT)."));
    }

    @Test
    public void expectedTextIsChecked() {
        AgentCoreDeployResult result = service.deploy(fixture.request(IMAGE_V1)
                .smokeTest(new SmokeTest("{\"prompt\":\"hi\"}", "\"status\":\"ok\"", null, null)).build());

        assertThat(result.smokeTest().statusCode()).isEqualTo(200);
        assertThat(result.summary()).endsWith(", smoke test passed (HTTP 200)");
    }

    @Test
    public void orchestratorRollbackRestoresNamedEndpoint() {
        AgentCoreDeployRequest v1 = fixture.request(IMAGE_V1).endpointName("live").build();
        service.deploy(v1);
        AgentCoreDeployRequest v2 = fixture.request(IMAGE_V2).endpointName("live").build();
        AgentCoreDeployResult deployed = service.deploy(v2);

        AgentCoreRollbackResult rollback = service.rollback(v2, deployed);

        assertThat(rollback.complete()).isTrue();
        assertThat(rollback.endpoints()).extracting(EndpointChange::name, EndpointChange::previousVersion,
                EndpointChange::version).containsExactly(org.assertj.core.groups.Tuple.tuple("live", "2", "1"));
        assertThat(fixture.liveVersion(deployed.runtimeId(), "live")).isEqualTo("1");
    }

    @Test
    public void orchestratorRollbackRestoresDefault() {
        service.deploy(fixture.request(IMAGE_V1).build());
        AgentCoreDeployRequest v2 = fixture.request(IMAGE_V2).build();
        AgentCoreDeployResult deployed = service.deploy(v2);

        AgentCoreRollbackResult rollback = service.rollback(v2, deployed);

        assertThat(rollback.notes()).containsExactly("Rolled back endpoint DEFAULT from version 2 to the configuration"
                + " of version 1, deployed as version 3 because DEFAULT always serves the newest version.");
        assertThat(fixture.latestImage(deployed.runtimeId())).isEqualTo(IMAGE_V1);
    }

    @Test
    public void orchestratorRollbackOfCreateLeavesRuntime() {
        AgentCoreDeployRequest v1 = fixture.request(IMAGE_V1).build();
        AgentCoreDeployResult deployed = service.deploy(v1);
        fixture.callLog.clear();

        AgentCoreRollbackResult rollback = service.rollback(v1, deployed);

        assertThat(rollback.restored()).isFalse();
        assertThat(rollback.complete()).isTrue();
        assertThat(fixture.callLog.mutatingCalls()).isEmpty();
    }

    @Test
    public void twoPhasesSurviveAMapRoundTrip() {
        service.deploy(fixture.request(IMAGE_V1).endpointName("live").build());
        AgentCoreDeployRequest request = fixture.request(IMAGE_V2).endpointName("live").build();

        AgentCoreBegun begun = service.begin(request);
        AgentCoreBegun restored = AgentCoreBegun.fromMap(begun.toMap());
        AgentCoreDeployResult result = service.complete(request, restored);

        assertThat(restored).isEqualTo(begun);
        assertThat(begun.targetVersion()).isEqualTo("2");
        assertThat(begun.previousVersion()).isEqualTo("1");
        assertThat(begun.changed()).isTrue();
        assertThat(begun.endpointVersions()).isEqualTo(Map.of("live", "1"));
        assertThat(result.endpointLiveVersion()).isEqualTo("2");
    }

    @Test
    public void begunDeploymentCanBeRolledBack() {
        service.deploy(fixture.request(IMAGE_V1).stagingEndpoint("staging").endpointName("live").build());
        AgentCoreDeployRequest request = fixture.request(IMAGE_V2).stagingEndpoint("staging").endpointName("live")
                .build();
        AgentCoreBegun begun = service.begin(request);
        AgentCoreDeployResult completed = service.complete(request, begun);

        AgentCoreRollbackResult rollback = service.rollback(request, begun);

        assertThat(completed.endpointLiveVersion()).isEqualTo("2");
        assertThat(rollback.endpoints()).extracting(EndpointChange::name).containsExactly("staging", "live");
        assertThat(fixture.liveVersion(begun.runtimeId(), "staging")).isEqualTo("1");
        assertThat(fixture.liveVersion(begun.runtimeId(), "live")).isEqualTo("1");
    }

    private AgentCoreDeployRequest.Builder blueGreen(String image) {
        return smokeTested(image).stagingEndpoint("staging").endpointName("live");
    }

    private AgentCoreDeployRequest.Builder smokeTested(String image) {
        return fixture.request(image).smokeTest(new SmokeTest("{\"prompt\":\"ping\"}", null, null, null)
                .withField("status=ok"));
    }
}
