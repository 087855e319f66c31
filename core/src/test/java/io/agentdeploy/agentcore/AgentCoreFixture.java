package io.agentdeploy.agentcore;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.progress.RecordingListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.testkit.AccessKeys;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.agentcore.AgentCoreControlDouble;
import io.agentdeploy.testkit.agentcore.AgentCoreDataDouble;
import io.agentdeploy.testkit.iam.IamDouble;
import io.agentdeploy.testkit.secretsmanager.SecretsManagerDouble;
import io.agentdeploy.testkit.sts.StsDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.rules.ExternalResource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;

/**
 * The AWS doubles an AgentCore deployment talks to (control and data plane, IAM, STS, Secrets
 * Manager) on one call log, with a service that waits on a manual clock. No Docker daemon needed.
 */
final class AgentCoreFixture extends ExternalResource {

    static final String IMAGE_V1 = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-chat:1";
    static final String IMAGE_V2 = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-chat:2";
    static final String IMAGE_V3 = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-chat:3";

    final CallLog callLog = new CallLog();
    final Faults faults = new Faults();
    final Set<String> missingImages = ConcurrentHashMap.newKeySet();
    final RecordingListener listener = new RecordingListener();
    final Redactor redactor = new Redactor();
    final ManualClock clock = new ManualClock();
    AgentCoreControlDouble control;
    AgentCoreDataDouble data;
    IamDouble iam;
    SecretsManagerDouble secrets;
    StsDouble sts;
    AwsClients clients;
    AgentCoreDeployService service;

    @Override
    protected void before() {
        AccessKeys keys = new AccessKeys();
        control = new AgentCoreControlDouble(callLog, faults, reference -> !missingImages.contains(reference));
        control.start();
        data = new AgentCoreDataDouble(control, callLog, faults);
        data.start();
        iam = new IamDouble("123456789012", callLog, faults);
        iam.start();
        secrets = new SecretsManagerDouble("us-east-1", "123456789012", callLog, faults);
        secrets.start();
        sts = new StsDouble("123456789012", keys, callLog, faults);
        sts.start();
        AwsSettings settings = AwsSettings.builder()
                .region("us-east-1")
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        keys.longTerm().accessKeyId(), keys.longTerm().secretAccessKey())))
                .endpointOverride(AwsService.AGENTCORE_CONTROL, control.endpoint())
                .endpointOverride(AwsService.AGENTCORE, data.endpoint())
                .endpointOverride(AwsService.IAM, iam.endpoint())
                .endpointOverride(AwsService.SECRETS_MANAGER, secrets.endpoint())
                .endpointOverride(AwsService.STS, sts.endpoint())
                .build();
        clients = new AwsClients(settings, listener);
        service = new AgentCoreDeployService(clients, listener, redactor, clock, clock.sleeper());
    }

    @Override
    protected void after() {
        clients.close();
        for (AutoCloseable server : new AutoCloseable[] {control, data, iam, secrets, sts}) {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    AgentCoreDeployRequest.Builder request(String image) {
        return AgentCoreDeployRequest.builder()
                .runtimeName("agentic_chat")
                .image(image)
                .executionRoleArn(AgentCoreDeployRequestTest.ROLE)
                .buildIdentity("job/agentic-chat#" + image.hashCode());
    }

    /** The version an endpoint serves, read straight from the double. */
    String liveVersion(String runtimeId, String endpoint) {
        try (BedrockAgentCoreControlClient client = clients.agentCoreControl()) {
            return client.getAgentRuntimeEndpoint(r -> r.agentRuntimeId(runtimeId).endpointName(endpoint))
                    .liveVersion();
        }
    }

    /** The container image the newest version runs. */
    String latestImage(String runtimeId) {
        try (BedrockAgentCoreControlClient client = clients.agentCoreControl()) {
            return client.getAgentRuntime(r -> r.agentRuntimeId(runtimeId)).agentRuntimeArtifact()
                    .containerConfiguration().containerUri();
        }
    }
}
