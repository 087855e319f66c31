package io.agentdeploy.agentcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.error.DeploymentCancelledException;
import io.agentdeploy.progress.ProgressListener;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Ensures the execution role a runtime runs as: trusted by {@code bedrock-agentcore.amazonaws.com}
 * (limited to the caller's account and AgentCore resources in the region), allowed to pull the image
 * from ECR and to write the runtime's CloudWatch Logs, traces and metrics. A role that already has
 * all of that is left untouched; a missing trust statement is added to the role's other statements,
 * and the inline policy {@value #POLICY_NAME} is replaced when it differs.
 */
final class ExecutionRoles {

    static final String POLICY_NAME = "AgentDeployAgentCoreRuntime";
    static final String SERVICE_PRINCIPAL = "bedrock-agentcore.amazonaws.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The ensured role.
     *
     * @param arn the role ARN
     * @param changed whether the role, its trust policy or its inline policy was created or changed
     */
    record Ensured(String arn, boolean changed) { }

    private final AwsClients clients;
    private final ProgressListener listener;

    ExecutionRoles(AwsClients clients, ProgressListener listener) {
        this.clients = clients;
        this.listener = listener;
    }

    /** Creates or completes the role named by the request, for the request's image. */
    Ensured ensure(AgentCoreDeployRequest request) {
        String name = request.executionRoleName();
        GetCallerIdentityResponse caller = call(name, "sts:GetCallerIdentity", () -> {
            try (StsClient sts = clients.sts()) {
                return sts.getCallerIdentity();
            }
        });
        String partition = caller.arn().split(":")[1];
        ContainerImage image = ContainerImage.parse("image", request.image());
        ObjectNode trust = trustPolicy(partition, caller.account());
        ObjectNode permissions = permissionsPolicy(partition, caller.account(), image);

        try (IamClient iam = clients.iam()) {
            Role role = find(iam, name);
            boolean changed = false;
            if (role == null) {
                role = call(name, "iam:CreateRole", () -> iam.createRole(r -> r.roleName(name)
                        .assumeRolePolicyDocument(trust.toString())
                        .description("Execution role of the AgentCore runtime '" + request.runtimeName()
                                + "', managed by agent-deploy")
                        .tags(t -> t.key("managed-by").value("agent-deploy")))).role();
                listener.lifecycle("Created execution role '" + name + "' trusted by " + SERVICE_PRINCIPAL + ".");
                changed = true;
            } else {
                changed = completeTrust(iam, role, trust);
            }
            changed |= ensurePermissions(iam, name, permissions);
            if (!changed) {
                listener.lifecycle("Execution role '" + name + "' already trusts " + SERVICE_PRINCIPAL
                        + " and has the runtime's permissions.");
            }
            return new Ensured(role.arn(), changed);
        }
    }

    private Role find(IamClient iam, String name) {
        try {
            return iam.getRole(r -> r.roleName(name)).role();
        } catch (NoSuchEntityException e) {
            return null;
        } catch (SdkException e) {
            throw failure(name, "iam:GetRole", e);
        }
    }

    /** Adds the AgentCore trust statement when no statement lets the service assume the role. */
    private boolean completeTrust(IamClient iam, Role role, ObjectNode trust) {
        JsonNode current = parse(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
        if (trustsAgentCore(current)) {
            return false;
        }
        ObjectNode updated;
        if (current instanceof ObjectNode object && object.path("Statement").isArray()) {
            // The role's other trusted principals stay; the AgentCore statement is added to them.
            updated = object.deepCopy();
            ((ArrayNode) updated.get("Statement")).add(trust.get("Statement").get(0));
        } else {
            updated = trust;
        }
        call(role.roleName(), "iam:UpdateAssumeRolePolicy", () -> iam.updateAssumeRolePolicy(
                r -> r.roleName(role.roleName()).policyDocument(updated.toString())));
        listener.lifecycle("Execution role '" + role.roleName() + "' now trusts " + SERVICE_PRINCIPAL + ".");
        return true;
    }

    private boolean ensurePermissions(IamClient iam, String name, ObjectNode permissions) {
        JsonNode current;
        try {
            current = parse(URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(name).policyName(POLICY_NAME))
                    .policyDocument(), StandardCharsets.UTF_8));
        } catch (NoSuchEntityException e) {
            current = null;
        } catch (SdkException e) {
            throw failure(name, "iam:GetRolePolicy", e);
        }
        if (permissions.equals(current)) {
            return false;
        }
        call(name, "iam:PutRolePolicy", () -> iam.putRolePolicy(r -> r.roleName(name).policyName(POLICY_NAME)
                .policyDocument(permissions.toString())));
        listener.lifecycle((current == null ? "Granted" : "Updated") + " execution role '" + name + "' the runtime's"
                + " permissions (inline policy " + POLICY_NAME + "): ECR pull, CloudWatch Logs, X-Ray and metrics.");
        return true;
    }

    static boolean trustsAgentCore(JsonNode policy) {
        for (JsonNode statement : policy.path("Statement")) {
            JsonNode service = statement.path("Principal").path("Service");
            boolean principal = service.isArray() ? contains(service, SERVICE_PRINCIPAL)
                    : SERVICE_PRINCIPAL.equals(service.asText());
            JsonNode action = statement.path("Action");
            boolean assume = action.isArray() ? contains(action, "sts:AssumeRole") : "sts:AssumeRole".equals(action.asText());
            if ("Allow".equals(statement.path("Effect").asText()) && principal && assume) {
                return true;
            }
        }
        return false;
    }

    /** Builds the trust policy AWS documents for AgentCore runtimes, limited to the account's AgentCore resources. */
    static ObjectNode trustPolicy(String partition, String account) {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement").addObject()
                .put("Sid", "AgentCoreAssumeRole").put("Effect", "Allow");
        statement.putObject("Principal").put("Service", SERVICE_PRINCIPAL);
        statement.put("Action", "sts:AssumeRole");
        ObjectNode condition = statement.putObject("Condition");
        condition.putObject("StringEquals").put("aws:SourceAccount", account);
        condition.putObject("ArnLike").put("aws:SourceArn", "arn:" + partition + ":bedrock-agentcore:*:" + account
                + ":*");
        return policy;
    }

    /** Builds the permissions: ECR pull of the image's repository, the runtime's logs, X-Ray traces and metrics. */
    static ObjectNode permissionsPolicy(String partition, String account, ContainerImage image) {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        ObjectNode pull = statements.addObject().put("Sid", "EcrImagePull").put("Effect", "Allow");
        pull.putArray("Action").add("ecr:BatchGetImage").add("ecr:GetDownloadUrlForLayer");
        pull.put("Resource", "arn:" + partition + ":ecr:" + image.region() + ":" + image.account() + ":repository/"
                + image.repository());
        statements.addObject().put("Sid", "EcrAuthorizationToken").put("Effect", "Allow")
                .put("Action", "ecr:GetAuthorizationToken").put("Resource", "*");
        ObjectNode logs = statements.addObject().put("Sid", "RuntimeLogs").put("Effect", "Allow");
        logs.putArray("Action").add("logs:CreateLogGroup").add("logs:CreateLogStream").add("logs:PutLogEvents")
                .add("logs:DescribeLogStreams");
        logs.put("Resource", "arn:" + partition + ":logs:*:" + account
                + ":log-group:/aws/bedrock-agentcore/runtimes/*");
        statements.addObject().put("Sid", "DescribeLogGroups").put("Effect", "Allow")
                .put("Action", "logs:DescribeLogGroups")
                .put("Resource", "arn:" + partition + ":logs:*:" + account + ":log-group:*");
        ObjectNode traces = statements.addObject().put("Sid", "Traces").put("Effect", "Allow");
        traces.putArray("Action").add("xray:PutTraceSegments").add("xray:PutTelemetryRecords")
                .add("xray:GetSamplingRules").add("xray:GetSamplingTargets");
        traces.put("Resource", "*");
        ObjectNode metrics = statements.addObject().put("Sid", "Metrics").put("Effect", "Allow")
                .put("Action", "cloudwatch:PutMetricData").put("Resource", "*");
        metrics.putObject("Condition").putObject("StringEquals").put("cloudwatch:namespace", "bedrock-agentcore");
        return policy;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode parse(String document) {
        try {
            return JSON.readTree(document);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private <T> T call(String roleName, String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failure(roleName, action, e);
        }
    }

    private AgentCoreException failure(String roleName, String action, SdkException e) {
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            throw DeploymentCancelledException.interrupted("calling " + action);
        }
        String detail = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): "
                        + service.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new AgentCoreException("The execution role '" + roleName + "' could not be ensured: " + action
                + " failed: " + detail + " The credentials need sts:GetCallerIdentity, iam:GetRole, iam:CreateRole,"
                + " iam:TagRole, iam:UpdateAssumeRolePolicy, iam:GetRolePolicy and iam:PutRolePolicy on the role, or"
                + " pass an existing role instead.", e, clients.region(), null, null, null,
                e instanceof AwsServiceException service && service.awsErrorDetails() != null
                        ? service.awsErrorDetails().errorCode() : null);
    }
}
