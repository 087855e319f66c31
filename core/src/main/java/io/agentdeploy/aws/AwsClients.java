package io.agentdeploy.aws;

import io.agentdeploy.progress.ProgressListener;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds the SDK clients of one deployment from {@link AwsSettings}: one HTTP connection pool, the
 * endpoint overrides, the retry budget, a retry reporter, and the assumed role when one is set.
 * Close it to release the pool and every client it built.
 */
public final class AwsClients implements AutoCloseable {

    private final AwsSettings settings;
    private final SdkHttpClient httpClient;
    private final RetryReporter retryReporter;
    private final AwsCredentialsProvider credentials;
    private final List<SdkAutoCloseable> closeables = new ArrayList<>();
    private volatile MutationGuard guard = MutationGuard.NONE;

    public AwsClients(AwsSettings settings, ProgressListener listener) {
        this.settings = settings;
        this.httpClient = ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(settings.apiCallAttemptTimeout())
                .build();
        this.retryReporter = new RetryReporter(listener, settings.maxAttempts());
        this.credentials = resolveCredentials();
    }

    public AwsSettings settings() {
        return settings;
    }

    public String region() {
        return settings.region();
    }

    /** The credentials every client signs with: the assumed role's when a role is set. */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /**
     * Makes every client of this instance, built before or after, tell {@code guard} before each call
     * that can change state; {@link MutationGuard#NONE} turns it off.
     */
    public void guardMutations(MutationGuard guard) {
        this.guard = guard == null ? MutationGuard.NONE : guard;
    }

    /** Retries made so far by every client of this instance. */
    public int retryCount() {
        return retryReporter.retries();
    }

    public EcrClient ecr() {
        return configure(EcrClient.builder(), AwsService.ECR, credentials);
    }

    public StsClient sts() {
        return configure(StsClient.builder(), AwsService.STS, credentials);
    }

    public EksClient eks() {
        return configure(EksClient.builder(), AwsService.EKS, credentials);
    }

    public BedrockAgentCoreControlClient agentCoreControl() {
        return configure(BedrockAgentCoreControlClient.builder(), AwsService.AGENTCORE_CONTROL, credentials);
    }

    public BedrockAgentCoreClient agentCore() {
        return configure(BedrockAgentCoreClient.builder(), AwsService.AGENTCORE, credentials);
    }

    /**
     * IAM is global: in the commercial partition its client uses the {@code aws-global} region (signed
     * in us-east-1); in the China and GovCloud partitions it uses the configured region.
     */
    public IamClient iam() {
        String region = settings.region();
        boolean ownPartition = region.startsWith("cn-") || region.startsWith("us-gov-");
        return configure(IamClient.builder(), AwsService.IAM, credentials, ownPartition ? region : "aws-global");
    }

    /** A Secrets Manager client for the region a secret lives in, which may differ from the deployment's. */
    public SecretsManagerClient secretsManager(String region) {
        return configure(SecretsManagerClient.builder(), AwsService.SECRETS_MANAGER, credentials, region);
    }

    /**
     * Applies region, credentials, endpoint override, retries and the shared HTTP client to any SDK
     * client builder, for services this class has no method for.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C configure(
            B builder, AwsService service, AwsCredentialsProvider signingCredentials) {
        return configure(builder, service, signingCredentials, settings.region());
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C configure(
            B builder, AwsService service, AwsCredentialsProvider signingCredentials, String region) {
        builder.region(Region.of(region))
                .credentialsProvider(signingCredentials)
                .overrideConfiguration(overrides());
        builder.httpClient(httpClient);
        URI endpoint = settings.endpointOverride(service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        C client = builder.build();
        synchronized (closeables) {
            closeables.add(client);
        }
        return client;
    }

    private ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxAttempts())
                        .build())
                .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
                .addExecutionInterceptor(retryReporter)
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context,
                            ExecutionAttributes attributes) {
                        String operation = attributes.getAttribute(
                                SdkExecutionAttribute.OPERATION_NAME);
                        if (MutationGuard.mutatingAwsOperation(operation)) {
                            guard.beforeMutation(attributes.getAttribute(
                                    SdkExecutionAttribute.SERVICE_NAME), operation);
                        }
                    }
                })
                .build();
    }

    private AwsCredentialsProvider resolveCredentials() {
        if (settings.roleArn() == null) {
            return settings.credentials();
        }
        StsClient baseSts = configure(StsClient.builder(), AwsService.STS, settings.credentials());
        StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(baseSts)
                .refreshRequest(request -> {
                    request.roleArn(settings.roleArn()).roleSessionName(settings.roleSessionName());
                    if (settings.externalId() != null) {
                        request.externalId(settings.externalId());
                    }
                })
                .build();
        synchronized (closeables) {
            closeables.add(assumed);
        }
        return assumed;
    }

    @Override
    public void close() {
        synchronized (closeables) {
            for (SdkAutoCloseable closeable : closeables) {
                closeable.close();
            }
            closeables.clear();
        }
        httpClient.close();
    }
}
