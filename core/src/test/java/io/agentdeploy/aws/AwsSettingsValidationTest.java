package io.agentdeploy.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import org.junit.Test;

public class AwsSettingsValidationTest {

    @Test
    public void regionRuleAcceptsPartitionsAndRejectsTypos() {
        assertThat(AwsSettings.requireRegion("us-gov-west-1")).as("GovCloud").isEqualTo("us-gov-west-1");
        assertThat(AwsSettings.requireRegion("cn-north-1")).as("China").isEqualTo("cn-north-1");
        assertThatThrownBy(() -> AwsSettings.requireRegion("US-East-1")).as("uppercase")
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid region 'US-East-1': an AWS region looks like 'us-east-1' (lowercase words joined"
                        + " by '-', ending in a digit). Check the spelling of the region.");
        assertThatThrownBy(() -> AwsSettings.requireRegion(null)).as("missing")
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    public void roleArnRuleNamesTheParameter() {
        assertThat(AwsSettings.requireRoleArn("roleArn", "arn:aws-cn:iam::123456789012:role/path/deployer"))
                .isEqualTo("arn:aws-cn:iam::123456789012:role/path/deployer");
        assertThatThrownBy(() -> AwsSettings.requireRoleArn("executionRoleArn", "arn:aws:iam::1:user/x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid executionRoleArn 'arn:aws:iam::1:user/x': an IAM role ARN looks like"
                        + " 'arn:aws:iam::123456789012:role/name'. Copy the role's ARN from the IAM console or"
                        + " `aws iam get-role`.");
    }

    @Test
    public void builderStillRejectsBadRoleArn() {
        assertThatThrownBy(() -> AwsSettings.builder().region("us-east-1").roleArn("role").build())
                .hasMessageStartingWith("Invalid roleArn 'role': ");
    }
}
