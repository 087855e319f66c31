package io.agentdeploy.jenkins;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads the secrets a step needs, on the controller, in the context of the build: lookups go through
 * {@link CredentialsProvider#findCredentialById}, which applies the job's credential scope and the
 * permissions of the build's authentication, and every use is recorded with
 * {@link CredentialsProvider#track}. Values are returned to be sent to the agent, never stored.
 */
public final class BuildCredentials {

    private static final List<DomainRequirement> ANY_DOMAIN = Collections.emptyList();

    private final Run<?, ?> run;

    public BuildCredentials(Run<?, ?> run) {
        this.run = run;
    }

    /**
     * Resolves the AWS access of a step: its own settings, else the global defaults.
     *
     * <p>A Jenkins AWS credential is asked for keys here, in the controller JVM; when it has a role of its
     * own, the aws-credentials plugin assumes that role here too. When it yields no keys and no role, or
     * no credential is set, the agent's default chain is used. The step's {@code roleArn} is assumed
     * later, in the agent JVM, with those keys.
     */
    public AwsAccess aws(AwsParameters step, AgentDeployConfiguration config) throws AbortException {
        String region = firstSet(step.getRegion(), config.getRegion());
        if (region == null) {
            throw new AbortException(Messages.BuildCredentials_NoRegion());
        }
        String credentialsId = firstSet(step.getCredentialsId(), config.getCredentialsId());
        AwsCredentials keys = credentialsId == null ? null : resolveKeys(credentialsId);
        // The step's role, session name and external id travel together; only without a role of
        // its own does a step use the global role settings.
        boolean stepRole = step.getRoleArn() != null;
        return new AwsAccess(region,
                keys == null ? null : keys.accessKeyId(),
                keys == null ? null : keys.secretAccessKey(),
                keys instanceof AwsSessionCredentials session ? session.sessionToken() : null,
                stepRole ? step.getRoleArn() : config.getRoleArn(),
                stepRole ? step.getRoleSessionName() : firstSet(step.getRoleSessionName(), config.getRoleSessionName()),
                stepRole ? step.getExternalId() : firstSet(step.getExternalId(), config.getExternalId()),
                config.endpointOverrides());
    }

    private @CheckForNull AwsCredentials resolveKeys(String credentialsId) throws AbortException {
        AmazonWebServicesCredentials credential = CredentialsProvider.findCredentialById(credentialsId,
                AmazonWebServicesCredentials.class, run, ANY_DOMAIN);
        if (credential == null) {
            throw new AbortException(Messages.BuildCredentials_NotFound(credentialsId, Messages.BuildCredentials_KindAws()));
        }
        CredentialsProvider.track(run, credential);
        try {
            // null: no keys and no role on the credential; the caller falls back to the default chain.
            return credential.resolveCredentials();
        } catch (SdkException e) {
            throw new AbortException(Messages.BuildCredentials_AwsFailed(credentialsId, e.getMessage()));
        }
    }

    /** Reads a kubeconfig from a secret file or secret text credential, into memory only. */
    public String kubeconfig(String credentialsId) throws IOException {
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
        throw new AbortException(Messages.BuildCredentials_NotFound(credentialsId, Messages.BuildCredentials_KindKubeconfig()));
    }

    /** Reads secret text credentials, keyed by the environment variable they are for. */
    public Map<String, String> secretTexts(Map<String, String> credentialIdsByName) throws AbortException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : credentialIdsByName.entrySet()) {
            String credentialsId = entry.getValue().trim();
            StringCredentials credential = CredentialsProvider.findCredentialById(credentialsId,
                    StringCredentials.class, run, ANY_DOMAIN);
            if (credential == null) {
                throw new AbortException(Messages.BuildCredentials_SecretNotFound(credentialsId, entry.getKey()));
            }
            CredentialsProvider.track(run, credential);
            values.put(entry.getKey(), credential.getSecret().getPlainText());
        }
        return values;
    }

    static @CheckForNull String firstSet(String first, String second) {
        String value = Util.fixEmptyAndTrim(first);
        return value != null ? value : Util.fixEmptyAndTrim(second);
    }
}
