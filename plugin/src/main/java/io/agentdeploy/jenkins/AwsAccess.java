package io.agentdeploy.jenkins;

import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.progress.Redactor;
import java.io.Serializable;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where and as whom the engine calls AWS, resolved on the controller and sent to the agent that runs
 * the step. Carries keys only when a Jenkins AWS credential yielded some; otherwise the agent's own
 * default credential chain is used. Sent over the agent channel and never persisted: executions
 * resolve it again before every phase.
 */
public final class AwsAccess implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String region;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String roleArn;
    private final String roleSessionName;
    private final String externalId;
    /** Endpoint overrides by {@link AwsService} name: plain JDK types only cross the agent channel. */
    private final java.util.LinkedHashMap<String, String> endpointOverrides;

    public AwsAccess(String region, String accessKeyId, String secretAccessKey, String sessionToken, String roleArn,
            String roleSessionName, String externalId, Map<AwsService, String> endpointOverrides) {
        this.region = region;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.roleArn = roleArn;
        this.roleSessionName = roleSessionName;
        this.externalId = externalId;
        this.endpointOverrides = new java.util.LinkedHashMap<>();
        endpointOverrides.forEach((service, url) -> this.endpointOverrides.put(service.name(), url));
    }

    /** True when a Jenkins credential supplied keys; false means the default chain of the agent JVM. */
    public boolean hasKeys() {
        return accessKeyId != null;
    }

    /** Registers the secret key and session token, so that no message can show them. */
    public void registerSecrets(Redactor redactor) {
        redactor.register(secretAccessKey);
        redactor.register(sessionToken);
    }

    /**
     * Builds the engine settings in the JVM that calls AWS.
     *
     * @throws io.agentdeploy.error.InvalidInputException when the region, role or an endpoint is invalid
     */
    public AwsSettings toSettings() {
        AwsSettings.Builder builder = AwsSettings.builder()
                .region(region)
                .credentials(credentialsProvider())
                .roleArn(roleArn)
                .roleSessionName(roleSessionName)
                .externalId(externalId);
        for (Map.Entry<String, String> override : endpointOverrides.entrySet()) {
            builder.endpointOverride(AwsService.valueOf(override.getKey()), URI.create(override.getValue()));
        }
        return builder.build();
    }

    private AwsCredentialsProvider credentialsProvider() {
        if (accessKeyId == null) {
            // Explicit fallback: the Jenkins credential yielded no keys and no role, or none was set.
            return DefaultCredentialsProvider.builder().build();
        }
        if (sessionToken != null) {
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    @Override
    public String toString() {
        // Keys, token and external id are left out on purpose.
        return "AwsAccess{region=" + region + ", keys=" + (hasKeys() ? "from Jenkins credentials" : "default chain")
                + ", roleArn=" + roleArn + ", endpointOverrides=" + endpointOverrides + "}";
    }
}
