package io.agentdeploy.jenkins;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import io.agentdeploy.jenkins.remote.StepSecrets;
import io.agentdeploy.jenkins.remote.StepSecrets.SecretEnvironment;
import io.agentdeploy.jenkins.steps.AwsStep;
import io.agentdeploy.naming.KeyValues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads the secrets a step needs, on the controller, in the context of the build. Lookups go through
 * {@link CredentialsProvider#findCredentialById(String, Class, Run, List)}, which applies the job's
 * credential scope and the permissions of the build's authentication, and every use is recorded with
 * {@link CredentialsProvider#track}. Values are returned to be sent to the agent, never stored.
 */
public final class BuildCredentials {

    private static final List<DomainRequirement> ANY_DOMAIN = List.of();

    private final Run<?, ?> run;

    public BuildCredentials(Run<?, ?> run) {
        this.run = run;
    }

    /**
     * Resolves the AWS access of a step: its own settings, else the global defaults.
     *
     * <p>A Jenkins AWS credential is asked for keys here, in the controller JVM; when it has a role of its
     * own, the aws-credentials plugin assumes that role here too. When it yields no keys and no role, or
     * no credential is set, the agent JVM's default chain is used. The step's {@code roleArn} is assumed
     * later, in the agent JVM, with those keys.
     */
    public StepSecrets resolve(AwsStep step, Defaults defaults) throws AbortException {
        String region = firstSet(step.getRegion(), defaults.region);
        if (region == null) {
            throw new AbortException(Messages.BuildCredentials_NoRegion());
        }
        String credentialsId = firstSet(step.getCredentialsId(), defaults.credentialsId);
        AwsCredentials keys = credentialsId == null ? null : awsKeys(credentialsId);
        // The step's role, session name and external id travel together; only without a role of its
        // own does a step use the global role settings.
        boolean stepRole = step.getRoleArn() != null;
        return StepSecrets.of(new AwsAccess(region,
                keys == null ? null : keys.accessKeyId(),
                keys == null ? null : keys.secretAccessKey(),
                keys instanceof AwsSessionCredentials session ? session.sessionToken() : null,
                stepRole ? step.getRoleArn() : defaults.roleArn,
                stepRole ? step.getRoleSessionName() : firstSet(step.getRoleSessionName(), defaults.roleSessionName),
                stepRole ? step.getExternalId() : firstSet(step.getExternalId(), defaults.externalId),
                defaults.endpointOverrides()));
    }

    private @CheckForNull AwsCredentials awsKeys(String credentialsId) throws AbortException {
        AmazonWebServicesCredentials credential = CredentialsProvider.findCredentialById(credentialsId,
                AmazonWebServicesCredentials.class, run, ANY_DOMAIN);
        if (credential == null) {
            throw new AbortException(Messages.BuildCredentials_NotFound(credentialsId,
                    Messages.BuildCredentials_KindAws()));
        }
        CredentialsProvider.track(run, credential);
        try {
            // null: no keys and no role on the credential; the agent's default chain applies then.
            return credential.resolveCredentials();
        } catch (SdkException e) {
            throw new AbortException(Messages.BuildCredentials_AwsFailed(credentialsId, e.getMessage()));
        }
    }

    /** Reads a kubeconfig from a secret file or secret text credential, into memory only; {@code null} for none. */
    public @CheckForNull String kubeconfig(@CheckForNull String credentialsId) throws IOException {
        if (credentialsId == null) {
            return null;
        }
        StandardCredentials credential = CredentialsProvider.findCredentialById(credentialsId,
                StandardCredentials.class, run, ANY_DOMAIN);
        if (credential instanceof FileCredentials file) {
            CredentialsProvider.track(run, file);
            try (InputStream content = file.getContent()) {
                return new String(content.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (credential instanceof StringCredentials text) {
            CredentialsProvider.track(run, text);
            return text.getSecret().getPlainText();
        }
        throw new AbortException(Messages.BuildCredentials_NotFound(credentialsId,
                Messages.BuildCredentials_KindKubeconfig()));
    }

    /** Reads a registry login as user name and password; {@code null} for none. */
    public @CheckForNull String[] usernamePassword(@CheckForNull String credentialsId) throws AbortException {
        if (credentialsId == null) {
            return null;
        }
        StandardUsernamePasswordCredentials credential = CredentialsProvider.findCredentialById(credentialsId,
                StandardUsernamePasswordCredentials.class, run, ANY_DOMAIN);
        if (credential == null) {
            throw new AbortException(Messages.BuildCredentials_NotFound(credentialsId,
                    Messages.BuildCredentials_KindUsernamePassword()));
        }
        CredentialsProvider.track(run, credential);
        return new String[] {credential.getUsername(), credential.getPassword().getPlainText()};
    }

    /**
     * Reads the secret environment variables, {@code NAME=SOURCE} each: a Secrets Manager ARN is passed
     * on to the engine, anything else names a secret text credential, whose value is read here.
     */
    public SecretEnvironment secretEnvironment(@CheckForNull List<String> entries) throws AbortException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> references = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : KeyValues.parse("secretEnvironment", entries).entrySet()) {
            String source = entry.getValue().trim();
            if (source.startsWith("arn:")) {
                references.put(entry.getKey(), source);
                continue;
            }
            StringCredentials credential = CredentialsProvider.findCredentialById(source, StringCredentials.class,
                    run, ANY_DOMAIN);
            if (credential == null) {
                throw new AbortException(Messages.BuildCredentials_SecretNotFound(source, entry.getKey()));
            }
            CredentialsProvider.track(run, credential);
            values.put(entry.getKey(), credential.getSecret().getPlainText());
        }
        return new SecretEnvironment(values, references);
    }

    static @CheckForNull String firstSet(String first, String second) {
        String value = Util.fixEmptyAndTrim(first);
        return value != null ? value : Util.fixEmptyAndTrim(second);
    }
}
