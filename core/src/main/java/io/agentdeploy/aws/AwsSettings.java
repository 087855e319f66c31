package io.agentdeploy.aws;

import io.agentdeploy.error.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Where and as whom the engine calls AWS: region, base credentials, an optional role to assume,
 * endpoint overrides per service (VPC endpoints, or the local stack) and the retry budget.
 */
public final class AwsSettings {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

    private final String region;
    private final AwsCredentialsProvider credentials;
    private final String roleArn;
    private final String roleSessionName;
    private final String externalId;
    private final Map<AwsService, URI> endpointOverrides;
    private final int maxAttempts;
    private final Duration apiCallAttemptTimeout;

    private AwsSettings(Builder builder) {
        this.region = builder.region;
        this.credentials = builder.credentials;
        this.roleArn = builder.roleArn;
        this.roleSessionName = builder.roleSessionName;
        this.externalId = builder.externalId;
        this.endpointOverrides = Map.copyOf(builder.endpointOverrides);
        this.maxAttempts = builder.maxAttempts;
        this.apiCallAttemptTimeout = builder.apiCallAttemptTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks the form of a region name, for callers that validate a form field before building settings.
     *
     * @return the region
     * @throws InvalidInputException when it is not of the form {@code us-east-1}
     */
    public static String requireRegion(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new InvalidInputException("region", region,
                    "an AWS region looks like 'us-east-1' (lowercase words joined by '-', ending in a digit).",
                    "Check the spelling of the region.");
        }
        return region;
    }

    /**
     * Checks the form of an IAM role ARN in any partition.
     *
     * @param parameter the parameter that holds it, for messages, for example {@code executionRoleArn}
     * @return the ARN
     * @throws InvalidInputException when it is not of the form {@code arn:aws:iam::123456789012:role/name}
     */
    public static String requireRoleArn(String parameter, String roleArn) {
        if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
            throw new InvalidInputException(parameter, roleArn,
                    "an IAM role ARN looks like 'arn:aws:iam::123456789012:role/name'.",
                    "Copy the role's ARN from the IAM console or `aws iam get-role`.");
        }
        return roleArn;
    }

    public String region() {
        return region;
    }

    /** Base credentials; the role, when set, is assumed with them. */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** Role to assume, or {@code null}. */
    public String roleArn() {
        return roleArn;
    }

    public String roleSessionName() {
        return roleSessionName;
    }

    /** External id for the assumed role, or {@code null}. Not secret, but never logged either. */
    public String externalId() {
        return externalId;
    }

    public Map<AwsService, URI> endpointOverrides() {
        return endpointOverrides;
    }

    /** The endpoint override for a service, or {@code null} for the service's public endpoint. */
    public URI endpointOverride(AwsService service) {
        return endpointOverrides.get(service);
    }

    /** Attempts per call including the first, for throttling, 5xx and connection failures. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration apiCallAttemptTimeout() {
        return apiCallAttemptTimeout;
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.region = region;
        builder.credentials = credentials;
        builder.roleArn = roleArn;
        builder.roleSessionName = roleSessionName;
        builder.externalId = externalId;
        builder.endpointOverrides.putAll(endpointOverrides);
        builder.maxAttempts = maxAttempts;
        builder.apiCallAttemptTimeout = apiCallAttemptTimeout;
        return builder;
    }

    @Override
    public String toString() {
        // Credentials and the external id are left out on purpose.
        return "AwsSettings{region=" + region + ", roleArn=" + roleArn + ", endpointOverrides=" + endpointOverrides + "}";
    }

    /** Builder that validates in {@link #build()}. */
    public static final class Builder {
        private String region;
        private AwsCredentialsProvider credentials;
        private String roleArn;
        private String roleSessionName = "agent-deploy";
        private String externalId;
        private final Map<AwsService, URI> endpointOverrides = new EnumMap<>(AwsService.class);
        private int maxAttempts = 5;
        private Duration apiCallAttemptTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder roleArn(String roleArn) {
            this.roleArn = blankToNull(roleArn);
            return this;
        }

        public Builder roleSessionName(String roleSessionName) {
            if (roleSessionName != null && !roleSessionName.isBlank()) {
                this.roleSessionName = roleSessionName;
            }
            return this;
        }

        public Builder externalId(String externalId) {
            this.externalId = blankToNull(externalId);
            return this;
        }

        public Builder endpointOverride(AwsService service, URI endpoint) {
            Objects.requireNonNull(service, "service");
            if (endpoint == null) {
                endpointOverrides.remove(service);
            } else {
                endpointOverrides.put(service, endpoint);
            }
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder apiCallAttemptTimeout(Duration apiCallAttemptTimeout) {
            this.apiCallAttemptTimeout = apiCallAttemptTimeout;
            return this;
        }

        /**
         * Validates and builds the settings. Without explicit credentials the AWS default chain of the
         * JVM that runs the engine is used (environment, profile, web identity, container, instance).
         *
         * @throws InvalidInputException when the region or role ARN is malformed or the attempts are out of range
         */
        public AwsSettings build() {
            if (region == null || region.isBlank()) {
                throw new InvalidInputException("region", null, "no AWS region is set.",
                        "Pass --region, or set AWS_REGION or a region in the AWS profile.");
            }
            requireRegion(region);
            if (roleArn != null) {
                requireRoleArn("roleArn", roleArn);
            }
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new InvalidInputException("maxAttempts", String.valueOf(maxAttempts),
                        "the number of attempts per AWS call must be between 1 and 20.", "Choose a value such as 5.");
            }
            for (Map.Entry<AwsService, URI> entry : endpointOverrides.entrySet()) {
                URI uri = entry.getValue();
                if (uri.getScheme() == null || uri.getHost() == null
                        || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                    throw new InvalidInputException(entry.getKey().endpointVariable(), uri.toString(),
                            "an endpoint override is an absolute http or https URL.",
                            "Use a URL such as 'https://vpce-0123.api.ecr.us-east-1.vpce.amazonaws.com'.");
                }
            }
            if (credentials == null) {
                credentials = DefaultCredentialsProvider.builder().build();
            }
            return new AwsSettings(this);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }
}
