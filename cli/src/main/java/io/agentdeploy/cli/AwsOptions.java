package io.agentdeploy.cli;

import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.error.InvalidInputException;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/** AWS options shared by every subcommand: region, profile, role to assume. */
public final class AwsOptions {

    @Option(names = "--region", paramLabel = "<region>",
            description = "AWS region. Default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region.")
    String region;

    @Option(names = "--profile", paramLabel = "<name>",
            description = "AWS profile for credentials and region. Default: AWS_PROFILE, then the default chain.")
    String profile;

    @Option(names = "--role-arn", paramLabel = "<arn>", description = "IAM role to assume for every AWS call.")
    String roleArn;

    @Option(names = "--role-session-name", paramLabel = "<name>",
            description = "Session name for the assumed role. Default: agent-deploy.")
    String roleSessionName;

    @Option(names = "--external-id", paramLabel = "<id>", description = "External id for the assumed role.")
    String externalId;

    /**
     * Builds the settings from the options and the process environment: standard region and profile
     * variables, and the {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>} overrides.
     */
    AwsSettings toSettings(Map<String, String> environment) {
        AwsSettings.Builder builder = AwsSettings.builder()
                .region(resolveRegion(environment))
                .credentials(credentials(environment))
                .roleArn(roleArn)
                .roleSessionName(roleSessionName)
                .externalId(externalId);
        String global = environment.get("AWS_ENDPOINT_URL");
        for (AwsService service : AwsService.values()) {
            String value = environment.getOrDefault(service.endpointVariable(), global);
            if (value != null && !value.isBlank()) {
                builder.endpointOverride(service, parseEndpoint(service.endpointVariable(), value));
            }
        }
        return builder.build();
    }

    private String resolveRegion(Map<String, String> environment) {
        if (region != null) {
            return region;
        }
        // The given environment first, so a caller's environment (tests, the plugin) wins over the JVM's.
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        // The instance metadata service is left out of the chain on purpose: it is the one source
        // that makes a network call, and a missing region should fail fast with advice instead.
        try {
            return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), profileRegion()).getRegion().id();
        } catch (SdkClientException e) {
            return null;
        }
    }

    private AwsProfileRegionProvider profileRegion() {
        return profile == null ? new AwsProfileRegionProvider()
                : new AwsProfileRegionProvider(() -> ProfileFile.defaultProfileFile(), profile);
    }

    private AwsCredentialsProvider credentials(Map<String, String> environment) {
        if (profile != null) {
            return ProfileCredentialsProvider.builder().profileName(profile).build();
        }
        String accessKey = environment.get("AWS_ACCESS_KEY_ID");
        String secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
        if (accessKey != null && !accessKey.isBlank() && secretKey != null && !secretKey.isBlank()) {
            String sessionToken = environment.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(sessionToken == null || sessionToken.isBlank()
                    ? AwsBasicCredentials.create(accessKey, secretKey)
                    : AwsSessionCredentials.create(accessKey, secretKey, sessionToken));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static URI parseEndpoint(String variable, String value) {
        try {
            return URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(variable, value, "an endpoint override is an absolute http or https URL.",
                    "Fix or unset " + variable + ".");
        }
    }
}
