package io.agentdeploy.testkit.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

public class SecretsManagerDoubleTest {

    private final CallLog callLog = new CallLog();
    private final Faults faults = new Faults();
    private SecretsManagerDouble secrets;
    private SecretsManagerClient client;

    @Before
    public void start() {
        secrets = new SecretsManagerDouble("us-east-1", "123456789012", callLog, faults);
        secrets.start();
        client = SecretsManagerClient.builder()
                .endpointOverride(secrets.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @After
    public void stop() {
        client.close();
        secrets.close();
    }

    @Test
    public void valueIsFoundByArnAndName() {
        String arn = secrets.putSecret("agents/chat/openai", "sk-test-value");

        GetSecretValueResponse byArn = client.getSecretValue(r -> r.secretId(arn));
        GetSecretValueResponse byName = client.getSecretValue(r -> r.secretId("agents/chat/openai"));

        assertThat(arn).matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:agents/chat/openai-[A-Za-z0-9]{6}");
        assertThat(byArn.secretString()).isEqualTo("sk-test-value");
        assertThat(byArn.arn()).isEqualTo(arn);
        assertThat(byArn.versionStages()).containsExactly("AWSCURRENT");
        assertThat(byName.secretString()).isEqualTo("sk-test-value");
    }

    @Test
    public void createdSecretIsReadable() {
        String arn = client.createSecret(r -> r.name("agents/chat/token").secretString("t0ken-value")).arn();

        assertThat(client.getSecretValue(r -> r.secretId(arn)).secretString()).isEqualTo("t0ken-value");
        assertThat(callLog.mutatingCalls()).extracting(CallLog.Call::operation).containsExactly("CreateSecret");
    }

    @Test
    public void unknownSecretIsNotFound() {
        assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId("absent")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Secrets Manager can't find the specified secret.");
    }

    @Test
    public void throttledCallIsRetried() {
        secrets.putSecret("agents/chat/openai", "sk-test-value");
        faults.inject(SecretsManagerDouble.SERVICE, "GetSecretValue", Faults.Kind.THROTTLE, 1);

        assertThat(client.getSecretValue(r -> r.secretId("agents/chat/openai")).secretString()).isEqualTo("sk-test-value");
        assertThat(callLog.calls(SecretsManagerDouble.SERVICE, "GetSecretValue")).extracting(CallLog.Call::status)
                .containsExactly(400, 200);
    }
}
