package io.agentdeploy.jenkins.steps;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.util.Secret;
import io.agentdeploy.jenkins.AgentDeployConfiguration;
import io.agentdeploy.testkit.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/**
 * Points a Jenkins at the local stack: the global configuration's endpoint overrides, AWS credentials
 * with the stack's keys, a kubeconfig and a secret for AgentCore as secret text, and a copy of the
 * example agent to build.
 */
final class LocalStackPipelines {

    static final String AGENT = "agentic_chat_enhanced";
    static final String SECRET_VALUE = "sk-local-8d1f2a7c9e";
    static final String ROLE = "arn:aws:iam::123456789012:role/agentcore-runtime";

    private LocalStackPipelines() {
    }

    /** Configures Jenkins for the stack; the credentials are {@code aws}, {@code kubeconfig} and {@code api-key}. */
    static void configure(Jenkins jenkins, LocalStack stack) throws IOException {
        Map<String, String> environment = stack.environment();
        AgentDeployConfiguration config = AgentDeployConfiguration.get();
        config.setRegion(LocalStack.REGION);
        config.setCredentialsId("aws");
        config.setExecutionRoleArn(ROLE);
        config.setEcrEndpoint(environment.get("AWS_ENDPOINT_URL_ECR"));
        config.setStsEndpoint(environment.get("AWS_ENDPOINT_URL_STS"));
        config.setEksEndpoint(environment.get("AWS_ENDPOINT_URL_EKS"));
        config.setIamEndpoint(environment.get("AWS_ENDPOINT_URL_IAM"));
        config.setSecretsManagerEndpoint(environment.get("AWS_ENDPOINT_URL_SECRETS_MANAGER"));
        config.setAgentCoreControlEndpoint(environment.get("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL"));
        config.setAgentCoreEndpoint(environment.get("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE"));
        config.save();

        var store = CredentialsProvider.lookupStores(jenkins).iterator().next();
        store.addCredentials(Domain.global(), new AWSCredentialsImpl(CredentialsScope.GLOBAL, "aws",
                environment.get("AWS_ACCESS_KEY_ID"), environment.get("AWS_SECRET_ACCESS_KEY"), "local stack"));
        store.addCredentials(Domain.global(), new StringCredentialsImpl(CredentialsScope.GLOBAL, "kubeconfig",
                "local Kubernetes API", Secret.fromString(stack.kubernetes().kubeconfig())));
        store.addCredentials(Domain.global(), new StringCredentialsImpl(CredentialsScope.GLOBAL, "api-key",
                "agent secret", Secret.fromString(SECRET_VALUE)));
    }

    /** Copies the example agent repository to a folder a pipeline can use with {@code ws}. */
    static Path exampleCopy(Path target) throws IOException {
        Path example = Path.of(System.getProperty("agentdeploy.repositoryRoot", ".."))
                .resolve("examples/agentic-platform").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(example)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(example.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        return target;
    }

    /** The push step of the tests: the local base image, no network in RUN steps, no Git data. */
    static String push(String tag) {
        return "agentEcrPush(agent: '" + AGENT + "', buildArgs: ['BASE_IMAGE=agent-deploy/python-base:local'],"
                + " buildNetwork: 'none', readGit: false, tags: ['" + tag + "', 'latest'])";
    }
}
