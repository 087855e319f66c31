package io.agentdeploy.jenkins.remote;

import io.agentdeploy.jenkins.AwsAccess;
import io.agentdeploy.progress.Redactor;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets one phase of a step needs, read on the controller and sent to the agent: the AWS access,
 * a kubeconfig, a registry login and the values of secret environment variables. Never persisted:
 * the execution resolves them again before each phase. {@link #toString()} shows no value.
 */
public final class StepSecrets implements Serializable {

    private static final long serialVersionUID = 1L;

    private final AwsAccess aws;
    private final String kubeconfig;
    private final String registryUsername;
    private final String registryPassword;
    /** Variable name to value, from Jenkins secret-text credentials. */
    private final LinkedHashMap<String, String> secretValues;
    /** Variable name to Secrets Manager reference, read by the engine at deployment time. */
    private final LinkedHashMap<String, String> secretReferences;

    private StepSecrets(AwsAccess aws, String kubeconfig, String registryUsername, String registryPassword,
            Map<String, String> secretValues, Map<String, String> secretReferences) {
        this.aws = aws;
        this.kubeconfig = kubeconfig;
        this.registryUsername = registryUsername;
        this.registryPassword = registryPassword;
        this.secretValues = new LinkedHashMap<>(secretValues);
        this.secretReferences = new LinkedHashMap<>(secretReferences);
    }

    /** Secrets with only the AWS access. */
    public static StepSecrets of(AwsAccess aws) {
        return new StepSecrets(aws, null, null, null, Map.of(), Map.of());
    }

    /** Adds a kubeconfig's content, or nothing when {@code null}. */
    public StepSecrets withKubeconfig(String content) {
        return new StepSecrets(aws, content, registryUsername, registryPassword, secretValues, secretReferences);
    }

    /** Adds a registry login: user name and password, or nothing when {@code null}. */
    public StepSecrets withRegistryLogin(String[] usernameAndPassword) {
        if (usernameAndPassword == null) {
            return this;
        }
        return new StepSecrets(aws, kubeconfig, usernameAndPassword[0], usernameAndPassword[1], secretValues,
                secretReferences);
    }

    /** Adds secret environment variables: resolved values and Secrets Manager references. */
    public StepSecrets withSecretEnvironment(SecretEnvironment environment) {
        return new StepSecrets(aws, kubeconfig, registryUsername, registryPassword, environment.values(),
                environment.references());
    }

    public AwsAccess aws() {
        return aws;
    }

    /** The kubeconfig content, or {@code null}. */
    public String kubeconfig() {
        return kubeconfig;
    }

    public String registryUsername() {
        return registryUsername;
    }

    public String registryPassword() {
        return registryPassword;
    }

    public Map<String, String> secretValues() {
        return secretValues;
    }

    public Map<String, String> secretReferences() {
        return secretReferences;
    }

    /** Registers every secret value with the redactor, before anything is printed on the agent. */
    public void registerWith(Redactor redactor) {
        aws.registerSecrets(redactor);
        redactor.register(kubeconfig);
        redactor.register(registryPassword);
        secretValues.values().forEach(redactor::register);
    }

    @Override
    public String toString() {
        return "StepSecrets{" + aws + ", kubeconfig=" + (kubeconfig != null) + ", registryUsername=" + registryUsername
                + ", secretEnvironment=" + secretValues.keySet() + ", secretReferences=" + secretReferences.keySet()
                + "}";
    }

    /**
     * The secret environment variables of a step: values read from secret-text credentials and Secrets
     * Manager references passed on to the engine.
     */
    public record SecretEnvironment(Map<String, String> values, Map<String, String> references)
            implements Serializable {

        @Override
        public String toString() {
            return "SecretEnvironment{" + values.keySet() + ", " + references.keySet() + "}";
        }
    }
}
