package io.agentdeploy.testkit.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.AwsJsonDoubleServer;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.aws.Json;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * AWS Secrets Manager test double (awsJson1.1, {@code X-Amz-Target: secretsmanager.<Operation>},
 * signing name {@code secretsmanager}) serving CreateSecret and GetSecretValue. A secret is found
 * by its name or its full ARN, whose name is followed by '-' and six random characters, as in the
 * service. Values are never logged.
 */
public final class SecretsManagerDouble extends AwsJsonDoubleServer {

    public static final String SERVICE = "secretsmanager";
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** One secret with its current (AWSCURRENT) version. */
    private record Secret(String name, String arn, String versionId, String value, Instant createdAt) { }

    private final String region;
    private final String accountId;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    public SecretsManagerDouble(String region, String accountId, CallLog callLog, Faults faults) {
        super(SERVICE, SERVICE, "secretsmanager", callLog, faults);
        this.region = region;
        this.accountId = accountId;
    }

    /** Stores a secret string under a name, replacing any earlier value, and returns its ARN. */
    public synchronized String putSecret(String name, String value) {
        Secret existing = secrets.get(name);
        String arn = existing != null ? existing.arn() : "arn:aws:secretsmanager:" + region + ":" + accountId
                + ":secret:" + name + "-" + suffix();
        secrets.put(name, new Secret(name, arn, UUID.randomUUID().toString(), value, Instant.now()));
        return arn;
    }

    @Override
    protected Set<String> mutatingOperations() {
        return Set.of("CreateSecret");
    }

    @Override
    protected synchronized AwsResponse dispatch(String operation, AwsRequest request) {
        JsonNode body = Json.parse(request.body());
        return switch (operation) {
            case "GetSecretValue" -> getSecretValue(body);
            case "CreateSecret" -> createSecret(body);
            default -> throw new AwsError(400, "UnknownOperationException", "The test double does not serve "
                    + operation + ".");
        };
    }

    @Override
    protected AwsError throttlingError() {
        return new AwsError(400, "ThrottlingException", "Rate exceeded");
    }

    @Override
    protected AwsError serverError() {
        return new AwsError(500, "InternalServiceError", "The test double was told to fail this call.");
    }

    private AwsResponse getSecretValue(JsonNode body) {
        String id = text(body, "SecretId");
        if (id == null || id.isEmpty() || id.length() > 2048) {
            throw new AwsError(400, "InvalidParameterException", "Invalid SecretId: it must have 1 to 2048 characters.");
        }
        String stage = text(body, "VersionStage");
        if (stage != null && !stage.equals("AWSCURRENT")) {
            throw new AwsError(400, "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for staging label: " + stage);
        }
        Secret secret = secrets.values().stream()
                .filter(s -> s.name().equals(id) || s.arn().equals(id))
                .findFirst()
                .orElseThrow(() -> new AwsError(400, "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret."));
        ObjectNode response = Json.object()
                .put("ARN", secret.arn())
                .put("Name", secret.name())
                .put("VersionId", secret.versionId())
                .put("SecretString", secret.value())
                .put("CreatedDate", secret.createdAt().toEpochMilli() / 1000.0);
        response.putArray("VersionStages").add("AWSCURRENT");
        return ok(response);
    }

    private AwsResponse createSecret(JsonNode body) {
        String name = text(body, "Name");
        String value = text(body, "SecretString");
        if (name == null || name.isEmpty() || name.length() > 512) {
            throw new AwsError(400, "InvalidParameterException", "Invalid Name: it must have 1 to 512 characters.");
        }
        if (value == null) {
            throw new AwsError(400, "InvalidParameterException", "The test double stores SecretString values only.");
        }
        if (secrets.containsKey(name)) {
            throw new AwsError(400, "ResourceExistsException",
                    "The operation failed because the secret " + name + " already exists.");
        }
        String arn = putSecret(name, value);
        Secret secret = secrets.get(name);
        return ok(Json.object().put("ARN", arn).put("Name", name).put("VersionId", secret.versionId()));
    }

    private String suffix() {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return suffix.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
