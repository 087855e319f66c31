package io.agentdeploy.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.testkit.AccessKeys;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.agentcore.AgentCoreControlDouble;
import io.agentdeploy.testkit.secretsmanager.SecretsManagerDouble;
import io.agentdeploy.testkit.sts.StsDouble;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/** SigV4 signature checks of the AWS doubles, for each protocol, header signatures and presigned URLs. */
public class SignatureVerificationTest {

    private static final String MISMATCH = "The request signature we calculated does not match the signature you"
            + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for"
            + " details.";

    private final AccessKeys keys = new AccessKeys();
    private final CallLog callLog = new CallLog();
    private final Faults faults = new Faults();
    private StsDouble sts;
    private AgentCoreControlDouble control;
    private SecretsManagerDouble secrets;

    @Before
    public void start() {
        sts = new StsDouble("123456789012", keys, callLog, faults);
        sts.start();
        control = new AgentCoreControlDouble(callLog, faults, reference -> true);
        control.acceptOnly(keys);
        control.start();
        secrets = new SecretsManagerDouble("us-east-1", "123456789012", callLog, faults);
        secrets.acceptOnly(keys);
        secrets.start();
    }

    @After
    public void stop() {
        sts.close();
        control.close();
        secrets.close();
    }

    @Test
    public void wrongSecretGetsSignatureDoesNotMatch() {
        try (StsClient client = sts(wrongSecret())) {
            assertThatThrownBy(client::getCallerIdentity)
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(MISMATCH);
                    });
        }

        assertThat(callLog.calls("sts", "GetCallerIdentity")).extracting(CallLog.Call::status).containsExactly(403);
    }

    @Test
    public void rightSecretIsAcceptedEverywhere() {
        try (StsClient stsClient = sts(rightSecret());
                BedrockAgentCoreControlClient controlClient = control(rightSecret());
                SecretsManagerClient secretsClient = secrets(rightSecret())) {
            assertThat(stsClient.getCallerIdentity().account()).isEqualTo("123456789012");
            assertThat(controlClient.listAgentRuntimes(r -> r.maxResults(5)).agentRuntimes()).isEmpty();
            assertThat(secretsClient.createSecret(r -> r.name("db/password").secretString("pw")).name())
                    .isEqualTo("db/password");
        }
    }

    @Test
    public void temporaryKeysAreChecked() {
        AssumeRoleResponse assumed;
        try (StsClient client = sts(rightSecret())) {
            assumed = client.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/deployer").roleSessionName("ci"));
        }
        String accessKeyId = assumed.credentials().accessKeyId();
        String token = assumed.credentials().sessionToken();

        try (StsClient right = sts(AwsSessionCredentials.create(accessKeyId, assumed.credentials().secretAccessKey(),
                token)); StsClient wrong = sts(AwsSessionCredentials.create(accessKeyId, "not-the-secret", token))) {
            assertThat(right.getCallerIdentity().arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/ci");
            assertThatThrownBy(wrong::getCallerIdentity).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
        }
    }

    @Test
    public void jsonProtocolsGetInvalidSignatureException() {
        try (BedrockAgentCoreControlClient controlClient = control(wrongSecret());
                SecretsManagerClient secretsClient = secrets(wrongSecret())) {
            assertThatThrownBy(() -> controlClient.getAgentRuntime(r -> r.agentRuntimeId("chat_agent-abcdefghij")
                    .agentRuntimeVersion("1")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).as("restJson1 status").isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    })
                    .hasMessageStartingWith(MISMATCH);
            assertThatThrownBy(() -> secretsClient.getSecretValue(r -> r.secretId("db/password")))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).as("awsJson1.1 status").isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
    }

    @Test
    public void presignedUrlIsChecked() throws Exception {
        AccessKeys.KeyPair pair = keys.longTerm();

        int right = presignedCallerIdentity(AwsBasicCredentials.create(pair.accessKeyId(), pair.secretAccessKey()),
                "agents-local", "agents-local");
        int wrongSecret = presignedCallerIdentity(wrongSecret(), "agents-local", "agents-local");
        int otherCluster = presignedCallerIdentity(AwsBasicCredentials.create(pair.accessKeyId(),
                pair.secretAccessKey()), "agents-local", "other-cluster");

        assertThat(right).as("signed with the right secret").isEqualTo(200);
        assertThat(wrongSecret).as("signed with a wrong secret").isEqualTo(403);
        assertThat(otherCluster).as("signed header changed after signing").isEqualTo(403);
    }

    /**
     * Presigns GetCallerIdentity as an EKS token does, with the cluster name in a signed header, then
     * calls it with {@code sentCluster} in that header; returns the HTTP status.
     */
    private int presignedCallerIdentity(AwsCredentials credentials, String signedCluster, String sentCluster)
            throws IOException, InterruptedException {
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(sts.endpoint().resolve("/"))
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader("x-k8s-aws-id", signedCluster)
                .build();
        URI presigned = AwsV4HttpSigner.create().sign(r -> r.request(unsigned)
                .identity(credentials)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(60)))
                .request().getUri();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(presigned)
                .header("x-k8s-aws-id", sentCluster).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private AwsCredentials rightSecret() {
        return AwsBasicCredentials.create(keys.longTerm().accessKeyId(), keys.longTerm().secretAccessKey());
    }

    /** Returns the stack's access key id with a secret key it did not issue. */
    private AwsCredentials wrongSecret() {
        return AwsBasicCredentials.create(keys.longTerm().accessKeyId(), "x".repeat(40));
    }

    private StsClient sts(AwsCredentials credentials) {
        return StsClient.builder().endpointOverride(sts.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private BedrockAgentCoreControlClient control(AwsCredentials credentials) {
        return BedrockAgentCoreControlClient.builder().endpointOverride(control.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private SecretsManagerClient secrets(AwsCredentials credentials) {
        return SecretsManagerClient.builder().endpointOverride(secrets.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
