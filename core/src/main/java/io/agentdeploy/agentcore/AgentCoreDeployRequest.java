package io.agentdeploy.agentcore;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.NameRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The input of an AgentCore deployment: the runtime's name, image, execution role and configuration,
 * the endpoint to point at the result, and how long to wait. It is immutable, and the builder checks
 * every value against the limits of the bedrock-agentcore-control API before any call.
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

    static final int MAX_ROLE_ARN_LENGTH = 2048;
    static final int MAX_DESCRIPTION_LENGTH = 4096;
    static final int MAX_ENVIRONMENT_ENTRIES = 50;
    static final int MAX_ENVIRONMENT_KEY_LENGTH = 100;
    static final int MAX_ENVIRONMENT_VALUE_LENGTH = 5000;
    static final int MAX_VPC_IDS = 16;
    static final int MAX_SEED_LENGTH = 1024;

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+");
    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-zA-Z]{8,17}");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-zA-Z]{8,17}");

    private final String runtimeName;
    private final String image;
    private final String executionRoleArn;
    private final String description;
    private final Map<String, String> environment;
    private final NetworkMode networkMode;
    private final List<String> subnets;
    private final List<String> securityGroups;
    private final Protocol protocol;
    private final String endpointName;
    private final Duration timeout;
    private final String clientTokenSeed;

    private AgentCoreDeployRequest(Builder builder) {
        this.runtimeName = builder.runtimeName;
        this.image = builder.image;
        this.executionRoleArn = builder.executionRoleArn;
        this.description = builder.description;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(builder.environment));
        this.networkMode = builder.networkMode;
        this.subnets = List.copyOf(builder.subnets);
        this.securityGroups = List.copyOf(builder.securityGroups);
        this.protocol = builder.protocol;
        this.endpointName = builder.endpointName;
        this.timeout = builder.timeout;
        this.clientTokenSeed = builder.clientTokenSeed != null ? builder.clientTokenSeed
                : "agent-deploy|" + builder.runtimeName + "|" + builder.image;
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

    public String executionRoleArn() {
        return executionRoleArn;
    }

    /** Returns the runtime description, or {@code null}. */
    public String description() {
        return description;
    }

    /** Returns the plain-text environment variables in insertion order. Values may be sensitive, so never log them. */
    public Map<String, String> environment() {
        return environment;
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

    /** Returns the endpoint to point at the deployed version. {@value #DEFAULT_ENDPOINT} follows every update by itself. */
    public String endpointName() {
        return endpointName;
    }

    /** Returns the limit for the whole deployment, waits included. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns the identity from which the client tokens of mutating calls are derived, so that a rerun
     * of the same build sends the same tokens. Defaults to the runtime name and image.
     */
    public String clientTokenSeed() {
        return clientTokenSeed;
    }

    @Override
    public String toString() {
        return "AgentCoreDeployRequest{runtimeName=" + runtimeName + ", image=" + image + ", executionRoleArn="
                + executionRoleArn + ", environmentNames=" + environment.keySet() + ", networkMode=" + networkMode
                + ", protocol=" + protocol + ", endpointName=" + endpointName + ", timeout=" + timeout + "}";
    }

    /** Builder that checks every value in {@link #build()}. */
    public static final class Builder {
        private String runtimeName;
        private String image;
        private String executionRoleArn;
        private String description;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private NetworkMode networkMode = NetworkMode.PUBLIC;
        private final List<String> subnets = new ArrayList<>();
        private final List<String> securityGroups = new ArrayList<>();
        private Protocol protocol = Protocol.HTTP;
        private String endpointName = DEFAULT_ENDPOINT;
        private Duration timeout = DEFAULT_TIMEOUT;
        private String clientTokenSeed;

        private Builder() {
        }

        public Builder runtimeName(String runtimeName) {
            this.runtimeName = runtimeName;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder executionRoleArn(String executionRoleArn) {
            this.executionRoleArn = executionRoleArn;
            return this;
        }

        /** Sets the description; {@code null} or blank means none. */
        public Builder description(String description) {
            this.description = description == null || description.isBlank() ? null : description;
            return this;
        }

        /** Replaces the environment variables; {@code null} means none. */
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

        /** Sets the network mode; {@code null} means PUBLIC. */
        public Builder networkMode(NetworkMode networkMode) {
            this.networkMode = networkMode == null ? NetworkMode.PUBLIC : networkMode;
            return this;
        }

        public Builder subnets(List<String> subnets) {
            this.subnets.clear();
            if (subnets != null) {
                this.subnets.addAll(subnets);
            }
            return this;
        }

        public Builder securityGroups(List<String> securityGroups) {
            this.securityGroups.clear();
            if (securityGroups != null) {
                this.securityGroups.addAll(securityGroups);
            }
            return this;
        }

        /** Sets the protocol; {@code null} means HTTP. */
        public Builder protocol(Protocol protocol) {
            this.protocol = protocol == null ? Protocol.HTTP : protocol;
            return this;
        }

        /** Sets the endpoint; {@code null} or blank means {@value AgentCoreDeployRequest#DEFAULT_ENDPOINT}. */
        public Builder endpointName(String endpointName) {
            this.endpointName = endpointName == null || endpointName.isBlank() ? DEFAULT_ENDPOINT : endpointName;
            return this;
        }

        /** Sets the limit for the whole deployment; {@code null} means 15 minutes. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
            return this;
        }

        /** Sets the build identity for client tokens; {@code null} or blank means the runtime name and image. */
        public Builder clientTokenSeed(String clientTokenSeed) {
            this.clientTokenSeed = clientTokenSeed == null || clientTokenSeed.isBlank() ? null : clientTokenSeed;
            return this;
        }

        /**
         * Checks every value and builds the request.
         *
         * @throws InvalidInputException naming the parameter, the value (unless it may be secret), the limit and the fix
         */
        public AgentCoreDeployRequest build() {
            NameRules.requireAgentCoreName("runtimeName", runtimeName);
            ContainerImage.parse("image", image);
            checkRoleArn();
            checkDescription();
            checkEnvironment();
            checkNetwork();
            NameRules.requireAgentCoreName("endpoint", endpointName);
            checkTimeout();
            checkSeed();
            return new AgentCoreDeployRequest(this);
        }

        private void checkRoleArn() {
            if (executionRoleArn == null || executionRoleArn.isBlank()) {
                throw new InvalidInputException("executionRoleArn", null,
                        "an execution role is required; AgentCore runs the agent with it.",
                        "Pass the ARN of a role that bedrock-agentcore.amazonaws.com may assume and that can pull"
                                + " from ECR.");
            }
            if (executionRoleArn.length() > MAX_ROLE_ARN_LENGTH || !ROLE_ARN.matcher(executionRoleArn).matches()) {
                throw new InvalidInputException("executionRoleArn", executionRoleArn,
                        "an IAM role ARN looks like 'arn:aws:iam::123456789012:role/name' and has at most "
                                + MAX_ROLE_ARN_LENGTH + " characters.",
                        "Copy the role's ARN from the IAM console or `aws iam get-role`.");
            }
        }

        private void checkDescription() {
            if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
                throw new InvalidInputException("description", null, "the description has " + description.length()
                        + " characters; AgentCore accepts at most " + MAX_DESCRIPTION_LENGTH + ".",
                        "Shorten the description.");
            }
        }

        private void checkEnvironment() {
            if (environment.size() > MAX_ENVIRONMENT_ENTRIES) {
                throw new InvalidInputException("environment", null, environment.size()
                        + " variables are set; AgentCore accepts at most " + MAX_ENVIRONMENT_ENTRIES + ".",
                        "Remove variables, or combine related settings into one variable.");
            }
            for (Map.Entry<String, String> entry : environment.entrySet()) {
                String name = entry.getKey();
                if (name == null || name.isEmpty() || name.length() > MAX_ENVIRONMENT_KEY_LENGTH) {
                    throw new InvalidInputException("environment variable name", name,
                            "a name has 1 to " + MAX_ENVIRONMENT_KEY_LENGTH + " characters.", "Rename the variable.");
                }
                String value = entry.getValue();
                // Values are left out of these messages because they may be secret.
                if (value == null) {
                    throw new InvalidInputException("environment variable '" + name + "'", null,
                            "the value is missing.", "Set a value, or an empty string.");
                }
                if (value.length() > MAX_ENVIRONMENT_VALUE_LENGTH) {
                    throw new InvalidInputException("environment variable '" + name + "'", null, "the value has "
                            + value.length() + " characters; AgentCore accepts at most " + MAX_ENVIRONMENT_VALUE_LENGTH
                            + ".", "Shorten the value or pass a reference to where the agent can read it.");
                }
            }
        }

        private void checkNetwork() {
            if (networkMode == NetworkMode.PUBLIC) {
                if (!subnets.isEmpty() || !securityGroups.isEmpty()) {
                    throw new InvalidInputException("networkMode", "PUBLIC",
                            "subnets and security groups apply only to the VPC network mode.",
                            "Set networkMode to VPC, or remove the subnets and security groups.");
                }
                return;
            }
            checkVpcIds("subnets", subnets, SUBNET, "subnet-0123456789abcdef0");
            checkVpcIds("securityGroups", securityGroups, SECURITY_GROUP, "sg-0123456789abcdef0");
        }

        private static void checkVpcIds(String parameter, List<String> ids, Pattern pattern, String example) {
            if (ids.isEmpty() || ids.size() > MAX_VPC_IDS) {
                throw new InvalidInputException(parameter, ids.isEmpty() ? null : String.join(",", ids),
                        "the VPC network mode needs 1 to " + MAX_VPC_IDS + " " + parameter + "; " + ids.size()
                                + " are set.", "Pass ids such as '" + example + "'.");
            }
            for (String id : ids) {
                if (id == null || !pattern.matcher(id).matches()) {
                    throw new InvalidInputException(parameter, id,
                            "an id matches " + pattern.pattern() + ".", "Pass ids such as '" + example + "'.");
                }
            }
        }

        private void checkTimeout() {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new InvalidInputException("timeout", timeout.toString(),
                        "the timeout must be more than zero and at most 24 hours.", "Use a value such as 15m.");
            }
        }

        private void checkSeed() {
            if (clientTokenSeed != null && clientTokenSeed.length() > MAX_SEED_LENGTH) {
                throw new InvalidInputException("clientTokenSeed", null, "the seed has " + clientTokenSeed.length()
                        + " characters; at most " + MAX_SEED_LENGTH + " are accepted.",
                        "Use a build identity such as '<job>#<build number>'.");
            }
        }
    }
}
