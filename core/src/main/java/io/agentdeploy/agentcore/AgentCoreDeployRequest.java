package io.agentdeploy.agentcore;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.NameRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The input of an AgentCore deployment: the runtime's name, image, execution role and complete
 * configuration, the endpoints to move, the smoke test, and how long to wait. It is immutable, and
 * the builder checks every value against the limits of the bedrock-agentcore-control API before any
 * call. Settings from a team's tfvars file fill what the caller leaves unset.
 *
 * <p>{@link #toString()} lists environment variable names only, never their values.
 */
public final class AgentCoreDeployRequest {

    /** Network access of the runtime. */
    public enum NetworkMode {
        /** Public internet access, the service default. */
        PUBLIC,
        /** Inside the caller's VPC, through the given subnets and security groups. */
        VPC
    }

    /** The protocol the agent's container serves. */
    public enum Protocol {
        /** {@code POST /invocations} and {@code GET /ping} on port 8080, the service default. */
        HTTP,
        /** Model Context Protocol, {@code POST /mcp} on port 8000. */
        MCP,
        /** Agent-to-agent JSON-RPC on port 9000. */
        A2A
    }

    /** The endpoint AgentCore creates with every runtime. It always serves the newest version. */
    public static final String DEFAULT_ENDPOINT = "DEFAULT";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    /** The prefix of the execution role name this layer creates when none is named. */
    public static final String ROLE_NAME_PREFIX = "agentcore-";

    private final String runtimeName;
    private final String image;
    private final String executionRoleArn;
    private final boolean createExecutionRole;
    private final String executionRoleName;
    private final String description;
    private final Map<String, String> environment;
    private final Set<String> environmentFromFile;
    private final Map<String, SecretSource> secretEnvironment;
    private final NetworkMode networkMode;
    private final List<String> subnets;
    private final List<String> securityGroups;
    private final Protocol protocol;
    private final JwtAuthorizer jwtAuthorizer;
    private final Duration idleSessionTimeout;
    private final Duration maxLifetime;
    private final List<String> requestHeaders;
    private final Map<String, String> tags;
    private final String endpointName;
    private final String stagingEndpoint;
    private final SmokeTest smokeTest;
    private final boolean rollback;
    private final Duration timeout;
    private final String buildIdentity;
    private final Path settingsFile;
    private final Set<String> ignoredSettingsKeys;

    private AgentCoreDeployRequest(Builder b, ResolvedSettings r) {
        this.runtimeName = r.runtimeName;
        this.image = r.image;
        this.executionRoleArn = b.executionRoleArn;
        this.createExecutionRole = b.createExecutionRole;
        this.executionRoleName = r.executionRoleName;
        this.description = r.description;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(r.environment));
        this.environmentFromFile = Collections.unmodifiableSet(new LinkedHashSet<>(r.environmentFromFile));
        this.secretEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(b.secretEnvironment));
        this.networkMode = r.networkMode;
        this.subnets = List.copyOf(r.subnets);
        this.securityGroups = List.copyOf(r.securityGroups);
        this.protocol = r.protocol;
        this.jwtAuthorizer = r.jwtAuthorizer;
        this.idleSessionTimeout = r.idleSessionTimeout;
        this.maxLifetime = r.maxLifetime;
        this.requestHeaders = List.copyOf(r.requestHeaders);
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(r.tags));
        this.endpointName = b.endpointName;
        this.stagingEndpoint = b.stagingEndpoint;
        this.smokeTest = b.smokeTest;
        this.rollback = b.rollback;
        this.timeout = b.timeout;
        this.buildIdentity = b.buildIdentity != null ? b.buildIdentity
                : "agent-deploy|" + r.runtimeName + "|" + r.image;
        this.settingsFile = b.settingsFile == null ? null : b.settingsFile.file();
        this.ignoredSettingsKeys = b.settingsFile == null ? Set.of() : b.settingsFile.ignoredKeys();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String runtimeName() {
        return runtimeName;
    }

    /** Returns the private ECR image reference the runtime runs. */
    public String image() {
        return image;
    }

    /** Returns the execution role's ARN, or {@code null} when the role is created and its account not yet known. */
    public String executionRoleArn() {
        return executionRoleArn;
    }

    /** True when the deployment ensures the execution role (trust policy, ECR pull and logs permissions). */
    public boolean createExecutionRole() {
        return createExecutionRole;
    }

    /** Returns the name of the role to ensure: from the ARN, as given, or {@code agentcore-<runtime>}. */
    public String executionRoleName() {
        return executionRoleName;
    }

    /** Returns the runtime description, or {@code null}. */
    public String description() {
        return description;
    }

    /** Returns the plain-text environment variables in insertion order. Values may be sensitive, so never log them. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Returns the names of plain variables whose values come from the settings file. */
    public Set<String> environmentFromFile() {
        return environmentFromFile;
    }

    /** Returns the secret environment variables and where their values come from. */
    public Map<String, SecretSource> secretEnvironment() {
        return secretEnvironment;
    }

    public NetworkMode networkMode() {
        return networkMode;
    }

    /** Returns the subnet ids for {@link NetworkMode#VPC}, empty for PUBLIC. */
    public List<String> subnets() {
        return subnets;
    }

    /** Returns the security group ids for {@link NetworkMode#VPC}, empty for PUBLIC. */
    public List<String> securityGroups() {
        return securityGroups;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Returns the custom JWT authorizer, or {@code null} for SigV4 (IAM) callers. */
    public JwtAuthorizer jwtAuthorizer() {
        return jwtAuthorizer;
    }

    /** Returns the idle session timeout, or {@code null} for the service default of 15 minutes. */
    public Duration idleSessionTimeout() {
        return idleSessionTimeout;
    }

    /** Returns the maximum session lifetime, or {@code null} for the service default of 8 hours. */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    /** Returns the headers AgentCore passes on to the agent; empty for none. */
    public List<String> requestHeaders() {
        return requestHeaders;
    }

    /** Returns the runtime's tags. Tags set on the runtime by others are kept. */
    public Map<String, String> tags() {
        return tags;
    }

    /** Returns the production endpoint. {@value #DEFAULT_ENDPOINT} follows every update by itself. */
    public String endpointName() {
        return endpointName;
    }

    /**
     * Returns the staging endpoint for blue/green deployments, or {@code null}: it is moved to the new
     * version first, smoke-tested, and only then is the production endpoint moved.
     */
    public String stagingEndpoint() {
        return stagingEndpoint;
    }

    /** Returns the smoke test, or {@code null} for none. */
    public SmokeTest smokeTest() {
        return smokeTest;
    }

    /** True (the default) when a failure after the update points the endpoints back at the previous version. */
    public boolean rollback() {
        return rollback;
    }

    /** Returns the limit for the whole deployment, waits included. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns the identity from which the client tokens of mutating calls are derived, so that a rerun
     * of the same build sends the same tokens: in Jenkins the job and build number. Defaults to the
     * runtime name and image; the tokens also cover a hash of the settings.
     */
    public String buildIdentity() {
        return buildIdentity;
    }

    /** Returns the tfvars file the settings were read from, or {@code null}. */
    public Path settingsFile() {
        return settingsFile;
    }

    /** Returns the keys of the tfvars file that this layer does not read, sorted; empty without a file. */
    public Set<String> ignoredSettingsKeys() {
        return ignoredSettingsKeys;
    }

    @Override
    public String toString() {
        return "AgentCoreDeployRequest{runtimeName=" + runtimeName + ", image=" + image + ", executionRoleArn="
                + executionRoleArn + ", createExecutionRole=" + createExecutionRole + ", environmentNames="
                + environment.keySet() + ", secretEnvironmentNames=" + secretEnvironment.keySet() + ", networkMode="
                + networkMode + ", protocol=" + protocol + ", endpointName=" + endpointName + ", stagingEndpoint="
                + stagingEndpoint + ", smokeTest=" + (smokeTest != null) + ", rollback=" + rollback + ", timeout="
                + timeout + "}";
    }

    /** Builder that checks every value in {@link #build()}. */
    public static final class Builder {
        String runtimeName;
        String image;
        String executionRoleArn;
        boolean createExecutionRole;
        String executionRoleName;
        String description;
        final Map<String, String> environment = new LinkedHashMap<>();
        final Map<String, SecretSource> secretEnvironment = new LinkedHashMap<>();
        NetworkMode networkMode;
        final List<String> subnets = new ArrayList<>();
        final List<String> securityGroups = new ArrayList<>();
        Protocol protocol;
        JwtAuthorizer jwtAuthorizer;
        Duration idleSessionTimeout;
        Duration maxLifetime;
        final List<String> requestHeaders = new ArrayList<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        String endpointName = DEFAULT_ENDPOINT;
        String stagingEndpoint;
        SmokeTest smokeTest;
        boolean rollback = true;
        Duration timeout = DEFAULT_TIMEOUT;
        String buildIdentity;
        TfvarsSettings settingsFile;

        private Builder() {
        }

        /** Sets the runtime name; {@code null} means the settings file's {@code agent_name}. */
        public Builder runtimeName(String runtimeName) {
            this.runtimeName = runtimeName;
            return this;
        }

        /**
         * Sets the image. A reference without tag and digest takes the settings file's {@code image_tag}.
         */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder executionRoleArn(String executionRoleArn) {
            this.executionRoleArn = executionRoleArn == null || executionRoleArn.isBlank() ? null : executionRoleArn;
            return this;
        }

        /**
         * Makes the deployment ensure the execution role: the one {@link #executionRoleArn} names, else
         * {@link #executionRoleName}, else {@code agentcore-<runtime name>}.
         */
        public Builder createExecutionRole(boolean create) {
            this.createExecutionRole = create;
            return this;
        }

        public Builder executionRoleName(String name) {
            this.executionRoleName = name == null || name.isBlank() ? null : name;
            return this;
        }

        /**
         * Sets the description; {@code null} means the file's or none. An empty or blank description is
         * rejected by {@link #build()}, because AgentCore needs at least one character.
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Replaces the plain environment variables; the file's variables of other names are kept. */
        public Builder environment(Map<String, String> environment) {
            this.environment.clear();
            if (environment != null) {
                this.environment.putAll(environment);
            }
            return this;
        }

        public Builder putEnvironment(String name, String value) {
            this.environment.put(name, value);
            return this;
        }

        /** Replaces the secret environment variables. */
        public Builder secretEnvironment(Map<String, SecretSource> secretEnvironment) {
            this.secretEnvironment.clear();
            if (secretEnvironment != null) {
                this.secretEnvironment.putAll(secretEnvironment);
            }
            return this;
        }

        public Builder putSecretEnvironment(String name, SecretSource source) {
            this.secretEnvironment.put(name, source);
            return this;
        }

        /** Sets the network mode; {@code null} means the file's, else PUBLIC. */
        public Builder networkMode(NetworkMode networkMode) {
            this.networkMode = networkMode;
            return this;
        }

        public Builder subnets(List<String> subnets) {
            replace(this.subnets, subnets);
            return this;
        }

        public Builder securityGroups(List<String> securityGroups) {
            replace(this.securityGroups, securityGroups);
            return this;
        }

        /** Sets the protocol; {@code null} means the file's, else HTTP. */
        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder jwtAuthorizer(JwtAuthorizer jwtAuthorizer) {
            this.jwtAuthorizer = jwtAuthorizer;
            return this;
        }

        public Builder idleSessionTimeout(Duration timeout) {
            this.idleSessionTimeout = timeout;
            return this;
        }

        public Builder maxLifetime(Duration lifetime) {
            this.maxLifetime = lifetime;
            return this;
        }

        public Builder requestHeaders(List<String> headers) {
            replace(this.requestHeaders, headers);
            return this;
        }

        /** Replaces the tags; the file's tags of other keys are kept. */
        public Builder tags(Map<String, String> tags) {
            this.tags.clear();
            if (tags != null) {
                this.tags.putAll(tags);
            }
            return this;
        }

        /** Sets the production endpoint; {@code null} or blank means {@value AgentCoreDeployRequest#DEFAULT_ENDPOINT}. */
        public Builder endpointName(String endpointName) {
            this.endpointName = endpointName == null || endpointName.isBlank() ? DEFAULT_ENDPOINT : endpointName;
            return this;
        }

        /** Sets the staging endpoint for blue/green; {@code null} or blank means none. */
        public Builder stagingEndpoint(String stagingEndpoint) {
            this.stagingEndpoint = stagingEndpoint == null || stagingEndpoint.isBlank() ? null : stagingEndpoint;
            return this;
        }

        public Builder smokeTest(SmokeTest smokeTest) {
            this.smokeTest = smokeTest;
            return this;
        }

        /** Sets whether a failure points the endpoints back at the previous version; default true. */
        public Builder rollback(boolean rollback) {
            this.rollback = rollback;
            return this;
        }

        /** Sets the limit for the whole deployment; {@code null} means 15 minutes. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
            return this;
        }

        /** Sets the build identity for client tokens; {@code null} or blank means the runtime name and image. */
        public Builder buildIdentity(String buildIdentity) {
            this.buildIdentity = buildIdentity == null || buildIdentity.isBlank() ? null : buildIdentity;
            return this;
        }

        /** Sets the tfvars settings that fill every value this builder leaves unset. */
        public Builder settingsFile(TfvarsSettings settings) {
            this.settingsFile = settings;
            return this;
        }

        /**
         * Checks every value and builds the request.
         *
         * @throws InvalidInputException naming the parameter, the value (unless it may be secret), the limit and the fix
         */
        public AgentCoreDeployRequest build() {
            ResolvedSettings resolved = ResolvedSettings.resolve(this, settingsFile);
            NameRules.requireAgentCoreName("runtimeName", resolved.runtimeName);
            ContainerImage.parse("image", resolved.image);
            checkRole(resolved);
            RequestRules.description(resolved.description);
            RequestRules.environment(resolved.environment, secretEnvironment);
            RequestRules.network(resolved.networkMode, resolved.subnets, resolved.securityGroups);
            if (resolved.jwtAuthorizer != null) {
                resolved.jwtAuthorizer.check();
            }
            RequestRules.lifecycle("idleSessionTimeout", resolved.idleSessionTimeout);
            RequestRules.lifecycle("maxLifetime", resolved.maxLifetime);
            RequestRules.lifecycleOrder(resolved.idleSessionTimeout, resolved.maxLifetime);
            RequestRules.requestHeaders(resolved.requestHeaders);
            RequestRules.tags(resolved.tags);
            checkEndpoints();
            checkSmokeTest(resolved);
            RequestRules.timeout(timeout);
            RequestRules.buildIdentity(buildIdentity);
            return new AgentCoreDeployRequest(this, resolved);
        }

        private void checkRole(ResolvedSettings resolved) {
            if (executionRoleArn != null) {
                RequestRules.roleArn(executionRoleArn);
            }
            if (!createExecutionRole) {
                if (executionRoleArn == null) {
                    throw new InvalidInputException("executionRoleArn", null,
                            "an execution role is required; AgentCore runs the agent with it.",
                            "Pass the ARN of a role that bedrock-agentcore.amazonaws.com may assume and that can pull"
                                    + " from ECR, or let the deployment create one with --create-execution-role"
                                    + " (createExecutionRole in Jenkins).");
                }
                return;
            }
            String fromArn = executionRoleArn == null ? null
                    : executionRoleArn.substring(executionRoleArn.lastIndexOf('/') + 1);
            if (fromArn != null && executionRoleName != null && !fromArn.equals(executionRoleName)) {
                throw new InvalidInputException("executionRoleName", executionRoleName, "the execution role ARN"
                        + " names the role '" + fromArn + "'.", "Pass only one of the two.");
            }
            resolved.executionRoleName = fromArn != null ? fromArn : executionRoleName != null ? executionRoleName
                    : ROLE_NAME_PREFIX + resolved.runtimeName;
            RequestRules.roleName(resolved.executionRoleName);
        }

        private void checkEndpoints() {
            NameRules.requireAgentCoreName("endpoint", endpointName);
            if (stagingEndpoint == null) {
                return;
            }
            NameRules.requireAgentCoreName("stagingEndpoint", stagingEndpoint);
            if (stagingEndpoint.equals(DEFAULT_ENDPOINT) || stagingEndpoint.equals(endpointName)) {
                throw new InvalidInputException("stagingEndpoint", stagingEndpoint, "the staging endpoint must be a"
                        + " named endpoint other than DEFAULT and the production endpoint '" + endpointName + "'.",
                        "Use a name such as 'staging'.");
            }
        }

        private void checkSmokeTest(ResolvedSettings resolved) {
            if (smokeTest == null) {
                return;
            }
            smokeTest.check();
            if (resolved.jwtAuthorizer != null) {
                // A runtime with a JWT authorizer rejects SigV4 callers; the smoke test signs with SigV4.
                throw new InvalidInputException("smokeTestPayload", null, "the smoke test invokes the runtime with"
                        + " AWS credentials (SigV4), which a runtime with a JWT authorizer rejects.",
                        "Remove the smoke test, or test the endpoint with a bearer token after the deployment.");
            }
        }

        private static void replace(List<String> target, List<String> values) {
            target.clear();
            if (values != null) {
                target.addAll(values);
            }
        }

    }
}
