package io.agentdeploy.cli;

import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.Redactor;
import java.net.URI;
import java.util.List;
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
import software.amazon.awssdk.profiles.ProfileFileLocation;
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
     * Builds the settings from the options and the given environment: {@code AWS_REGION} and
     * {@code AWS_DEFAULT_REGION}, static keys in {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}
     * and {@code AWS_SESSION_TOKEN}, and the {@code AWS_ENDPOINT_URL} and
     * {@code AWS_ENDPOINT_URL_<SERVICE>} overrides. The secret key and session token are registered
     * with the redactor.
     */
    AwsSettings toSettings(Map<String, String> environment, Redactor redactor) {
        requireNotBlank("--region", region, "AWS_REGION, AWS_DEFAULT_REGION or the profile's region");
        requireNotBlank("--profile", profile, "AWS_PROFILE or the default credential chain");
        AwsSettings.Builder builder = AwsSettings.builder()
                .region(resolveRegion(environment))
                .credentials(checked(credentials(environment, redactor), environment))
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
        for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
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

    private AwsCredentialsProvider credentials(Map<String, String> environment, Redactor redactor) {
        if (profile != null) {
            return ProfileCredentialsProvider.builder().profileName(profile).build();
        }
        // The given environment is the one source of truth, so the keys are read from it rather than
        // from the process. The default chain would read the same variables first.
        String keyId = environment.get("AWS_ACCESS_KEY_ID");
        String secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
        if (keyId != null && !keyId.isBlank() && secretKey != null && !secretKey.isBlank()) {
            redactor.register(secretKey);
            String sessionToken = environment.get("AWS_SESSION_TOKEN");
            if (sessionToken != null && !sessionToken.isBlank()) {
                redactor.register(sessionToken);
                return StaticCredentialsProvider.create(AwsSessionCredentials.create(keyId, secretKey, sessionToken));
            }
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secretKey));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static void requireNotBlank(String option, String value, String fallback) {
        if (value != null && value.isBlank()) {
            throw new InvalidInputException(option, value, "the value is empty.", "Pass a value, or leave " + option
                    + " out to use " + fallback + ".");
        }
    }

    /**
     * Resolves the credentials once before the first call. The SDK would report missing credentials
     * at that call, with every provider of its chain and the contents of the profile files.
     */
    private AwsCredentialsProvider checked(AwsCredentialsProvider provider, Map<String, String> environment) {
        try {
            provider.resolveCredentials();
            return provider;
        } catch (SdkClientException | IllegalStateException e) {
            throw noCredentials(e, environment);
        }
    }

    private InvalidInputException noCredentials(RuntimeException e, Map<String, String> environment) {
        String variableProfile = environment.get("AWS_PROFILE");
        String parameter = profile != null ? "--profile" : "AWS_PROFILE";
        String profileName = profile != null ? profile : variableProfile;
        if (profileName != null && !profileName.isBlank()) {
            if (ProfileFile.defaultProfileFile().profile(profileName).isEmpty()) {
                return new InvalidInputException(parameter, profileName, "there is no such profile in "
                        + ProfileFileLocation.configurationFilePath() + " or "
                        + ProfileFileLocation.credentialsFilePath() + ".",
                        "Name a profile that 'aws configure list-profiles' lists.");
            }
            return new InvalidInputException(parameter, profileName, "the profile gives no credentials: "
                    + shortReason(e), "Add credentials to the profile, for example with 'aws configure --profile "
                    + profileName + "', or log in with 'aws sso login --profile " + profileName + "'.");
        }
        return new InvalidInputException("AWS credentials", null, "none were found in AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY, the default AWS profile, web identity (IRSA), the container credentials"
                + " endpoint or the instance profile.", "Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass"
                + " --profile <name> (or set AWS_PROFILE).");
    }

    /** The SDK's first sentence, without the dump of the profile files that it appends. */
    private static String shortReason(RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        String reason = message.replaceAll(":?\\s*ProfileFile\\(.*$", "").trim();
        return reason.endsWith(".") ? reason : reason + ".";
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
