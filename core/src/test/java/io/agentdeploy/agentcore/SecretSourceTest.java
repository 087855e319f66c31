package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import org.junit.Test;

public class SecretSourceTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:agents/openai-AbCdEf";

    @Test
    public void secretsManagerArnWithJsonKey() {
        SecretSource source = SecretSource.secretsManager(ARN + ":api_key");

        assertThat(source.fromSecretsManager()).isTrue();
        assertThat(source.secretArn()).isEqualTo(ARN);
        assertThat(source.jsonKey()).isEqualTo("api_key");
        assertThat(source.origin()).isEqualTo("Secrets Manager secret '" + ARN + "'");
    }

    @Test
    public void heldValueIsNeverPrinted() {
        SecretSource source = SecretSource.value("s3cr3t-value", "environment variable CI_TOKEN");

        assertThat(source.fromSecretsManager()).isFalse();
        assertThat(source.toString()).isEqualTo("SecretSource{environment variable CI_TOKEN}");
    }

    @Test
    public void otherArnIsRejected() {
        assertThatThrownBy(() -> SecretSource.secretsManager("arn:aws:ssm:us-east-1:123456789012:parameter/x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid secretEnvironment 'arn:aws:ssm:us-east-1:123456789012:parameter/x': a Secrets"
                        + " Manager reference is a secret ARN such as"
                        + " 'arn:aws:secretsmanager:us-east-1:123456789012:secret:agents/openai-AbCdEf', optionally"
                        + " followed by ':<json-key>'. Copy the ARN from the Secrets Manager console or"
                        + " `aws secretsmanager describe-secret`.");
    }
}
