package io.agentdeploy.testkit.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.testkit.AccessKeys;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

public class StsDoubleTest {

    private final AccessKeys keys = new AccessKeys();
    private final CallLog callLog = new CallLog();
    private final Faults faults = new Faults();
    private StsDouble sts;

    @Before
    public void start() {
        sts = new StsDouble("123456789012", keys, callLog, faults);
        sts.start();
    }

    @After
    public void stop() {
        sts.close();
    }

    private StsClient client(software.amazon.awssdk.auth.credentials.AwsCredentials credentials) {
        return StsClient.builder()
                .endpointOverride(sts.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    private StsClient longTermClient() {
        AccessKeys.KeyPair pair = keys.longTerm();
        return client(AwsBasicCredentials.create(pair.accessKeyId(), pair.secretAccessKey()));
    }

    @Test
    public void callerIdentityOfLongTermKey() {
        try (StsClient client = longTermClient()) {
            GetCallerIdentityResponse identity = client.getCallerIdentity();

            assertThat(identity.account()).isEqualTo("123456789012");
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::123456789012:user/agent-deploy-local");
        }
    }

    @Test
    public void assumedRoleKeysAreAccepted() {
        AssumeRoleResponse assumed;
        try (StsClient client = longTermClient()) {
            assumed = client.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/deployer").roleSessionName("ci"));
        }

        try (StsClient client = client(AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken()))) {
            GetCallerIdentityResponse identity = client.getCallerIdentity();

            assertThat(identity.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/ci");
        }
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/ci");
    }

    @Test
    public void unknownKeyIsRejected() {
        try (StsClient client = client(AwsBasicCredentials.create("AKIAUNKNOWN000000000", "secret"))) {
            assertThatThrownBy(client::getCallerIdentity)
                    .isInstanceOfSatisfying(StsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
        }
    }

    @Test
    public void malformedRoleArnIsRejected() {
        try (StsClient client = longTermClient()) {
            assertThatThrownBy(() -> client.assumeRole(r -> r.roleArn("deployer").roleSessionName("ci")))
                    .isInstanceOfSatisfying(StsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
        }
    }

    @Test
    public void throttlingIsRetriedBySdk() {
        faults.inject("sts", "GetCallerIdentity", Faults.Kind.THROTTLE, 2);

        try (StsClient client = longTermClient()) {
            client.getCallerIdentity();
        }

        assertThat(callLog.calls("sts", "GetCallerIdentity")).extracting(CallLog.Call::status)
                .containsExactly(400, 400, 200);
    }
}
