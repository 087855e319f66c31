package io.agentdeploy.agentcore;

import io.agentdeploy.error.InvalidInputException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the value of a secret environment variable comes from: a value the caller already holds
 * (a Jenkins secret-text credential, a variable of the calling process), or an AWS Secrets Manager
 * secret that the deployment reads with {@code secretsmanager:GetSecretValue}. The value never
 * appears in {@link #toString()}, logs, records or messages.
 */
public final class SecretSource {

    /**
     * A Secrets Manager secret ARN ({@code arn:<partition>:secretsmanager:<region>:<account>:secret:<name>}),
     * optionally followed by {@code :<json-key>} to take one key of a JSON secret, as ECS task
     * definitions do.
     */
    private static final Pattern SECRET_ARN = Pattern.compile(
            "(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+)(?::([^:]+))?");

    private final String value;
    private final String origin;
    private final String secretArn;
    private final String jsonKey;

    private SecretSource(String value, String origin, String secretArn, String jsonKey) {
        this.value = value;
        this.origin = origin;
        this.secretArn = secretArn;
        this.jsonKey = jsonKey;
    }

    /**
     * A value resolved by the caller.
     *
     * @param value the secret; register it with the deployment's Redactor before anything logs
     * @param origin where it came from, for messages, for example "Jenkins credential 'openai-key'"
     */
    public static SecretSource value(String value, String origin) {
        Objects.requireNonNull(origin, "origin");
        return new SecretSource(value, origin, null, null);
    }

    /**
     * A Secrets Manager secret, read at deployment time.
     *
     * @param reference the secret's ARN, optionally with {@code :<json-key>}
     * @throws InvalidInputException when it is not a secret ARN
     */
    public static SecretSource secretsManager(String reference) {
        Matcher matcher = reference == null ? null : SECRET_ARN.matcher(reference);
        if (matcher == null || !matcher.matches()) {
            throw new InvalidInputException("secretEnvironment", reference,
                    "a Secrets Manager reference is a secret ARN such as"
                            + " 'arn:aws:secretsmanager:us-east-1:123456789012:secret:agents/openai-AbCdEf',"
                            + " optionally followed by ':<json-key>'.",
                    "Copy the ARN from the Secrets Manager console or `aws secretsmanager describe-secret`.");
        }
        return new SecretSource(null, "Secrets Manager secret '" + matcher.group(1) + "'", matcher.group(1),
                matcher.group(2));
    }

    /** True when a Secrets Manager secret must be read first. */
    public boolean fromSecretsManager() {
        return secretArn != null;
    }

    /** Returns the value resolved by the caller, or {@code null} for a Secrets Manager secret. */
    String value() {
        return value;
    }

    /** Where the value comes from, for messages; never the value. */
    public String origin() {
        return origin;
    }

    /** Returns the secret ARN without the JSON key, or {@code null}. */
    public String secretArn() {
        return secretArn;
    }

    /** Returns the key of a JSON secret to take, or {@code null} for the whole secret string. */
    public String jsonKey() {
        return jsonKey;
    }

    @Override
    public String toString() {
        return "SecretSource{" + origin + (jsonKey == null ? "" : ", key " + jsonKey) + "}";
    }
}
