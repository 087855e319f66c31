package io.agentdeploy.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;

public class IamDoubleTest {

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"bedrock-agentcore.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}]}";

    private final CallLog callLog = new CallLog();
    private IamDouble iam;
    private IamClient client;

    @Before
    public void start() {
        iam = new IamDouble("123456789012", callLog, new Faults());
        iam.start();
        client = IamClient.builder()
                .endpointOverride(iam.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @After
    public void stop() {
        client.close();
        iam.close();
    }

    @Test
    public void createdRoleIsReadBackEncoded() {
        client.createRole(r -> r.roleName("agentcore-chat").assumeRolePolicyDocument(TRUST).description("runtime"));

        Role role = client.getRole(r -> r.roleName("agentcore-chat")).role();

        assertThat(role.arn()).isEqualTo("arn:aws:iam::123456789012:role/agentcore-chat");
        assertThat(role.roleId()).startsWith("AROA");
        assertThat(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(TRUST);
        assertThat(callLog.mutatingCalls()).extracting(CallLog.Call::operation).containsExactly("CreateRole");
    }

    @Test
    public void inlinePolicyRoundTrips() {
        client.createRole(r -> r.roleName("agentcore-chat").assumeRolePolicyDocument(TRUST));

        client.putRolePolicy(r -> r.roleName("agentcore-chat").policyName("runtime").policyDocument(POLICY));

        String document = client.getRolePolicy(r -> r.roleName("agentcore-chat").policyName("runtime"))
                .policyDocument();
        assertThat(URLDecoder.decode(document, StandardCharsets.UTF_8)).isEqualTo(POLICY);
        assertThat(client.listRolePolicies(r -> r.roleName("agentcore-chat")).policyNames()).containsExactly("runtime");
        assertThat(iam.inlinePolicy("agentcore-chat", "runtime")).contains(POLICY);
    }

    @Test
    public void trustPolicyIsReplaced() {
        iam.putRole("agentcore-chat", TRUST.replace("bedrock-agentcore", "ec2"));

        client.updateAssumeRolePolicy(r -> r.roleName("agentcore-chat").policyDocument(TRUST));

        assertThat(iam.trustPolicy("agentcore-chat")).contains(TRUST);
    }

    @Test
    public void missingRoleIsNoSuchEntity() {
        assertThatThrownBy(() -> client.getRole(r -> r.roleName("absent")))
                .isInstanceOf(NoSuchEntityException.class)
                .hasMessageContaining("The role with name absent cannot be found.");
        assertThatThrownBy(() -> client.getRolePolicy(r -> r.roleName("absent").policyName("runtime")))
                .isInstanceOf(NoSuchEntityException.class);
    }

    @Test
    public void duplicateRoleIsRejected() {
        client.createRole(r -> r.roleName("agentcore-chat").assumeRolePolicyDocument(TRUST));

        assertThatThrownBy(() -> client.createRole(r -> r.roleName("agentcore-chat").assumeRolePolicyDocument(TRUST)))
                .isInstanceOf(EntityAlreadyExistsException.class);
    }

    @Test
    public void malformedPolicyIsRejected() {
        assertThatThrownBy(() -> client.createRole(r -> r.roleName("agentcore-chat").assumeRolePolicyDocument("{")))
                .isInstanceOf(MalformedPolicyDocumentException.class);
    }
}
