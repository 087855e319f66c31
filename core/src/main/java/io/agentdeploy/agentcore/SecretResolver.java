package io.agentdeploy.agentcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.error.DeploymentCancelledException;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Resolves the values of secret environment variables: values the caller resolved as they are, and
 * Secrets Manager secrets with GetSecretValue (in the secret's own region). Every value is
 * registered with the {@link Redactor} the moment it is known, so no later message can show it.
 */
final class SecretResolver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsClients clients;
    private final ProgressListener listener;
    private final Redactor redactor;

    SecretResolver(AwsClients clients, ProgressListener listener, Redactor redactor) {
        this.clients = clients;
        this.listener = listener;
        this.redactor = redactor;
    }

    /**
     * Returns each secret variable's value, by name.
     *
     * @throws AgentCoreException when a secret cannot be read
     * @throws InvalidInputException when a value is missing or too long for AgentCore
     */
    Map<String, String> resolve(AgentCoreDeployRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, SecretSource> entry : request.secretEnvironment().entrySet()) {
            String name = entry.getKey();
            SecretSource source = entry.getValue();
            String value = source.fromSecretsManager() ? read(request, name, source) : source.value();
            redactor.register(value);
            RequestRules.secretValue(name, source.fromSecretsManager() ? SecretSource.value(value, source.origin())
                    : source);
            values.put(name, value);
        }
        if (!values.isEmpty()) {
            listener.lifecycle("Secret environment variables (values hidden): " + String.join(", ", values.keySet())
                    + ".");
        }
        return values;
    }

    private String read(AgentCoreDeployRequest request, String name, SecretSource source) {
        String region = source.secretArn().split(":")[3];
        GetSecretValueResponse response;
        try (SecretsManagerClient client = clients.secretsManager(region)) {
            response = client.getSecretValue(r -> r.secretId(source.secretArn()));
        } catch (SdkException e) {
            throw failure(request, name, source, e);
        }
        String secret = response.secretString();
        if (secret == null) {
            throw new AgentCoreException("Secret environment variable '" + name + "': " + source.origin()
                    + " holds a binary value, but an environment variable needs text. Store the value as a"
                    + " secret string.", null, clients.region(), request.runtimeName(), null, null, null);
        }
        redactor.register(secret);
        if (source.jsonKey() == null) {
            return secret;
        }
        return jsonValue(request, name, source, secret);
    }

    private String jsonValue(AgentCoreDeployRequest request, String name, SecretSource source, String secret) {
        JsonNode json;
        try {
            json = JSON.readTree(secret);
        } catch (IOException e) {
            json = null;
        }
        JsonNode value = json == null || !json.isObject() ? null : json.get(source.jsonKey());
        if (value == null || value.isNull() || value.isContainerNode()) {
            // Neither the secret nor the parser's message (which quotes the input) goes into the message.
            throw new AgentCoreException("Secret environment variable '" + name + "': " + source.origin()
                    + " is not a JSON object with a text or number value under '" + source.jsonKey() + "'. Check the"
                    + " key, or pass the ARN without ':" + source.jsonKey() + "' to use the whole secret.", null,
                    clients.region(), request.runtimeName(), null, null, null);
        }
        String text = value.asText();
        redactor.register(text);
        return text;
    }

    private AgentCoreException failure(AgentCoreDeployRequest request, String name, SecretSource source,
            SdkException e) {
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            throw DeploymentCancelledException.interrupted("reading " + source.origin());
        }
        String subject = "Secret environment variable '" + name + "': " + source.origin() + " could not be read";
        if (!(e instanceof AwsServiceException service) || service.awsErrorDetails() == null) {
            return new AgentCoreException(redactor.redact(subject + ": " + e.getMessage() + " Check the network path"
                    + " to Secrets Manager, or the endpoint override in "
                    + AwsService.SECRETS_MANAGER.endpointVariable() + "."), e, clients.region(), request.runtimeName(),
                    null, null, null);
        }
        String code = service.awsErrorDetails().errorCode();
        String advice = switch (code == null ? "" : code) {
            case "ResourceNotFoundException" -> " Check the ARN and that the secret has a current value.";
            case "AccessDeniedException" -> " The credentials need secretsmanager:GetSecretValue on the secret, and"
                    + " kms:Decrypt on its key when a customer managed key encrypts it.";
            case "DecryptionFailure" -> " The credentials need kms:Decrypt on the secret's KMS key.";
            default -> "";
        };
        return new AgentCoreException(redactor.redact(subject + ": " + code + " (HTTP " + service.statusCode() + "): "
                + service.awsErrorDetails().errorMessage() + advice), e, clients.region(), request.runtimeName(),
                null, null, code);
    }
}
